"""Every SMS the engine can send to an Indian number matches a registered DLT template.

A contact per script walks, through the Exotel callback and the fake Exotel API, every menu, a
follow-up list of every length, suggestions, invalid choices and every guided-flow question; no
reply may be refused by the DLT guard. The long tail (every FAQ answer and its follow-up list in
every script, the finder's no-match and caution texts) is checked on the same matching function
without HTTP.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from bot.content.catalog import Catalog
from bot.content.matcher import Band
from bot.content.schema import Channel, Script
from bot.context import AppContext
from bot.flows.render import View
from bot.flows.sms_templates import find_sent_template, templates_for, with_footer
from bot.models import Message
from tests.fakes.exotel_api import FakeExotelApi
from tests.india_fixtures import (  # noqa: F401  (fixtures)
    VMN,
    Exotel,
    exotel,
    exotel_api,
    india_client,
    india_context,
    india_settings,
)

USER = "+919812345678"
LANGUAGE_NUMBER = {Script.HI: "1", Script.HI_LATN: "2", Script.EN: "3"}
FINDER_ANSWERS = {"finder.q.age": "30", "finder.q.amount": "50000"}  # choices get "1"


def menu_paths(catalog: Catalog) -> dict[str, list[str]]:
    """The numbers that reach every menu and menu entry from the main menu (shortest first)."""
    paths: dict[str, list[str]] = {catalog.main_menu: []}
    queue = deque([catalog.main_menu])
    while queue:
        menu_id = queue.popleft()
        for number, item in enumerate(catalog.menus[menu_id].items, 1):
            if item.target not in paths:
                paths[item.target] = [*paths[menu_id], str(number)]
                if item.target in catalog.menus:
                    queue.append(item.target)
    return paths


def suggestion_texts(catalog: Catalog) -> dict[int, str]:
    """A message for each number of suggestions (1-3), found among the entries' own titles."""
    found: dict[int, str] = {}
    for entry in catalog.entries.values():
        for text in (entry.title.hi, entry.title.hi_latn, entry.title.en, *entry.keywords):
            result = catalog.matcher.match(text)
            if result.band == Band.SUGGEST and result.candidates:
                found.setdefault(len(result.candidates), text)
    return found


class Walk:
    """One contact on the Indian SMS path; `sent` is the (content key, body) of every reply."""

    def __init__(self, exotel: Exotel, ctx: AppContext) -> None:
        self.exotel, self.ctx, self.seen = exotel, ctx, 0
        self.keys: list[str] = []

    def say(self, *texts: str) -> list[str]:
        """Send texts in turn; the content keys of the replies to the last one."""
        keys: list[str] = []
        for text in texts:
            assert self.exotel.sms(USER, text).status_code == 200
            keys = self._new_keys()
        return keys

    def _new_keys(self) -> list[str]:
        with Session(self.ctx.engine) as session:
            rows = session.exec(select(Message).where(Message.direction == "out").order_by(Message.id)).all()
        keys = [row.content_key or "" for row in rows[self.seen:]]
        self.seen = len(rows)
        self.keys += keys
        return keys

    def go(self, paths: dict[str, list[str]], target: str) -> list[str]:
        return self.say("0", *paths[target])


def onboard(walk: Walk, script: Script) -> None:
    """First contact: the profile questions (an invalid district first), then the language."""
    assert walk.say("नमस्ते") == ["welcome", "profile.q.district"]
    assert walk.say("99") == ["errors.invalid_choice", "profile.q.district"]
    walk.say("skip")  # no district: the market flow and the finder ask it later
    walk.say("1", "1", "1")
    assert walk.say("language")[-1] == "language.prompt"
    assert walk.say("7") == ["errors.invalid_choice", "language.prompt"]
    walk.say(LANGUAGE_NUMBER[script])


def menus_and_lists(walk: Walk, catalog: Catalog, paths: dict[str, list[str]]) -> None:
    """Every menu, an invalid menu choice, and one follow-up list of every length."""
    for menu_id in catalog.menus:
        assert walk.go(paths, menu_id)[-1] == menu_id
    assert walk.say("0", "99") == ["errors.invalid_choice", catalog.main_menu]
    lengths: set[int] = set()
    for target in paths:
        entry = catalog.entries.get(target)
        if entry is None or entry.action or len(entry.follow_ups) in lengths or not entry.follow_ups:
            continue
        lengths.add(len(entry.follow_ups))
        assert walk.go(paths, target) == [target]
        assert walk.say("1") == ["answer.follow_ups"]
        assert walk.say("9") == ["errors.invalid_choice", "answer.follow_ups"]
        assert walk.say("1") == [entry.follow_ups[0]]


def suggestions(walk: Walk, catalog: Catalog) -> None:
    for text in suggestion_texts(catalog).values():
        assert walk.say(text) == ["suggest.prompt"], text
        assert walk.say("9") == ["errors.invalid_choice", "suggest.prompt"]
        walk.say("1")


def guided_flows(walk: Walk, paths: dict[str, list[str]]) -> None:
    """Market (district asked), EMI, scheme finder, profile summary and edit, talk to a person."""
    assert walk.go(paths, "market.my_district")[-1] == "market.ask_district"
    assert walk.say("99") == ["errors.invalid_choice", "market.ask_district"]
    assert walk.say("1")[-1] == "market.channels"
    assert walk.say("9") == ["errors.invalid_choice", "answer.follow_ups"]
    assert walk.go(paths, "credit.emi") == ["emi.q.amount"]
    assert walk.say("kuch bhi") == ["emi.not_understood", "emi.q.amount"]
    assert walk.say("50000", "30%", "24") == ["emi.result", "emi.warning"]
    finder(walk, paths)
    assert walk.say("profile") == ["profile.summary"]
    assert walk.say("2") == ["profile.q.notices"]
    assert walk.say("2") == ["profile.saved", "profile.summary"]
    assert walk.go(paths, "system.human") == ["handoff.requested"]
    assert walk.say("0")[0] == "handoff.cancelled"


def finder(walk: Walk, paths: dict[str, list[str]]) -> None:
    keys = walk.go(paths, "scheme.scheme_finder")
    assert keys[0] == "finder.intro"
    assert walk.say("99") == ["errors.invalid_choice", keys[-1]]
    while keys[-1].startswith("finder.q."):
        keys = walk.say(FINDER_ANSWERS.get(keys[-1], "1"))
    assert keys[0] in ("finder.result", "finder.none"), keys


def refused(ctx: AppContext) -> list[tuple[str | None, str | None, str]]:
    with Session(ctx.engine) as session:
        rows = session.exec(select(Message).where(Message.direction == "out")).all()
    return [(row.content_key, row.error_code, row.body) for row in rows if row.status != "accepted" or not row.template_id]


@pytest.mark.parametrize("script", list(Script), ids=[script.value for script in Script])
def test_no_reply_on_the_indian_path_is_refused(
    script: Script, exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext, catalog: Catalog
) -> None:
    walk = Walk(exotel, india_context)
    paths = menu_paths(catalog)
    onboard(walk, script)
    menus_and_lists(walk, catalog, paths)
    suggestions(walk, catalog)
    guided_flows(walk, paths)
    assert refused(india_context) == []
    assert len(exotel_api.requests) == len(walk.keys)
    expected = {*catalog.menus, "answer.follow_ups", "suggest.prompt", "profile.summary", "market.channels",
                "emi.result", "finder.intro", *(f"profile.q.{field}" for field in ("district", "notices", "stage", "sector"))}
    assert expected <= set(walk.keys), expected - set(walk.keys)


def every_sms(catalog: Catalog) -> Iterator[tuple[str, Script, str]]:
    """What the engine sends for each FAQ answer and its follow-up list, suggestions of 1-3 of any
    entries, and the finder's results, no-match and caution texts, in every script."""
    entry_ids = list(catalog.entries)
    assert catalog.finder is not None
    schemes = list(dict.fromkeys(rule.scheme for rule in catalog.finder.schemes))
    for script in Script:
        view = View(catalog, script, Channel.SMS)
        for entry_id, entry in catalog.entries.items():
            yield entry_id, script, view.answer(entry_id)
            if entry.follow_ups:
                yield "answer.follow_ups", script, view.options_list("answer.follow_ups", list(entry.follow_ups))
        for count in (1, 2, 3):
            for start in range(0, len(entry_ids), count):
                yield "suggest.prompt", script, view.options_list("suggest.prompt", entry_ids[start:start + count], "suggest.none")
            for start in range(0, len(schemes), count):
                yield "finder.result", script, view.options_list("finder.result", schemes[start:start + count], "finder.more")
        for office in catalog.finder.offices.values():
            yield "finder.none", script, view.text("finder.none", office=view.text(office))
        for key in catalog.messages:
            if key.startswith("finder.note."):
                yield key, script, view.text(key)


def test_every_answer_list_and_finder_text_matches_a_template(catalog: Catalog) -> None:
    templates = templates_for(catalog)
    unmatched = [
        (key, script.value) for key, script, text in every_sms(catalog)
        if find_sent_template(templates, key, with_footer(catalog, script, text, VMN)) is None
    ]
    assert unmatched == []


def test_a_list_longer_than_any_registered_template_is_not_matched(catalog: Catalog) -> None:
    view = View(catalog, Script.HI, Channel.SMS)
    six = list(catalog.entries)[:6]
    body = with_footer(catalog, Script.HI, view.options_list("answer.follow_ups", six), VMN)
    assert find_sent_template(templates_for(catalog), "answer.follow_ups", body) is None

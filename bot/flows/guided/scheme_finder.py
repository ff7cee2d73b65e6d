"""Scheme finder (`scheme.scheme_finder`): ask only what the rules still need, then name 1-3 schemes.

The rules are content (`content_hindi/finder/rules.yaml`); `finder_rules` evaluates them. Answers are
saved to the profile, so the next search asks less.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.content.finder import Fact, FactKind, FinderFile
from bot.content.matcher import Band
from bot.content.schema import Channel
from bot.flows.guided import common, profile
from bot.flows.guided.finder_rules import SKIPPED, Match, next_fact, notes, recommend
from bot.flows.guided.money import TermsReader
from bot.flows.guided_events import ProfileUpdated
from bot.flows.render import View
from bot.flows.state import ContactView, Incoming, Turn

FLOW = "scheme_finder"
ASK_AGAIN = "__ask__"
_NUMBER = re.compile(r"\d+")


class SchemeFinderFlow:
    def start(self, turn: Turn, view: View, contact: ContactView) -> Turn:
        turn.say("finder.intro", view.text("finder.intro"))
        return _next(turn, view, contact, {"answers": {}, "asked": []})

    def resume(self, turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn | None:
        data = dict(turn.state.data)
        fact = turn.state.node or ""
        value = SKIPPED if common.in_group(view, "skip", incoming.text) else _read(view, fact, incoming.text)
        if value is None:
            if view.catalog.matcher.match(incoming.text).band == Band.ANSWER:
                return None
            return common.invalid(turn, view, f"finder.q.{fact}", _question(view, fact))
        if value != SKIPPED:
            turn.events.append(ProfileUpdated("district" if fact == "state" else fact, value))
        answers = {**data["answers"], fact: _state_of(view, value) if fact == "state" else value}
        return _next(turn, view, contact, {"answers": answers, "asked": [*data["asked"], fact]})

    def sms_texts(self, view: View) -> dict[str, str]:
        """The SMS this flow composes: its own questions with their options (the profile's are the profile's)."""
        names = [name for name, fact in _finder(view).facts.items() if fact.question and name not in profile.FIELDS]
        return {f"finder.q.{name}": _question(view, name) for name in names}

    def on_intent(self, turn: Turn, view: View, intent: str, contact: ContactView) -> Turn | None:
        """`#` asks the previous question again."""
        asked = list(turn.state.data.get("asked", []))
        if intent != "back" or not asked:
            return None
        fact = asked.pop()
        answers = {**turn.state.data.get("answers", {}), fact: ASK_AGAIN}
        common.enter(turn, FLOW, fact, {"answers": answers, "asked": asked})
        return turn.say(f"finder.q.{fact}", _question(view, fact))


def _finder(view: View) -> FinderFile:
    assert view.catalog.finder is not None, "content_hindi/finder/rules.yaml is needed"
    return view.catalog.finder


def facts_of(view: View, contact: ContactView, answers: dict[str, Any]) -> dict[str, Any]:
    """What is known: the profile (and the district's state), overridden by this session's answers."""
    known = {name: contact.profile[name] for name in _finder(view).facts if name in contact.profile}
    if contact.district:
        known["state"] = _state_of(view, contact.district)
    known.update(answers)
    return {name: value for name, value in known.items() if value != ASK_AGAIN and value is not None}


def _state_of(view: View, district: str) -> str:
    found = view.catalog.districts.get(district)
    return (found.state if found else None) or "other"


def _next(turn: Turn, view: View, contact: ContactView, data: dict[str, Any]) -> Turn:
    facts = facts_of(view, contact, data["answers"])
    today = contact.now.date() if contact.now else date.today()
    fact = next_fact(_finder(view), facts, today)
    if fact is not None:
        common.enter(turn, FLOW, fact, data)
        return turn.say(f"finder.q.{fact}", _question(view, fact))
    return _result(turn, view, facts, today)


def _result(turn: Turn, view: View, facts: dict[str, Any], today: date) -> Turn:
    finder = _finder(view)
    matches, noted = recommend(finder, facts, today), notes(finder, facts, today)[:1]
    cautions = [view.text(match.reason) for match in noted]
    common.leave(turn)
    if view.channel == Channel.SMS:
        return _sms_result(turn, view, facts, matches, noted)
    if not matches:
        office = view.text(finder.offices.get(str(facts.get("state")), finder.offices["other"]))
        return turn.say("finder.none", "\n".join([view.text("finder.none", office=office), *cautions]))
    lines = [view.text("finder.result")]
    for index, match in enumerate(matches, 1):
        title = view.catalog.title(match.rule.scheme, view.script, view.channel)
        lines.append(f"{index} {title}: {view.text(match.reason)}\n→ {view.text(match.rule.next_step)}")
    lines += [*cautions, view.text("finder.more")]
    turn.state = turn.state.model_copy(update={"node": "followups", "options": [m.rule.scheme for m in matches]})
    return turn.say("finder.result", "\n".join(lines))


def _sms_result(turn: Turn, view: View, facts: dict[str, Any], matches: list[Match], cautions: list[Match]) -> Turn:
    """SMS: the schemes as a numbered list (each number answers with the scheme's details), then
    the caution as an SMS of its own; reasons of 40-100 characters cannot be DLT template slots."""
    finder = _finder(view)
    if matches:
        schemes = [match.rule.scheme for match in matches]
        turn.state = turn.state.model_copy(update={"node": "followups", "options": schemes})
        turn.say("finder.result", view.options_list("finder.result", schemes, "finder.more"))
    else:
        office = view.text(finder.offices.get(str(facts.get("state")), finder.offices["other"]))
        turn.say("finder.none", view.text("finder.none", office=office))
    for caution in cautions:
        turn.say(caution.reason, view.text(caution.reason))
    return turn


def _fact(view: View, name: str) -> Fact:
    return _finder(view).facts[name]


def _question(view: View, name: str) -> str:
    if name == "state":
        return profile.question(view, "district")
    if name in profile.FIELDS:  # asked word for word as in the profile: one text, one DLT template
        return profile.question(view, name)
    fact = _fact(view, name)
    assert fact.question is not None
    lines = [view.text(fact.question)]
    lines += [f"{i} {view.text(option.label)}" for i, option in enumerate(fact.options, 1)]
    lines += [view.text(fact.why)] if fact.why else []
    lines += [view.text("profile.skip_hint")] if fact.optional else []
    return "\n".join(lines)


def _read(view: View, name: str, text: str) -> Any:
    if name == "state":
        number = common.pick(view, text, len(view.catalog.districts))
        return list(view.catalog.districts)[number - 1] if number else view.catalog.district_index.find(text)
    fact = _fact(view, name)
    if fact.kind == FactKind.CHOICE:
        return _choice(view, fact, text)
    if fact.kind == FactKind.AMOUNT:
        assert view.catalog.words is not None
        amount = TermsReader(view.catalog.words).read(text, expect="amount").amount
        return _within(fact, amount)
    found = _NUMBER.search(common.ascii_form(text))
    return _within(fact, int(found.group()) if found else None)


def _choice(view: View, fact: Fact, text: str) -> Any:
    number = common.pick(view, text, len(fact.options))
    if number is not None:
        return fact.options[number - 1].value
    for option in fact.options:
        words = list(option.words)
        if isinstance(option.value, bool):
            words += common.group_words(view, "yes" if option.value else "no")
        if common.matches(text, words):
            return option.value
    return None


def _within(fact: Fact, value: float | int | None) -> float | int | None:
    if value is None or (fact.min is not None and value < fact.min) or (fact.max is not None and value > fact.max):
        return None
    return value

"""First contact and `profile`: district, meeting-notice consent, enterprise stage and sector.

One short question at a time; every question can be skipped ("aage"/"skip"), `#` goes back one
question and `0` leaves. A skip is an event, so the service can wait a week before asking again.
"""

from __future__ import annotations

from typing import Any

from bot.content.dlt import markers
from bot.content.matcher import Band
from bot.flows.guided import common
from bot.flows.guided_events import ConsentGiven, ProfileSkipped, ProfileUpdated
from bot.flows.render import View
from bot.flows.state import ContactView, Incoming, Turn

FLOW = "profile"
FIELDS = ("district", "notices", "stage", "sector")
NOTICE_VALUES = ("yes", "no")


class ProfileFlow:
    def start(self, turn: Turn, view: View, contact: ContactView) -> Turn:
        """New or empty profile: ask the first missing answer; otherwise show it with edit choices."""
        if contact.is_new or not _known(contact):
            return _ask_next(turn, view, contact, {"mode": "onboarding", "done": []})
        return _show(turn, view, contact, {"mode": "edit", "done": []})

    def resume(self, turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn | None:
        data = dict(turn.state.data)
        field = turn.state.node or ""
        if field == "edit":
            return _edit_choice(turn, view, incoming, contact, data)
        if common.in_group(view, "skip", incoming.text):
            turn.events.append(ProfileSkipped())
            return _after_answer(turn, view, contact, data, field)
        value = _read(view, field, incoming.text)
        if value is not None:
            turn.events.extend(_events(field, value))
            data.setdefault("answers", {})[field] = value
            return _after_answer(turn, view, contact, data, field)
        if view.catalog.matcher.match(incoming.text).band == Band.ANSWER:
            turn.events.append(ProfileSkipped())  # a real question: answer it, ask the rest later
            return None
        return common.invalid(turn, view, f"profile.q.{field}", question(view, field))

    def sms_texts(self, view: View) -> dict[str, str]:
        """The SMS this flow composes, variables as DLT markers: each question and the summary."""
        texts = {f"profile.q.{field}": question(view, field) for field in FIELDS}
        return texts | {"profile.summary": summary(view, markers(set(FIELDS)))}

    def on_intent(self, turn: Turn, view: View, intent: str, contact: ContactView) -> Turn | None:
        """`#` goes back one question; any other keyword (0, STOP …) leaves, counted as a skip."""
        data = dict(turn.state.data)
        done = list(data.get("done", []))
        if intent == "back" and done:
            field = done.pop()
            common.enter(turn, FLOW, field, {**data, "done": done})
            return turn.say(f"profile.q.{field}", question(view, field))
        if data.get("mode") == "onboarding":
            turn.events.append(ProfileSkipped())
        return None


def _known(contact: ContactView) -> bool:
    return contact.district is not None or any(contact.profile.get(field) for field in FIELDS[1:])


def _missing(contact: ContactView, data: dict[str, Any]) -> list[str]:
    have = {"district": contact.district, **{field: contact.profile.get(field) for field in FIELDS[1:]}}
    return [field for field in FIELDS if not have[field] and field not in data["done"]]


def _ask_next(turn: Turn, view: View, contact: ContactView, data: dict[str, Any]) -> Turn:
    missing = _missing(contact, data)
    if not missing:
        common.leave(turn)
        turn.say("profile.done", view.text("profile.done"))
        return common.show_main_menu(turn, view)
    common.enter(turn, FLOW, missing[0], data)
    return turn.say(f"profile.q.{missing[0]}", question(view, missing[0]))


def _after_answer(turn: Turn, view: View, contact: ContactView, data: dict[str, Any], field: str) -> Turn:
    data = {**data, "done": [*data.get("done", []), field]}
    if data.get("mode") == "edit":
        turn.say("profile.saved", view.text("profile.saved"))
        return _show(turn, view, contact, {**data, "done": []})
    return _ask_next(turn, view, contact, data)


def _show(turn: Turn, view: View, contact: ContactView, data: dict[str, Any]) -> Turn:
    common.enter(turn, FLOW, "edit", data)
    answers = {**_current(contact), **data.get("answers", {})}
    labels = {field: _label(view, field, answers.get(field)) for field in FIELDS}
    return turn.say("profile.summary", summary(view, labels))


def summary(view: View, labels: dict[str, str]) -> str:
    """The profile as numbered lines, then how to change one."""
    return view.text("profile.summary", **labels) + "\n" + view.text("profile.edit")


def _edit_choice(turn: Turn, view: View, incoming: Incoming, contact: ContactView, data: dict[str, Any]) -> Turn | None:
    number = common.pick(view, incoming.text, len(FIELDS))
    if number is None:
        return None  # not an edit choice: the engine treats it as a new question
    field = FIELDS[number - 1]
    common.enter(turn, FLOW, field, data)
    return turn.say(f"profile.q.{field}", question(view, field))


def _current(contact: ContactView) -> dict[str, Any]:
    return {"district": contact.district, **{field: contact.profile.get(field) for field in FIELDS[1:]}}


def _options(view: View, field: str) -> list[tuple[str, str, list[str]]]:
    """(value, label key, words) of a question's numbered options."""
    if field == "district":
        return [(district_id, f"district:{district_id}", []) for district_id in view.catalog.districts]
    if field == "notices":
        return [(value, f"profile.opt.notices.{value}", common.group_words(view, value)) for value in NOTICE_VALUES]
    fact = view.catalog.finder.facts[field] if view.catalog.finder else None
    return [(str(o.value), o.label, list(o.words)) for o in (fact.options if fact else [])]


def _label(view: View, field: str, value: object) -> str:
    for option_value, label, _ in _options(view, field):
        if option_value == value:
            return _title(view, label)
    return view.text("profile.unknown")


def _title(view: View, label: str) -> str:
    if label.startswith("district:"):
        return view.catalog.districts[label.removeprefix("district:")].name.edition(view.script, view.channel)
    return view.text(label)


def question(view: View, field: str) -> str:
    """A profile question with its numbered options and the skip hint."""
    lines = "\n".join(f"{index} {_title(view, label)}" for index, (_, label, _) in enumerate(_options(view, field), 1))
    return "\n".join([view.text(f"profile.q.{field}"), lines, view.text("profile.skip_hint")])


def _read(view: View, field: str, text: str) -> str | None:
    options = _options(view, field)
    number = common.pick(view, text, len(options))
    if number is not None:
        return options[number - 1][0]
    if field == "district":
        return view.catalog.district_index.find(text)
    return next((value for value, _, words in options if common.matches(text, words)), None)


def _events(field: str, value: str) -> list[Any]:
    if field == "notices":
        return [ConsentGiven(accepted=value == "yes"), ProfileUpdated(field, value)]
    return [ProfileUpdated(field, value)]

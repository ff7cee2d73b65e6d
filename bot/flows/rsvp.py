"""Meeting answers ("1 हाँ / 2 नहीं") and the next-meeting answer. Pure.

The service puts the invitation that waits for an answer in `ContactView.facts["rsvp_meeting"]`
(id, meeting variables, `asked_last`). Yes/no words always answer it; a bare 1 or 2 does only while
the invitation is the last thing we sent, otherwise it stays a menu choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.flows.guided import FLOWS
from bot.flows.render import View
from bot.flows.state import ContactView, Incoming, RsvpGiven, SessionState, Turn

RSVP_FACT = "rsvp_meeting"
NEXT_MEETING_FACT = "next_meeting"
ANSWER_BY_INTENT = {"rsvp_yes": "yes", "rsvp_no": "no"}
ANSWER_BY_NUMBER = {1: "yes", 2: "no"}


def answer_rsvp(turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn | None:
    """Record a yes/no to the pending invitation and thank the contact; None when it is not one."""
    pending = contact.facts.get(RSVP_FACT)
    if not isinstance(pending, Mapping):
        return None
    asked_last = bool(pending.get("asked_last"))
    if turn.state.flow in FLOWS and not asked_last:
        return None  # a guided flow asked the latest question: "haan" answers it, not the invitation
    answer = _answer(view, incoming.text, asked_last=asked_last)
    if answer is None:
        return None
    turn.events.append(RsvpGiven(meeting_id=int(pending["id"]), answer=answer))
    turn.state = SessionState(script=turn.state.script)
    key = "rsvp.thanks_yes" if answer == "yes" else "rsvp.thanks_no"
    return turn.say(key, view.text(key, **_variables(pending)))


def _answer(view: View, text: str, *, asked_last: bool) -> str | None:
    by_word = ANSWER_BY_INTENT.get(view.catalog.intent_of(text) or "")
    if by_word is not None:
        return by_word
    number = view.catalog.number_of(text)
    return ANSWER_BY_NUMBER.get(number) if asked_last and number is not None else None


def next_meeting_text(view: View, contact: ContactView) -> str | None:
    """"Next meeting: …" from the contact's facts, or None when no meeting is known."""
    meeting = contact.facts.get(NEXT_MEETING_FACT)
    if not isinstance(meeting, Mapping):
        return None
    return view.text("meeting.next", **_variables(meeting))


def _variables(meeting: Mapping[str, Any]) -> dict[str, Any]:
    return dict(meeting.get("vars") or {})

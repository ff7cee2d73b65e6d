"""Was the answer useful? On WhatsApp, at most once a day, after a factual answer.

The prompt uses 👍/👎 and words, never numbers: the numbered follow-ups under the answer keep
their meaning, so the two can never be confused.
"""

from __future__ import annotations

from bot.content.schema import Channel
from bot.flows.guided import common
from bot.flows.guided_events import FeedbackAsked, FeedbackGiven
from bot.flows.render import View
from bot.flows.state import Incoming, Turn

PENDING = "feedback_for"


def maybe_ask(turn: Turn, view: View, entry_id: str) -> None:
    """Add the prompt under a factual WhatsApp answer when the service says one is due today."""
    entry = view.catalog.entries.get(entry_id)
    if view.channel != Channel.WHATSAPP or entry is None or entry.action is not None:
        return
    if not view.contact.facts.get("feedback_due"):
        return
    turn.events.append(FeedbackAsked(entry_id))
    turn.state = turn.state.model_copy(update={"data": {**turn.state.data, PENDING: entry_id}})
    turn.say("feedback.prompt", view.text("feedback.prompt"))


def take(turn: Turn, view: View, incoming: Incoming) -> bool:
    """A 👍/👎 (or its words) answering the pending prompt: store it and thank; keeps the follow-ups."""
    entry_id = turn.state.data.get(PENDING)
    if not entry_id:
        return False
    useful = common.in_group(view, "useful", incoming.text)
    if not useful and not common.in_group(view, "not_useful", incoming.text):
        return False
    turn.events.append(FeedbackGiven(str(entry_id), useful))
    data = {key: value for key, value in turn.state.data.items() if key != PENDING}
    turn.state = turn.state.model_copy(update={"data": data})
    key = "feedback.thanks" if useful else "feedback.sorry"
    turn.say(key, view.text(key))
    return True

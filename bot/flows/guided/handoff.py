"""Talk to a person (`system.human`, `9`): store a request for staff, say when they will answer, go quiet.

While a request is open (ContactView.facts["handoff_open"], kept by the service) the bot answers
nothing except opt-out/opt-in words and `0`/menu, which cancels the request.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.flows.guided import common
from bot.flows.guided_events import HandoffCancelled, HandoffRequested
from bot.flows.render import View
from bot.flows.state import ContactView, Turn

FLOW = "handoff"
ALWAYS_ANSWERED = ("optout", "optin")


class HandoffFlow:
    def start(self, turn: Turn, view: View, contact: ContactView) -> Turn:
        """Record the request with what the contact was doing, and say when a person will reply."""
        context = {"flow": turn.state.flow, "node": turn.state.node, "trigger": turn.state.data.get("trigger_text")}
        turn.events.append(HandoffRequested(context={k: v for k, v in context.items() if v}))
        common.leave(turn)
        return turn.say("handoff.requested", view.text("handoff.requested", when=reply_time(view, contact)))

    def resume(self, turn: Turn, view: View, incoming: Any, contact: ContactView) -> Turn | None:
        return None  # the request is stored at start; later messages are held by `hold`


def hold(turn: Turn, view: View, contact: ContactView, intent: str | None) -> Turn | None:
    """While a person handles the conversation: None lets the engine answer, a Turn is the (quiet) reply."""
    if not contact.facts.get("handoff_open") or intent in ALWAYS_ANSWERED:
        if contact.facts.get("handoff_open") and intent == "optout":
            turn.events.append(HandoffCancelled())
        return None
    if intent == "menu":
        turn.events.append(HandoffCancelled())
        turn.say("handoff.cancelled", view.text("handoff.cancelled"))
        return common.show_main_menu(turn, view)
    return turn  # stored by the service, no reply


def reply_time(view: View, contact: ContactView) -> str:
    """"today by 5 pm", "tomorrow after 10 am" or "on 25-11 after 10 am", in office hours (IST)."""
    hours: dict[str, Any] = dict(contact.facts.get("office_hours") or {"open": 10, "close": 17, "days": [0, 1, 2, 3, 4, 5]})
    now = (contact.now or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(hours.get("tz", "Asia/Kolkata")))
    if now.weekday() in hours["days"] and hours["open"] <= now.hour < hours["close"]:
        return view.text("handoff.when.today", hour=_hour(hours["close"]))
    day = now if now.hour < hours["open"] else now + timedelta(days=1)
    while day.weekday() not in hours["days"]:
        day += timedelta(days=1)
    if day.date() == now.date():
        return view.text("handoff.when.today_from", hour=_hour(hours["open"]))
    if day.date() == (now + timedelta(days=1)).date():
        return view.text("handoff.when.tomorrow", hour=_hour(hours["open"]))
    return view.text("handoff.when.date", date=day.strftime("%d-%m"), hour=_hour(hours["open"]))


def _hour(hour: int) -> str:
    return str(hour % 12 or 12)

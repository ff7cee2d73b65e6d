"""The coordinator's notice flow, started by "सूचना"/"notice" from a registered coordinator. Pure.

text → when → preview (audience by channel, SMS segments) → 1 send / 2 drop. The service fills
`facts["coordinator"]` (region audience counts, SMS segment limit, time zone) and turns the
NoticeRequested event into a scheduled announcement for the coordinator's region.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.content.normalise import ascii_digits
from bot.content.segments import count_segments
from bot.flows.guided import FLOWS, TRIGGERS, Trigger
from bot.flows.render import View
from bot.flows.script import detect_script
from bot.flows.state import ContactView, Incoming, NoticeRequested, SessionState, Turn

FLOW_ID = "notice"
COORDINATOR_FACT = "coordinator"
YEAR_TURN = timedelta(days=180)
WHEN = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2,4}))?\s*,?\s+(\d{1,2})[:.](\d{2})\s*$")


class NoticeFlow:
    """Ask for the text, then the time, show the preview, confirm."""

    def start(self, turn: Turn, view: View, contact: ContactView) -> Turn:
        turn.state = SessionState(flow=FLOW_ID, node="notice:text", script=turn.state.script)
        return turn.say("notice.ask_text", view.text("notice.ask_text"))

    def resume(self, turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn | None:
        step = STEPS.get(turn.state.node or "")
        facts = contact.facts.get(COORDINATOR_FACT)
        if step is None or not isinstance(facts, Mapping) or not contact.is_coordinator:
            return None
        return step(turn, view, incoming, contact, facts)


def _on_text(turn: Turn, view: View, incoming: Incoming, contact: ContactView, facts: Mapping[str, Any]) -> Turn:
    segments, limit = count_segments(incoming.text).segments, int(facts["sms_limit"])
    if segments > limit:
        return turn.say("notice.too_long", view.text("notice.too_long", segments=segments, limit=limit))
    _move(turn, "notice:when", text=incoming.text)
    return turn.say("notice.ask_when", view.text("notice.ask_when"))


def _on_when(turn: Turn, view: View, incoming: Incoming, contact: ContactView, facts: Mapping[str, Any]) -> Turn:
    now = contact.now or datetime.now(UTC)
    zone = ZoneInfo(str(facts["tz"]))
    if view.catalog.intent_of(incoming.text) == "notice_now":
        send_at: datetime | None = now
    else:
        send_at = parse_when(incoming.text, now=now, zone=zone)
    if send_at is None:
        return turn.say("notice.bad_when", view.text("notice.bad_when"))
    if send_at < now:
        return turn.say("notice.past_when", view.text("notice.past_when"))
    _move(turn, "notice:confirm", send_at=send_at.isoformat())
    text = str(turn.state.data["text"])
    counts = {"whatsapp": int(facts["whatsapp"]), "sms": int(facts["sms"])}
    preview = view.text(
        "notice.preview", **_date_vars(send_at, zone), total=sum(counts.values()),
        segments=count_segments(text).segments, **counts,
    )
    return turn.say("notice.preview", preview)


def _on_confirm(turn: Turn, view: View, incoming: Incoming, contact: ContactView, facts: Mapping[str, Any]) -> Turn:
    intent, number = view.catalog.intent_of(incoming.text), view.catalog.number_of(incoming.text)
    data = turn.state.data
    if intent == "rsvp_yes" or number == 1:
        send_at = datetime.fromisoformat(str(data["send_at"]))
        text = str(data["text"])
        script = detect_script(text) or view.script
        turn.events.append(NoticeRequested(text=text, send_at=send_at, script=script))
        turn.state = SessionState(script=turn.state.script)
        return turn.say("notice.scheduled", view.text("notice.scheduled", **_date_vars(send_at, ZoneInfo(str(facts["tz"])))))
    if intent == "rsvp_no" or number == 2:
        turn.state = SessionState(script=turn.state.script)
        return turn.say("notice.dropped", view.text("notice.dropped"))
    return turn.say("notice.confirm_again", view.text("notice.confirm_again"))


def _move(turn: Turn, node: str, **data: str) -> None:
    turn.state = turn.state.model_copy(update={"node": node, "data": {**turn.state.data, **data}})


def parse_when(text: str, *, now: datetime, zone: ZoneInfo) -> datetime | None:
    """'25-11 10:30', '25/11/2026 10.30' (local time) -> UTC. Without a year: this year, or the
    next one when the date is months behind (in December, '05-01' means January)."""
    match = WHEN.match(ascii_digits(text))
    if match is None:
        return None
    day, month, year, hour, minute = (int(part) if part else 0 for part in match.groups())
    local_now = now.astimezone(zone)
    try:
        when = datetime(_full_year(year) or local_now.year, month, day, hour, minute, tzinfo=zone)
        if not year and when < local_now - YEAR_TURN:
            when = when.replace(year=when.year + 1)
    except ValueError:
        return None
    return when.astimezone(UTC)


def _full_year(year: int) -> int:
    return year + 2000 if 0 < year < 100 else year


def _date_vars(moment: datetime, zone: ZoneInfo) -> dict[str, str]:
    local = moment.astimezone(zone)
    return {"date": local.strftime("%d-%m-%Y"), "time": local.strftime("%H:%M")}


STEPS = {"notice:text": _on_text, "notice:when": _on_when, "notice:confirm": _on_confirm}
FLOWS[FLOW_ID] = NoticeFlow()
TRIGGERS["notice"] = Trigger(flow=FLOW_ID, allowed=lambda contact: contact.is_coordinator)

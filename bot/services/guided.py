"""Storage side of the guided flows: profile answers, consent, handoffs to staff and answer feedback.

Services never commit; the unit of work in bot.worker does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.flows.guided_events import (
    ConsentGiven,
    FeedbackAsked,
    FeedbackGiven,
    HandoffCancelled,
    HandoffRequested,
    ProfileSkipped,
    ProfileUpdated,
)
from bot.flows.state import ContactView
from bot.models import Contact, Message, QueryLog
from bot.models_guided import Handoff, HandoffStatus

HANDOFF_HOURS = 24
FEEDBACK_EVERY = timedelta(days=1)
PROFILE_ASK_AGAIN = timedelta(days=7)
CONTEXT_MESSAGES = 6
PROFILE_FIELDS = ("notices", "stage", "sector")


def with_facts(
    session: Session, view: ContactView, contact: Contact, *, now: datetime, office: dict[str, Any] | None = None
) -> ContactView:
    """The contact view plus what the guided flows need to know (added to any facts already there)."""
    facts = {
        "handoff_open": open_handoff(session, contact_id=contact.id or 0, now=now) is not None,
        "feedback_due": _older_than(contact.profile.get("feedback_asked_at"), now, FEEDBACK_EVERY),
        "profile_due": not view.is_new and _profile_due(contact, now),
        "office_hours": office,
    }
    return replace(view, facts={**view.facts, **facts})


def open_handoff(session: Session, *, contact_id: int, now: datetime) -> Handoff | None:
    """The contact's open request; one older than 24 hours is marked expired on the way."""
    handoff = session.exec(
        select(Handoff).where(col(Handoff.contact_id) == contact_id, col(Handoff.status) == HandoffStatus.OPEN)
    ).first()
    if handoff is not None and _aware(handoff.requested_at) <= now - timedelta(hours=HANDOFF_HOURS):
        _close(handoff, HandoffStatus.EXPIRED, "timeout", now)
        return None
    return handoff


def apply_event(session: Session, contact: Contact, message: Message, event: object, now: datetime) -> bool:
    """Store one guided-flow event; False when the event is not one of ours."""
    if isinstance(event, ProfileUpdated):
        _set_profile_field(contact, event.field, event.value)
    elif isinstance(event, ProfileSkipped):
        _remember(contact, "profile_skipped_at", now.isoformat())
    elif isinstance(event, ConsentGiven):
        contact.consent_at = now if event.accepted else None
        contact.consent_channel = message.channel if event.accepted else None
    elif isinstance(event, HandoffRequested):
        session.add(_new_handoff(session, contact, event, now))
    elif isinstance(event, HandoffCancelled):
        _cancel_handoff(session, contact, now)
    elif isinstance(event, FeedbackAsked):
        _remember(contact, "feedback_asked_at", now.isoformat())
    elif isinstance(event, FeedbackGiven):
        _store_feedback(session, contact, event)
    else:
        return False
    return True


def _set_profile_field(contact: Contact, field: str, value: Any) -> None:
    if field == "district":
        contact.district = value
    else:
        _remember(contact, field, value)


def _remember(contact: Contact, key: str, value: Any) -> None:
    contact.profile = {**contact.profile, key: value}  # a new dict, so the JSON column is saved


def _new_handoff(session: Session, contact: Contact, event: HandoffRequested, now: datetime) -> Handoff:
    recent = session.exec(
        select(Message).where(col(Message.contact_id) == contact.id).order_by(col(Message.id).desc()).limit(CONTEXT_MESSAGES)
    ).all()
    messages = [{"direction": m.direction, "body": m.body[:300], "at": m.created_at.isoformat()} for m in reversed(recent)]
    context = {**event.context, "district": contact.district, "messages": messages}
    return Handoff(contact_id=contact.id or 0, status=HandoffStatus.OPEN, requested_at=now, context=context)


def _cancel_handoff(session: Session, contact: Contact, now: datetime) -> None:
    handoff = open_handoff(session, contact_id=contact.id or 0, now=now)
    if handoff is not None:
        _close(handoff, HandoffStatus.CANCELLED, "contact", now)


def _close(handoff: Handoff, status: HandoffStatus, by: str, now: datetime) -> None:
    handoff.status, handoff.closed_by, handoff.closed_at = status, by, now


def _store_feedback(session: Session, contact: Contact, event: FeedbackGiven) -> None:
    row = session.exec(
        select(QueryLog)
        .where(col(QueryLog.contact_id) == contact.id, col(QueryLog.matched_id) == event.entry_id)
        .order_by(col(QueryLog.id).desc())
    ).first()
    if row is not None:
        row.useful = event.useful


def list_handoffs(session: Session, *, status: HandoffStatus | None = HandoffStatus.OPEN) -> list[Handoff]:
    """Requests for staff, oldest first."""
    query = select(Handoff).order_by(col(Handoff.requested_at))
    if status is not None:
        query = query.where(col(Handoff.status) == status)
    return list(session.exec(query))


def close_handoff(session: Session, *, handoff_id: int, by: str, now: datetime) -> Handoff | None:
    """Staff are done: the bot answers this contact again. None when there is no such open request."""
    handoff = session.get(Handoff, handoff_id)
    if handoff is None or handoff.status != HandoffStatus.OPEN:
        return None
    _close(handoff, HandoffStatus.CLOSED, by, now)
    return handoff


def _profile_due(contact: Contact, now: datetime) -> bool:
    complete = contact.district and all(contact.profile.get(field) for field in PROFILE_FIELDS)
    return not complete and _older_than(contact.profile.get("profile_skipped_at"), now, PROFILE_ASK_AGAIN)


def _older_than(stamp: object, now: datetime, age: timedelta) -> bool:
    if not isinstance(stamp, str):
        return True
    return _aware(datetime.fromisoformat(stamp)) <= now - age


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)

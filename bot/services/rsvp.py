"""Meeting answers: which invitation waits for one, recording it, counting them, the next meeting."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from bot.models import Contact, Direction, Message, MessageStatus
from bot.models_announcements import Announcement, Meeting, MeetingStatus, Rsvp
from bot.services.notice_text import as_utc, meeting_variables

DELIVERED = (MessageStatus.ACCEPTED, MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)
LONGEST_MEETING = timedelta(hours=12)


def pending_invitation(session: Session, *, contact_id: int, now: datetime) -> tuple[Meeting, int] | None:
    """The latest meeting this contact was invited to that has not ended, with the invitation's id."""
    query = (
        select(Meeting, Message.id)
        .join(Announcement, col(Announcement.meeting_id) == col(Meeting.id))
        .join(Message, col(Message.announcement_id) == col(Announcement.id))
        .where(col(Message.contact_id) == contact_id, col(Message.status).in_(DELIVERED),
               col(Meeting.status) == MeetingStatus.SCHEDULED, col(Meeting.starts_at) > now - LONGEST_MEETING)
        .order_by(col(Message.sent_at).desc(), col(Message.id).desc())
    )
    for meeting, message_id in session.execute(query):
        if as_utc(meeting.starts_at) + timedelta(minutes=meeting.duration_minutes) > now:
            return meeting, message_id
    return None


def last_outbound_id(session: Session, *, contact_id: int) -> int | None:
    """The newest message we actually sent this contact."""
    query = (
        select(func.max(Message.id))
        .where(col(Message.contact_id) == contact_id, col(Message.direction) == Direction.OUTBOUND,
               col(Message.status).in_(DELIVERED))
    )
    return session.execute(query).scalar_one_or_none()


def next_meeting(session: Session, *, contact: Contact, now: datetime) -> Meeting | None:
    """The soonest upcoming meeting the contact was invited to, else one held for their district."""
    invited = pending_invitation(session, contact_id=contact.id or 0, now=now)
    if invited is not None and as_utc(invited[0].starts_at) > now:
        return invited[0]
    if contact.district is None:
        return None
    query = (
        select(Meeting)
        .where(col(Meeting.status) == MeetingStatus.SCHEDULED, col(Meeting.starts_at) > now)
        .order_by(col(Meeting.starts_at))
    )
    for meeting in session.execute(query).scalars():
        if contact.district in meeting.districts:
            return meeting
    return None


def contact_facts(session: Session, *, contact: Contact, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    """facts for the engine: rsvp_meeting (an invitation waiting for 1/2) and next_meeting."""
    assert contact.id is not None
    facts: dict[str, Any] = {}
    invited = pending_invitation(session, contact_id=contact.id, now=now)
    if invited is not None:
        meeting, message_id = invited
        asked_last = last_outbound_id(session, contact_id=contact.id) == message_id
        facts["rsvp_meeting"] = {"id": meeting.id, "asked_last": asked_last, "vars": meeting_variables(meeting, zone)}
    upcoming = next_meeting(session, contact=contact, now=now)
    if upcoming is not None:
        facts["next_meeting"] = {"id": upcoming.id, "vars": meeting_variables(upcoming, zone)}
    return facts


def record_rsvp(
    session: Session, *, meeting_id: int, contact_id: int, answer: str, message_id: int | None, now: datetime
) -> None:
    """Keep the contact's latest answer for the meeting (one row per meeting and contact)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    values = {"answer": answer, "message_id": message_id, "answered_at": now}
    statement = insert(Rsvp).values(meeting_id=meeting_id, contact_id=contact_id, **values)
    session.execute(statement.on_conflict_do_update(index_elements=["meeting_id", "contact_id"], set_=values))


def rsvp_counts(session: Session, *, meeting_id: int) -> dict[str, int]:
    """How many said yes and no."""
    rows = session.execute(
        select(Rsvp.answer, func.count()).where(col(Rsvp.meeting_id) == meeting_id).group_by(col(Rsvp.answer))
    ).all()
    counts = {"yes": 0, "no": 0}
    counts.update({answer: int(count) for answer, count in rows})
    return counts


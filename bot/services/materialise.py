"""Due sends become outbox rows: one per (announcement, contact, kind), so a rerun adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.content.catalog import Catalog
from bot.content.schema import Channel
from bot.content.segments import count_segments
from bot.models import Direction, Message, MessageStatus
from bot.models_announcements import (
    Announcement,
    AnnouncementSend,
    AnnouncementStatus,
    Meeting,
    MeetingStatus,
    SendState,
)
from bot.services import audience as audience_service
from bot.services.notice_text import as_utc, is_reminder, render_body

BULK_PRIORITY = 10  # replies (0) always go first
INSERT_CHUNK = 1000


@dataclass(frozen=True)
class Routing:
    """Which provider carries each channel (SMS may depend on the number)."""

    default: str
    sms_provider_for: Callable[[str], str] | None = None  # address -> provider (SMS routes)

    def provider(self, channel: Channel, address: str) -> str:
        if channel == Channel.SMS and self.sms_provider_for is not None:
            return self.sms_provider_for(address)
        return self.default


def due_send_ids(session: Session, *, now: datetime) -> list[int]:
    """Pending sends whose time has come, oldest first."""
    query = (
        select(AnnouncementSend.id)
        .where(col(AnnouncementSend.state) == SendState.PENDING, col(AnnouncementSend.due_at) <= now)
        .order_by(col(AnnouncementSend.due_at), col(AnnouncementSend.id))
    )
    return [send_id for send_id in session.exec(query).all() if send_id is not None]


def materialise(
    session: Session, *, send_id: int, catalog: Catalog, routing: Routing, zone: ZoneInfo, now: datetime
) -> int:
    """Write the outbox rows of one due send (idempotent); returns how many rows are new."""
    send = session.get(AnnouncementSend, send_id)
    if send is None or send.state != SendState.PENDING:
        return 0
    announcement = session.get(Announcement, send.announcement_id)
    assert announcement is not None
    meeting = session.get(Meeting, announcement.meeting_id) if announcement.meeting_id else None
    state = _state_now(send, announcement, meeting, now)
    if state != SendState.MATERIALISED:
        send.state = state
        return 0
    written = _write_rows(session, send, announcement, meeting, catalog, routing, zone, now)
    send.state, send.rows, send.materialised_at = SendState.MATERIALISED, send.rows + written, now
    return written


def _state_now(send: AnnouncementSend, announcement: Announcement, meeting: Meeting | None, now: datetime) -> SendState:
    if announcement.status == AnnouncementStatus.CANCELLED:
        return SendState.CANCELLED
    if meeting is not None and meeting.status != MeetingStatus.SCHEDULED:
        return SendState.CANCELLED
    if meeting is not None and is_reminder(send.kind) and as_utc(meeting.starts_at) <= now:
        return SendState.EXPIRED  # the scheduler was down past the meeting: a reminder now is noise
    return SendState.MATERIALISED


def _write_rows(
    session: Session, send: AnnouncementSend, announcement: Announcement, meeting: Meeting | None,
    catalog: Catalog, routing: Routing, zone: ZoneInfo, now: datetime,
) -> int:
    audience = audience_service.Audience.from_json(announcement.audience)
    districts = audience_service.region_districts(catalog, announcement.region)
    people = audience_service.recipients(session, audience=audience, districts=districts)
    rows = (_row(recipient, send, announcement, meeting, catalog, routing, zone, now) for recipient in people)
    before = _count(session, send)
    for chunk in _chunks(rows, INSERT_CHUNK):
        _insert(session, chunk)
    return _count(session, send) - before


def _row(
    recipient: audience_service.Recipient, send: AnnouncementSend, announcement: Announcement,
    meeting: Meeting | None, catalog: Catalog, routing: Routing, zone: ZoneInfo, now: datetime,
) -> dict[str, object]:
    body = render_body(catalog, announcement=announcement, meeting=meeting, kind=send.kind,
                       script=recipient.script, name=recipient.name, zone=zone)
    count = count_segments(body)
    return {
        "contact_id": recipient.contact_id, "direction": Direction.OUTBOUND.value,
        "channel": recipient.channel.value, "provider": routing.provider(recipient.channel, recipient.address),
        "address": recipient.address, "body": body, "content_key": f"announcement.{send.kind}",
        "segments": count.segments if recipient.channel == Channel.SMS else 1, "encoding": count.encoding.value,
        "status": MessageStatus.QUEUED.value, "flags": [], "media": [], "raw": {}, "priority": BULK_PRIORITY,
        "attempts": 0, "next_attempt_at": send.due_at, "created_at": now,
        "announcement_id": announcement.id, "kind": send.kind,
    }


def _insert(session: Session, rows: list[dict[str, object]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING for a chunk (the unique key makes reruns harmless). Without
    RETURNING, so the driver's own executemany is used (psycopg parses long multi-VALUES slowly)."""
    if rows:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(insert(Message).on_conflict_do_nothing(), rows)  # type: ignore[arg-type]


def _count(session: Session, send: AnnouncementSend) -> int:
    query = select(func.count()).select_from(Message).where(
        col(Message.announcement_id) == send.announcement_id, col(Message.kind) == send.kind
    )
    return int(session.execute(query).scalar_one())


def _chunks(rows: Iterator[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    while chunk := list(islice(rows, size)):
        yield chunk

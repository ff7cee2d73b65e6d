"""What a coordinator sees before and after: the preview (reach, text, segments, cost) and the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.content.catalog import Catalog
from bot.content.schema import Script
from bot.content.segments import count_segments
from bot.models import Message
from bot.models_announcements import Announcement, Meeting
from bot.services import audience as audience_service
from bot.services.announcements import planned_sends
from bot.services.coalition_schemas import PreviewOut, RecipientOut, ReportOut, ScriptPreview
from bot.services.notice_text import NOTICE, as_utc, render_body
from bot.services.rsvp import rsvp_counts


@dataclass(frozen=True)
class Prices:
    sms_segment: float
    whatsapp_template: float


def preview(
    session: Session, *, announcement: Announcement, catalog: Catalog, zone: ZoneInfo, prices: Prices
) -> PreviewOut:
    """Reach by channel, the text per script with its SMS segments, and a rough cost (upper bound:
    every WhatsApp message counted as a paid template, every send of the plan counted)."""
    meeting = session.get(Meeting, announcement.meeting_id) if announcement.meeting_id else None
    audience = audience_service.Audience.from_json(announcement.audience)
    districts = audience_service.region_districts(catalog, announcement.region)
    reach = audience_service.count_reach(session, audience=audience, districts=districts)
    sends = len(planned_sends(announcement, meeting, as_utc(announcement.send_at)))
    scripts, cost = [], 0.0
    for script in _scripts(audience):
        one = audience_service.count_reach(session, audience=_only(audience, script), districts=districts)
        body = render_body(catalog, announcement=announcement, meeting=meeting, kind=NOTICE, script=script,
                           name=None, zone=zone)
        count = count_segments(body)
        scripts.append(ScriptPreview(script=script.value, recipients=one.total, text=body,
                                     sms_segments=count.segments, sms_encoding=count.encoding.value))
        cost += one.sms * count.segments * prices.sms_segment + one.whatsapp * prices.whatsapp_template
    return PreviewOut(whatsapp=reach.whatsapp, sms=reach.sms, total=reach.total, excluded=reach.excluded,
                      scripts=scripts, sends=sends, estimated_cost=round(cost * sends, 2))


def _scripts(audience: audience_service.Audience) -> list[Script]:
    return [Script(value) for value in audience.scripts] or list(Script)


def _only(audience: audience_service.Audience, script: Script) -> audience_service.Audience:
    return audience_service.Audience(audience.districts, audience.sectors, (script.value,), audience.channels)


def report(session: Session, *, announcement: Announcement, limit: int, offset: int) -> ReportOut:
    """Per-recipient status with reasons, counts per status, skip reasons, failure codes and RSVPs."""
    rows = session.execute(
        select(Message.status, Message.error_code).where(col(Message.announcement_id) == announcement.id)
    ).all()
    counts = Counter(str(status) for status, _ in rows)
    skipped = Counter(str(code) for status, code in rows if status == "skipped")
    failed = Counter(str(code) for status, code in rows if status in ("failed", "undelivered"))
    assert announcement.id is not None
    rsvp = rsvp_counts(session, meeting_id=announcement.meeting_id) if announcement.meeting_id else {}
    return ReportOut(announcement_id=announcement.id, counts=dict(counts), skipped=dict(skipped),
                     failed=dict(failed), rsvp=rsvp, recipients=_recipients(session, announcement, limit, offset))


def _recipients(session: Session, announcement: Announcement, limit: int, offset: int) -> list[RecipientOut]:
    query = (
        select(Message)
        .where(col(Message.announcement_id) == announcement.id)
        .order_by(col(Message.contact_id), col(Message.id))
        .offset(offset).limit(limit)
    )
    return [
        RecipientOut(contact_id=row.contact_id, phone=mask(row.address), kind=row.kind or "", channel=row.channel,
                     status=str(row.status), reason=row.error_code, sent_at=as_utc(row.sent_at) if row.sent_at else None)
        for row in session.exec(query).all()
    ]


def mask(address: str) -> str:
    """Only the last four digits, as in logs."""
    return "…" + address[-4:]




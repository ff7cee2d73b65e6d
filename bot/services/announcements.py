"""Announcements: create (validated), change, schedule into sends, cancel. Services flush, never commit.

Scheduling writes one `announcement_send` row per send (the notice and each reminder) with its due
time; the scheduler's job materialises due rows into the outbox. The database is the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.content.catalog import Catalog
from bot.content.schema import Script
from bot.content.segments import count_segments, is_gsm7
from bot.models import Message, MessageStatus
from bot.models_announcements import (
    Announcement,
    AnnouncementSend,
    AnnouncementStatus,
    Meeting,
    MeetingStatus,
    SendState,
)
from bot.services import meetings as meeting_service
from bot.services.audience import Audience
from bot.services.coalition_errors import Actor, Conflict, Invalid, NotFound, check_region
from bot.services.coalition_schemas import (
    AnnouncementIn,
    AnnouncementOut,
    AnnouncementPatch,
    SendOut,
)
from bot.services.notice_text import (
    FREE_VARIABLES,
    MEETING_VARIABLES,
    NAME_CHARS,
    NOTICE,
    as_utc,
    placeholders_in,
    reminder_kind,
    render_body,
)

MAX_REMINDER_MINUTES = 30 * 24 * 60


@dataclass(frozen=True)
class Limits:
    """What a notice must respect, from Settings."""

    zone: ZoneInfo
    sms_max_segments: int = 3
    dlt_templates: dict[str, int] = field(default_factory=dict)  # template id -> most segments
    dlt_required: bool = False  # SMS to +91 goes through a DLT provider
    default_offsets: tuple[int, ...] = (1440, 120)


def create_announcement(
    session: Session, *, data: AnnouncementIn, actor: Actor, catalog: Catalog, limits: Limits, now: datetime
) -> Announcement:
    """A draft announcement, refused with a precise 422 when it could not be sent as asked."""
    meeting = _meeting_of(session, data.meeting_id, actor)
    announcement = Announcement(meeting_id=data.meeting_id, region=data.region or (meeting.region if meeting else ""),
                                created_at=now, created_by=actor.label, send_at=now)
    _apply(announcement, data.model_dump(exclude_unset=True), meeting, limits)
    validate(catalog, announcement, meeting, actor=actor, limits=limits, now=now, region=data.region)
    session.add(announcement)
    session.flush()
    return announcement


def update_announcement(
    session: Session, *, announcement_id: int, data: AnnouncementPatch, actor: Actor, catalog: Catalog,
    limits: Limits, now: datetime,
) -> Announcement:
    """Change an announcement whose notice has not gone out; a scheduled one is re-planned."""
    announcement = get_announcement(session, announcement_id=announcement_id, actor=actor)
    if announcement.status == AnnouncementStatus.CANCELLED or _notice_materialised(session, announcement_id):
        raise Conflict("the notice has already gone out or was cancelled; create a new announcement")
    meeting = _meeting_of(session, announcement.meeting_id, actor)
    _apply(announcement, data.model_dump(exclude_unset=True), meeting, limits)
    validate(catalog, announcement, meeting, actor=actor, limits=limits, now=now)
    announcement.updated_at = now
    if announcement.status == AnnouncementStatus.SCHEDULED:
        _replan(session, announcement, meeting, now)
    session.flush()
    return announcement


def schedule_announcement(session: Session, *, announcement_id: int, actor: Actor, now: datetime) -> Announcement:
    """From draft to scheduled: its sends are written and will go out when due."""
    announcement = get_announcement(session, announcement_id=announcement_id, actor=actor)
    if announcement.status != AnnouncementStatus.DRAFT:
        raise Conflict(f"announcement is {announcement.status}, only a draft can be scheduled")
    if as_utc(announcement.send_at) < now - timedelta(minutes=1):
        raise Invalid("send_at is in the past; change it first", field=("send_at",))
    meeting = _meeting_of(session, announcement.meeting_id, actor)
    if meeting is not None and meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict(f"meeting is {meeting.status}")
    announcement.status = AnnouncementStatus.SCHEDULED
    announcement.updated_at = now
    _replan(session, announcement, meeting, now)
    session.flush()
    return announcement


def cancel_announcement(session: Session, *, announcement_id: int, actor: Actor, now: datetime) -> Announcement:
    """Stop it: pending sends are cancelled and rows not yet sent are skipped ("cancelled")."""
    announcement = get_announcement(session, announcement_id=announcement_id, actor=actor)
    announcement.status = AnnouncementStatus.CANCELLED
    announcement.updated_at = now
    session.execute(
        update(AnnouncementSend)
        .where(col(AnnouncementSend.announcement_id) == announcement_id, col(AnnouncementSend.state) == SendState.PENDING)
        .values(state=SendState.CANCELLED)
    )
    session.execute(
        update(Message)
        .where(col(Message.announcement_id) == announcement_id, col(Message.status) == MessageStatus.QUEUED)
        .values(status=MessageStatus.SKIPPED, error_code="cancelled", status_updated_at=now)
    )
    session.flush()
    return announcement


def replan_meeting(session: Session, *, meeting: Meeting, now: datetime) -> None:
    """The meeting moved: re-plan the pending reminders of its scheduled announcements."""
    query = select(Announcement).where(
        col(Announcement.meeting_id) == meeting.id, col(Announcement.status) == AnnouncementStatus.SCHEDULED
    )
    for announcement in session.exec(query).all():
        _replan(session, announcement, meeting, now)


def get_announcement(session: Session, *, announcement_id: int, actor: Actor) -> Announcement:
    announcement = session.get(Announcement, announcement_id)
    if announcement is None:
        raise NotFound(f"no announcement {announcement_id}", field=("announcement_id",))
    check_region(actor, announcement.region)
    return announcement


def list_announcements(session: Session, *, actor: Actor, meeting_id: int | None = None) -> list[Announcement]:
    """Announcements the actor may see, newest send first."""
    query = select(Announcement).order_by(col(Announcement.send_at).desc())
    if actor.region is not None:
        query = query.where(col(Announcement.region) == actor.region)
    if meeting_id is not None:
        query = query.where(col(Announcement.meeting_id) == meeting_id)
    return list(session.exec(query).all())


def announcement_out(session: Session, announcement: Announcement, zone: ZoneInfo) -> AnnouncementOut:
    sends = session.exec(
        select(AnnouncementSend).where(col(AnnouncementSend.announcement_id) == announcement.id)
        .order_by(col(AnnouncementSend.due_at))
    ).all()
    assert announcement.id is not None
    return AnnouncementOut(
        id=announcement.id, meeting_id=announcement.meeting_id, region=announcement.region,
        texts=announcement.texts, audience=announcement.audience, send_at=as_utc(announcement.send_at),
        send_at_ist=_ist(announcement.send_at, zone), reminder_offsets_minutes=announcement.reminder_offsets_minutes,
        dlt_template_id=announcement.dlt_template_id, whatsapp_content_sid=announcement.whatsapp_content_sid,
        whatsapp_variables=announcement.whatsapp_variables, status=AnnouncementStatus(announcement.status).value,
        sends=[SendOut(kind=send.kind, due_at=as_utc(send.due_at), due_at_ist=_ist(send.due_at, zone),
                       state=str(send.state), rows=send.rows) for send in sends],
    )


# --- validation -----------------------------------------------------------------------------------

def validate(
    catalog: Catalog, announcement: Announcement, meeting: Meeting | None, *, actor: Actor, limits: Limits,
    now: datetime, region: str | None = None,
) -> None:
    """Refuse what could not be sent as asked: each problem names its field."""
    _check_region(announcement, meeting, actor, region)
    audience = Audience.from_json(announcement.audience)
    meeting_service.check_districts(catalog, announcement.region, list(audience.districts), ("audience", "districts"))
    _check_times(announcement, meeting, now)
    _check_placeholders(announcement, meeting)
    if "sms" in audience.channels:
        _check_sms(catalog, announcement, meeting, limits)
    if "whatsapp" in audience.channels and not announcement.whatsapp_content_sid:
        raise Invalid("WhatsApp contacts outside the 24-hour window need an approved template: give "
                      "whatsapp_template, or leave whatsapp out of audience.channels", field=("whatsapp_template",))


def _check_region(announcement: Announcement, meeting: Meeting | None, actor: Actor, region: str | None) -> None:
    if meeting is not None and region is not None and region != meeting.region:
        raise Invalid(f"the meeting is in region {meeting.region!r}", field=("region",))
    if not announcement.region:
        raise Invalid("a free notice needs a region", field=("region",))
    check_region(actor, announcement.region)


def _check_times(announcement: Announcement, meeting: Meeting | None, now: datetime) -> None:
    send_at = as_utc(announcement.send_at)
    if send_at < now:
        raise Invalid(f"send_at {send_at.isoformat()} is in the past", field=("send_at",))
    if meeting is not None and send_at >= as_utc(meeting.starts_at):
        raise Invalid("send_at must be before the meeting starts", field=("send_at",))
    if meeting is None and announcement.reminder_offsets_minutes:
        raise Invalid("reminders are only for meeting notices", field=("reminder_offsets_minutes",))
    for index, offset in enumerate(announcement.reminder_offsets_minutes):
        if not 0 < offset <= MAX_REMINDER_MINUTES:
            raise Invalid(f"reminder offset must be 1..{MAX_REMINDER_MINUTES} minutes",
                          field=("reminder_offsets_minutes", index))


def _check_placeholders(announcement: Announcement, meeting: Meeting | None) -> None:
    allowed = MEETING_VARIABLES if meeting is not None else FREE_VARIABLES
    for script, text in announcement.texts.items():
        try:
            names = placeholders_in(text)
        except ValueError as exc:
            raise Invalid(f"broken {{placeholder}}: {exc}", field=("texts", script)) from exc
        unknown = sorted(names - allowed)
        if unknown:
            raise Invalid(f"unknown placeholders {unknown}; allowed: {sorted(allowed)}", field=("texts", script))
    if set(announcement.whatsapp_variables.values()) - {"name", "text"} and meeting is None:
        raise Invalid("a free notice's template can only use name and text", field=("whatsapp_template", "variables"))


def _check_sms(catalog: Catalog, announcement: Announcement, meeting: Meeting | None, limits: Limits) -> None:
    template = announcement.dlt_template_id
    if meeting is None and limits.dlt_required:
        raise Invalid("Indian SMS carries only DLT-registered texts, and a free notice is not one: "
                      "leave sms out of audience.channels", field=("audience", "channels"))
    if template is not None and limits.dlt_templates and template not in limits.dlt_templates:
        raise Invalid(f"unknown DLT template {template}", field=("dlt_template_id",))
    limit = limits.dlt_templates.get(template or "", limits.sms_max_segments)
    for script in announcement.texts:
        segments = _worst_segments(catalog, announcement, meeting, Script(script), limits.zone)
        if segments > limit:
            raise Invalid(f"the {script} text needs {segments} SMS segments; its DLT template allows {limit}",
                          field=("texts", script))


def _worst_segments(
    catalog: Catalog, announcement: Announcement, meeting: Meeting | None, script: Script, zone: ZoneInfo
) -> int:
    """Segments with the longest name a contact may have (names are cut to NAME_CHARS)."""
    long_name = ("W" if is_gsm7(announcement.texts[script.value]) else "क") * NAME_CHARS
    body = render_body(catalog, announcement=announcement, meeting=meeting, kind=NOTICE, script=script,
                       name=long_name, zone=zone)
    return count_segments(body).segments


# --- helpers --------------------------------------------------------------------------------------

def _apply(announcement: Announcement, changes: dict[str, Any], meeting: Meeting | None, limits: Limits) -> None:
    if "texts" in changes:
        announcement.texts = {script: text for script, text in changes["texts"].items() if text}
    if "audience" in changes:
        announcement.audience = Audience.from_json(changes["audience"]).to_json()
    elif not announcement.audience:
        districts = tuple(meeting.districts) if meeting is not None else ()
        announcement.audience = Audience(districts=districts).to_json()
    if "send_at" in changes:
        announcement.send_at = meeting_service.to_utc(changes["send_at"], limits.zone)
    if changes.get("reminder_offsets_minutes") is not None:
        announcement.reminder_offsets_minutes = sorted(set(changes["reminder_offsets_minutes"]), reverse=True)
    elif meeting is not None and "reminder_offsets_minutes" not in changes and announcement.id is None:
        announcement.reminder_offsets_minutes = list(limits.default_offsets)
    if "dlt_template_id" in changes:
        announcement.dlt_template_id = changes["dlt_template_id"]
    if "whatsapp_template" in changes:
        template = changes["whatsapp_template"] or {}
        announcement.whatsapp_content_sid = template.get("content_sid")
        announcement.whatsapp_variables = dict(template.get("variables") or {})


def _meeting_of(session: Session, meeting_id: int | None, actor: Actor) -> Meeting | None:
    if meeting_id is None:
        return None
    meeting = meeting_service.get_meeting(session, meeting_id=meeting_id, actor=actor)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Invalid(f"meeting {meeting_id} is {meeting.status}", field=("meeting_id",))
    return meeting


def planned_sends(announcement: Announcement, meeting: Meeting | None, now: datetime) -> list[tuple[str, datetime]]:
    """(kind, due time) of the notice and of each reminder still ahead of both the notice and now."""
    send_at = as_utc(announcement.send_at)
    sends = [(NOTICE, send_at)]
    if meeting is not None:
        for offset in announcement.reminder_offsets_minutes:
            due = as_utc(meeting.starts_at) - timedelta(minutes=offset)
            if due > send_at and due > now:
                sends.append((reminder_kind(offset), due))
    return sends


def _replan(session: Session, announcement: Announcement, meeting: Meeting | None, now: datetime) -> None:
    """Replace the pending sends by the current plan (sends already materialised stay as they are)."""
    session.execute(
        delete(AnnouncementSend).where(
            col(AnnouncementSend.announcement_id) == announcement.id, col(AnnouncementSend.state) == SendState.PENDING
        )
    )
    done = set(session.exec(select(AnnouncementSend.kind).where(col(AnnouncementSend.announcement_id) == announcement.id)).all())
    assert announcement.id is not None
    for kind, due_at in planned_sends(announcement, meeting, now):
        if kind not in done:
            session.add(AnnouncementSend(announcement_id=announcement.id, kind=kind, due_at=due_at))
    session.flush()


def _notice_materialised(session: Session, announcement_id: int) -> bool:
    return session.exec(
        select(AnnouncementSend.id).where(
            col(AnnouncementSend.announcement_id) == announcement_id, col(AnnouncementSend.kind) == NOTICE,
            col(AnnouncementSend.state) != SendState.PENDING,
        )
    ).first() is not None


def _ist(value: datetime, zone: ZoneInfo) -> str:
    return as_utc(value).astimezone(zone).strftime("%d-%m-%Y %H:%M")

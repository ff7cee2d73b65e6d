"""Coalition meetings: create, change, cancel, list. Services flush, never commit."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.content.catalog import Catalog
from bot.models_announcements import Announcement, AnnouncementStatus, Meeting, MeetingStatus
from bot.services import audience as audience_service
from bot.services.coalition_errors import Actor, Invalid, NotFound, check_region
from bot.services.coalition_schemas import MeetingIn, MeetingOut, MeetingPatch
from bot.services.notice_text import as_utc


def to_utc(value: datetime, zone: ZoneInfo) -> datetime:
    """An API time in UTC; a time without an offset is local (IST)."""
    return (value if value.tzinfo else value.replace(tzinfo=zone)).astimezone(UTC)


def check_districts(catalog: Catalog, region: str, districts: list[str], field: tuple[str | int, ...]) -> None:
    """Every district must exist and lie in the region."""
    known = audience_service.region_districts(catalog, region)
    for index, district in enumerate(districts):
        if district not in known:
            raise Invalid(f"unknown district {district!r} for region {region!r}; known: {', '.join(known)}",
                          field=(*field, index))


def create_meeting(
    session: Session, *, data: MeetingIn, actor: Actor, catalog: Catalog, now: datetime, zone: ZoneInfo
) -> Meeting:
    """A new scheduled meeting; refuses unknown districts and a start in the past."""
    check_region(actor, data.region)
    check_districts(catalog, data.region, data.districts, ("districts",))
    starts_at = _future(to_utc(data.starts_at, zone), now, "starts_at")
    meeting = Meeting(**data.model_dump(exclude={"starts_at"}), starts_at=starts_at, created_by=actor.label,
                      created_at=now, updated_at=now)
    session.add(meeting)
    session.flush()
    return meeting


def update_meeting(
    session: Session, *, meeting_id: int, data: MeetingPatch, actor: Actor, catalog: Catalog,
    now: datetime, zone: ZoneInfo,
) -> Meeting:
    """Change a scheduled meeting; pending reminders follow a new start time."""
    meeting = get_meeting(session, meeting_id=meeting_id, actor=actor)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Invalid(f"meeting is {meeting.status}", field=("status",))
    changes = data.model_dump(exclude_unset=True)
    if "districts" in changes:
        check_districts(catalog, meeting.region, changes["districts"], ("districts",))
    if "starts_at" in changes:
        changes["starts_at"] = _future(to_utc(changes["starts_at"], zone), now, "starts_at")
    for name, value in changes.items():
        setattr(meeting, name, value)
    meeting.updated_at = now
    session.flush()
    if "starts_at" in changes:
        from bot.services import announcements as announcement_service  # they depend on each other

        announcement_service.replan_meeting(session, meeting=meeting, now=now)
    return meeting


def cancel_meeting(session: Session, *, meeting_id: int, actor: Actor, now: datetime) -> Meeting:
    """Cancel the meeting and every announcement of it (queued notices are skipped)."""
    from bot.services import announcements as announcement_service  # they depend on each other

    meeting = get_meeting(session, meeting_id=meeting_id, actor=actor)
    meeting.status = MeetingStatus.CANCELLED
    meeting.updated_at = now
    query = select(Announcement).where(
        col(Announcement.meeting_id) == meeting_id, col(Announcement.status) != AnnouncementStatus.CANCELLED
    )
    for announcement in session.exec(query).all():
        assert announcement.id is not None
        announcement_service.cancel_announcement(session, announcement_id=announcement.id, actor=actor, now=now)
    return meeting


def get_meeting(session: Session, *, meeting_id: int, actor: Actor) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound(f"no meeting {meeting_id}", field=("meeting_id",))
    check_region(actor, meeting.region)
    return meeting


def list_meetings(session: Session, *, actor: Actor, since: datetime | None = None) -> list[Meeting]:
    """Meetings the actor may see, soonest first (from `since` when given)."""
    query = select(Meeting).order_by(col(Meeting.starts_at))
    if actor.region is not None:
        query = query.where(col(Meeting.region) == actor.region)
    if since is not None:
        query = query.where(col(Meeting.starts_at) >= since)
    return list(session.exec(query).all())


def meeting_out(meeting: Meeting, zone: ZoneInfo) -> MeetingOut:
    assert meeting.id is not None
    starts_at = as_utc(meeting.starts_at)
    return MeetingOut(
        id=meeting.id, title=meeting.title, region=meeting.region, districts=meeting.districts,
        venue=meeting.venue, starts_at=starts_at, starts_at_ist=starts_at.astimezone(zone).strftime("%d-%m-%Y %H:%M"),
        duration_minutes=meeting.duration_minutes, agenda=meeting.agenda, organiser=meeting.organiser,
        online_link=meeting.online_link, status=MeetingStatus(meeting.status).value,
    )


def _future(value: datetime, now: datetime, field: str) -> datetime:
    if value <= now:
        raise Invalid(f"{field} {value.isoformat()} is in the past", field=(field,))
    return value

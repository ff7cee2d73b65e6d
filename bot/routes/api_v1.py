"""The coordinator API: meetings and announcements, preview, schedule, cancel, report.

Bearer tokens come from `python -m bot token create --role coordinator [--region …]`. Each route
opens one unit of work, calls one service and commits; service errors carry their HTTP status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from bot import sender
from bot.content.schema import Channel
from bot.context import AppContext
from bot.db import session_scope
from bot.deps import ContextDep
from bot.services import announcement_reports as report_service
from bot.services import announcements as announcement_service
from bot.services import meetings as meeting_service
from bot.services import routing
from bot.services import tokens as token_service
from bot.services.coalition_errors import Actor, CoalitionError
from bot.services.coalition_schemas import (
    AnnouncementIn,
    AnnouncementOut,
    AnnouncementPatch,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    PreviewOut,
    ReportOut,
    TokenInfo,
)

router = APIRouter(prefix="/api/v1", tags=["coordinator API"])
bearer = HTTPBearer(auto_error=False, description="Token from `python -m bot token create`.")
T = TypeVar("T")
SAMPLE_INDIAN_NUMBER = "+919000000000"


def current_actor(
    ctx: ContextDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Actor:
    """The token's role and region; 401 when missing, unknown or revoked."""
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bearer token required", {"WWW-Authenticate": "Bearer"})
    with session_scope(ctx.engine) as session:
        actor = token_service.authenticate(session, token=credentials.credentials)
    if actor is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown or revoked token", {"WWW-Authenticate": "Bearer"})
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]


@contextmanager
def unit_of_work(ctx: AppContext) -> Iterator[Session]:
    """One transaction; a service error becomes its HTTP answer (422 names the field)."""
    try:
        with session_scope(ctx.engine) as session:
            yield session
    except CoalitionError as error:
        if error.status_code == status.HTTP_422_UNPROCESSABLE_CONTENT:
            detail: object = [{"loc": ["body", *error.field], "msg": error.message, "type": "value_error"}]
        else:
            detail = error.message
        raise HTTPException(error.status_code, detail) from error


def run(ctx: AppContext, work: Callable[[Session], T]) -> T:
    with unit_of_work(ctx) as session:
        return work(session)


def limits_of(ctx: AppContext) -> announcement_service.Limits:
    indian_sms = sender.routing_of(ctx).provider(Channel.SMS, SAMPLE_INDIAN_NUMBER)
    return announcement_service.Limits(
        zone=ctx.settings.tz, sms_max_segments=ctx.settings.saathi_sms_max_segments,
        dlt_templates=ctx.settings.saathi_dlt_templates, dlt_required=routing.needs_dlt(indian_sms),
        default_offsets=tuple(ctx.settings.saathi_reminder_offsets_minutes),
    )


@router.get("/me", response_model=TokenInfo)
def me(actor: ActorDep) -> TokenInfo:
    """The token's role and region."""
    return TokenInfo(role=actor.role, region=actor.region)


# --- meetings -------------------------------------------------------------------------------------

@router.post("/meetings", response_model=MeetingOut, status_code=201)
def create_meeting(data: MeetingIn, ctx: ContextDep, actor: ActorDep) -> MeetingOut:
    """Create a meeting (IST when no offset is given). 422: unknown district, start in the past."""
    return run(ctx, lambda s: meeting_service.meeting_out(meeting_service.create_meeting(
        s, data=data, actor=actor, catalog=ctx.catalog, now=ctx.clock(), zone=ctx.settings.tz), ctx.settings.tz))


@router.get("/meetings", response_model=list[MeetingOut])
def list_meetings(ctx: ContextDep, actor: ActorDep, upcoming: bool = Query(False, description="Only future meetings.")) -> list[MeetingOut]:
    """Meetings of the token's region, soonest first."""
    since = ctx.clock() if upcoming else None
    return run(ctx, lambda s: [meeting_service.meeting_out(m, ctx.settings.tz)
                               for m in meeting_service.list_meetings(s, actor=actor, since=since)])


@router.get("/meetings/{meeting_id}", response_model=MeetingOut)
def get_meeting(meeting_id: int, ctx: ContextDep, actor: ActorDep) -> MeetingOut:
    """One meeting."""
    return run(ctx, lambda s: meeting_service.meeting_out(
        meeting_service.get_meeting(s, meeting_id=meeting_id, actor=actor), ctx.settings.tz))


@router.patch("/meetings/{meeting_id}", response_model=MeetingOut)
def update_meeting(meeting_id: int, data: MeetingPatch, ctx: ContextDep, actor: ActorDep) -> MeetingOut:
    """Change a meeting; pending reminders move with a new start time."""
    return run(ctx, lambda s: meeting_service.meeting_out(meeting_service.update_meeting(
        s, meeting_id=meeting_id, data=data, actor=actor, catalog=ctx.catalog, now=ctx.clock(),
        zone=ctx.settings.tz), ctx.settings.tz))


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingOut)
def cancel_meeting(meeting_id: int, ctx: ContextDep, actor: ActorDep) -> MeetingOut:
    """Cancel a meeting and all its announcements."""
    return run(ctx, lambda s: meeting_service.meeting_out(
        meeting_service.cancel_meeting(s, meeting_id=meeting_id, actor=actor, now=ctx.clock()), ctx.settings.tz))


# --- announcements --------------------------------------------------------------------------------

@router.post("/announcements", response_model=AnnouncementOut, status_code=201)
def create_announcement(data: AnnouncementIn, ctx: ContextDep, actor: ActorDep) -> AnnouncementOut:
    """Create a draft. 422: unknown district, time in the past, SMS text over its DLT limit, no WhatsApp template."""
    def work(s: Session) -> AnnouncementOut:
        created = announcement_service.create_announcement(
            s, data=data, actor=actor, catalog=ctx.catalog, limits=limits_of(ctx), now=ctx.clock())
        return announcement_service.announcement_out(s, created, ctx.settings.tz)
    return run(ctx, work)


@router.get("/announcements", response_model=list[AnnouncementOut])
def list_announcements(
    ctx: ContextDep, actor: ActorDep, meeting_id: int | None = Query(None, description="Only this meeting's.")
) -> list[AnnouncementOut]:
    """Announcements of the token's region, newest first."""
    return run(ctx, lambda s: [announcement_service.announcement_out(s, a, ctx.settings.tz)
                               for a in announcement_service.list_announcements(s, actor=actor, meeting_id=meeting_id)])


@router.get("/announcements/{announcement_id}", response_model=AnnouncementOut)
def get_announcement(announcement_id: int, ctx: ContextDep, actor: ActorDep) -> AnnouncementOut:
    """One announcement with its scheduled sends."""
    return run(ctx, lambda s: announcement_service.announcement_out(
        s, announcement_service.get_announcement(s, announcement_id=announcement_id, actor=actor), ctx.settings.tz))


@router.patch("/announcements/{announcement_id}", response_model=AnnouncementOut)
def update_announcement(announcement_id: int, data: AnnouncementPatch, ctx: ContextDep, actor: ActorDep) -> AnnouncementOut:
    """Change an announcement whose notice has not gone out yet (409 otherwise)."""
    def work(s: Session) -> AnnouncementOut:
        changed = announcement_service.update_announcement(
            s, announcement_id=announcement_id, data=data, actor=actor, catalog=ctx.catalog,
            limits=limits_of(ctx), now=ctx.clock())
        return announcement_service.announcement_out(s, changed, ctx.settings.tz)
    return run(ctx, work)


@router.get("/announcements/{announcement_id}/preview", response_model=PreviewOut)
def preview_announcement(announcement_id: int, ctx: ContextDep, actor: ActorDep) -> PreviewOut:
    """Audience size by channel, the text per script, SMS segments and an estimated cost."""
    prices = report_service.Prices(ctx.settings.saathi_price_sms_segment, ctx.settings.saathi_price_whatsapp_template)
    return run(ctx, lambda s: report_service.preview(
        s, announcement=announcement_service.get_announcement(s, announcement_id=announcement_id, actor=actor),
        catalog=ctx.catalog, zone=ctx.settings.tz, prices=prices))


@router.post("/announcements/{announcement_id}/schedule", response_model=AnnouncementOut)
def schedule_announcement(announcement_id: int, ctx: ContextDep, actor: ActorDep) -> AnnouncementOut:
    """Schedule a draft: the notice and its reminders go out when due."""
    return run(ctx, lambda s: announcement_service.announcement_out(s, announcement_service.schedule_announcement(
        s, announcement_id=announcement_id, actor=actor, now=ctx.clock()), ctx.settings.tz))


@router.post("/announcements/{announcement_id}/cancel", response_model=AnnouncementOut)
def cancel_announcement(announcement_id: int, ctx: ContextDep, actor: ActorDep) -> AnnouncementOut:
    """Cancel: nothing more of it is sent; rows not yet sent are skipped as 'cancelled'."""
    return run(ctx, lambda s: announcement_service.announcement_out(s, announcement_service.cancel_announcement(
        s, announcement_id=announcement_id, actor=actor, now=ctx.clock()), ctx.settings.tz))


@router.get("/announcements/{announcement_id}/report", response_model=ReportOut)
def report_announcement(
    announcement_id: int, ctx: ContextDep, actor: ActorDep,
    limit: int = Query(200, ge=1, le=5000, description="Recipients per page."),
    offset: int = Query(0, ge=0, description="Recipients to skip."),
) -> ReportOut:
    """Per-recipient status (queued, sent, delivered, read, failed with code, skipped with reason) and RSVPs."""
    return run(ctx, lambda s: report_service.report(
        s, announcement=announcement_service.get_announcement(s, announcement_id=announcement_id, actor=actor),
        limit=limit, offset=offset))

"""Coordinators by phone: who may send "सूचना", what they see in the preview, the notice they confirm."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bot.content.catalog import Catalog
from bot.flows.state import NoticeRequested
from bot.models import Contact
from bot.models_announcements import Announcement, Coordinator
from bot.services import announcements as announcement_service
from bot.services import audience as audience_service
from bot.services.coalition_errors import Actor


def coordinator_of(session: Session, *, contact: Contact) -> Coordinator | None:
    """The coordinator registration of this contact's phone number, if any."""
    if not contact.phone:
        return None
    return session.exec(select(Coordinator).where(col(Coordinator.phone) == contact.phone)).first()


def add_coordinator(session: Session, *, phone: str, region: str, name: str, now: datetime) -> Coordinator:
    """Register (or move) a coordinator's number."""
    existing = session.exec(select(Coordinator).where(col(Coordinator.phone) == phone)).first()
    coordinator = existing or Coordinator(phone=phone, region=region, name=name, created_at=now)
    coordinator.region, coordinator.name = region, name or coordinator.name
    session.add(coordinator)
    session.flush()
    return coordinator


def coordinator_facts(
    session: Session, *, coordinator: Coordinator, catalog: Catalog, zone: ZoneInfo, sms_limit: int
) -> dict[str, Any]:
    """What the notice flow shows: the region's reach by channel, the SMS limit, the time zone."""
    districts = audience_service.region_districts(catalog, coordinator.region)
    reach = audience_service.count_reach(session, audience=audience_service.Audience(), districts=districts)
    return {"region": coordinator.region, "whatsapp": reach.whatsapp, "sms": reach.sms,
            "sms_limit": sms_limit, "tz": zone.key}


def create_phone_notice(
    session: Session, *, coordinator: Coordinator, event: NoticeRequested, now: datetime
) -> Announcement:
    """The confirmed notice as a scheduled free announcement for the coordinator's whole region.

    The text is sent exactly as typed (braces are not placeholders). WhatsApp contacts outside the
    24-hour window get it by SMS, since no template was chosen on the phone.
    """
    text = event.text.replace("{", "{{").replace("}", "}}")
    announcement = Announcement(
        region=coordinator.region, texts={"hi": text, event.script.value: text},
        audience=audience_service.Audience().to_json(), send_at=max(event.send_at, now),
        created_by=f"phone:{coordinator.phone[-4:]}", created_at=now,
    )
    session.add(announcement)
    session.flush()
    assert announcement.id is not None
    actor = Actor(role="coordinator", region=coordinator.region, label=announcement.created_by or "")
    return announcement_service.schedule_announcement(session, announcement_id=announcement.id, actor=actor, now=now)

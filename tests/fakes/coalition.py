"""Helpers for announcement tests: contacts in bulk, an API token, a meeting and its notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session, col, select

from bot.context import AppContext
from bot.db import session_scope
from bot.models import Contact, Message
from bot.routes.api_v1 import limits_of
from bot.services import announcements as announcement_service
from bot.services import meetings as meeting_service
from bot.services import tokens
from bot.services.coalition_errors import Actor
from bot.services.coalition_schemas import AnnouncementIn, MeetingIn

TEMPLATE_SID = "HX" + "a" * 32
DLT_TEMPLATE = "1107000000000000001"


@dataclass(frozen=True)
class People:
    """How to make a batch of contacts."""

    count: int
    district: str = "jhansi"
    whatsapp: bool = True
    consent: bool = True
    opted_out: bool = False
    in_window: bool = False
    script: str | None = None
    first: int = 1


def phone(index: int) -> str:
    return f"+9198{index:08d}"


def add_people(engine: Engine, people: People, *, now: datetime) -> list[int]:
    """Insert contacts in one statement; returns their ids."""
    rows = [_contact(people, people.first + offset, now) for offset in range(people.count)]
    with session_scope(engine) as session:
        session.execute(insert(Contact), rows)
        found = session.exec(select(Contact.id).where(col(Contact.phone).in_([row["phone"] for row in rows])))
        return sorted(contact_id for contact_id in found if contact_id is not None)


def _contact(people: People, index: int, now: datetime) -> dict[str, Any]:
    number = phone(index)
    return {
        "phone": number, "sms_address": number,
        "whatsapp_address": f"whatsapp:{number}" if people.whatsapp else None,
        "channels": ["whatsapp"] if people.whatsapp else ["sms"], "profile": {"name": f"Ram {index}"},
        "district": people.district, "script": people.script,
        "consent_at": now - timedelta(days=30) if people.consent else None,
        "opted_out_at": now - timedelta(days=1) if people.opted_out else None,
        "last_inbound_whatsapp_at": now - timedelta(hours=1) if people.in_window else None,
        "first_seen_at": now - timedelta(days=60),
    }


def api_token(engine: Engine, *, now: datetime, region: str | None = "bundelkhand", role: str = "coordinator") -> dict[str, str]:
    with session_scope(engine) as session:
        token = tokens.create_token(session, role=role, region=region, label="test", now=now)
    return {"Authorization": f"Bearer {token}"}


def meeting_body(starts_at: datetime, **changes: Any) -> dict[str, Any]:
    body = {"title": "उद्यमी बैठक", "region": "bundelkhand", "districts": ["jhansi"], "venue": "DIC हॉल, झाँसी",
            "starts_at": starts_at.isoformat(), "organiser": "DIC Jhansi"}
    return {**body, **changes}


def notice_body(meeting_id: int | None, when: datetime, /, **changes: Any) -> dict[str, Any]:
    body = {
        "meeting_id": meeting_id,
        "texts": {"hi": "नमस्ते {name} जी, {title} {date} को {time} बजे {venue} में है।",
                  "hi_latn": "Namaste {name} ji, {title} {date} ko {time} baje {venue} mein hai."},
        "send_at": when.isoformat(),
        "whatsapp_template": {"content_sid": TEMPLATE_SID, "variables": {"1": "name", "2": "date", "3": "venue"}},
    }
    return {**body, **changes}


def bulk_rows(engine: Engine) -> list[Message]:
    with Session(engine) as session:
        query = select(Message).where(col(Message.announcement_id).is_not(None)).order_by(col(Message.id))
        return list(session.exec(query).all())


def schedule_notice(
    context: AppContext, *, starts_in: timedelta = timedelta(days=3), send_in: timedelta = timedelta(0),
    meeting: dict[str, Any] | None = None, **changes: Any,
) -> tuple[int, int]:
    """A scheduled meeting notice through the services (as the API does); (meeting id, announcement id)."""
    now = context.clock()
    actor = Actor(role="admin", label="test")
    limits = limits_of(context)
    with session_scope(context.engine) as session:
        created = meeting_service.create_meeting(
            session, data=MeetingIn.model_validate(meeting_body(now + starts_in, **(meeting or {}))), actor=actor,
            catalog=context.catalog, now=now, zone=context.settings.tz)
        data = AnnouncementIn.model_validate(notice_body(created.id, now + send_in, **changes))
        announcement = announcement_service.create_announcement(
            session, data=data, actor=actor, catalog=context.catalog, limits=limits, now=now)
        assert announcement.id is not None and created.id is not None
        announcement_service.schedule_announcement(session, announcement_id=announcement.id, actor=actor, now=now)
        return created.id, announcement.id

"""The conversation's side of coalition announcements: facts for the engine, events back."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.content.catalog import Catalog
from bot.flows.guided.notice import COORDINATOR_FACT
from bot.flows.state import ContactView, NoticeRequested, RsvpGiven
from bot.models import Contact, Message
from bot.services import coordinators, missed_calls, rsvp


@dataclass(frozen=True)
class ViewSettings:
    timezone: str = "Asia/Kolkata"
    sms_limit: int = 3  # SMS segments a coordinator's notice may use


def enrich_view(
    session: Session, view: ContactView, *, contact: Contact, catalog: Catalog, settings: ViewSettings,
    now: datetime,
) -> ContactView:
    """Add meeting facts (invitation, next meeting) and, for coordinators, their notice facts."""
    zone = ZoneInfo(settings.timezone)
    facts = {**view.facts, **rsvp.contact_facts(session, contact=contact, zone=zone, now=now)}
    coordinator = coordinators.coordinator_of(session, contact=contact)
    if coordinator is not None:
        facts[COORDINATOR_FACT] = coordinators.coordinator_facts(
            session, coordinator=coordinator, catalog=catalog, zone=zone, sms_limit=settings.sms_limit
        )
    return dataclasses.replace(view, facts=facts, is_coordinator=view.is_coordinator or coordinator is not None)


def apply_event(session: Session, *, contact: Contact, message: Message, event: object, now: datetime) -> None:
    """Record an RSVP, or schedule a coordinator's confirmed notice."""
    assert contact.id is not None
    if isinstance(event, RsvpGiven):
        rsvp.record_rsvp(session, meeting_id=event.meeting_id, contact_id=contact.id, answer=event.answer,
                         message_id=message.id, now=now)
    elif isinstance(event, NoticeRequested):
        coordinator = coordinators.coordinator_of(session, contact=contact)
        if coordinator is not None:  # checked again: the flow's permission came from facts
            coordinators.create_phone_notice(session, coordinator=coordinator, event=event, now=now)


def record_call_rsvp(session: Session, contact: Contact, now: datetime) -> bool:
    """A missed call to the meeting number is a "yes" for the contact's next meeting (False: none)."""
    meeting = rsvp.next_meeting(session, contact=contact, now=now)
    if meeting is None or meeting.id is None or contact.id is None:
        return False
    rsvp.record_rsvp(session, meeting_id=meeting.id, contact_id=contact.id, answer="yes", message_id=None, now=now)
    return True


missed_calls.rsvp_recorder = record_call_rsvp

"""Missed calls: the basic-phone on-ramp. A call becomes a short SMS menu, an opt-in, or an RSVP."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.content.catalog import Catalog
from bot.content.schema import Channel
from bot.flows.state import SessionState
from bot.integrations.base import InboundMessage
from bot.integrations.exotel.inbound import MissedCall as CallEvent
from bot.integrations.phone import mask, to_e164
from bot.models import Contact, FlowSession
from bot.models_india import CallOutcome, MissedCall
from bot.services import contacts as contact_service
from bot.services import india_sms
from bot.services import outbox as outbox_service
from bot.services.sql import insert_ignoring_conflicts

logger = logging.getLogger("saathi.missed_calls")
MENU_KEY = "missed_call.menu"
# The meetings feature sets this: record an RSVP "yes" for the contact's next meeting and return
# True, or return False when no meeting is ahead. Until then a call to the meeting number is only
# recorded (outcome rsvp_pending) and no SMS is sent, because nothing was confirmed.
RsvpRecorder = Callable[[Session, Contact, datetime], bool]
rsvp_recorder: RsvpRecorder | None = None


@dataclass(frozen=True)
class CallSettings:
    provider: str  # default provider (routing decides the Indian one)
    sms: india_sms.SmsSettings
    meeting_number: str = ""
    menu_window: timedelta = timedelta(minutes=10)


def handle_call(
    session: Session, *, call: CallEvent, catalog: Catalog, settings: CallSettings, now: datetime
) -> list[int]:
    """Record the call once (by CallSid) and queue what it asks for; returns outbound ids."""
    if not _store(session, call, now):
        logger.info("duplicate missed call call_sid=%s ignored", call.call_sid)
        return []
    record = session.exec(select(MissedCall).where(
        col(MissedCall.provider) == call.provider, col(MissedCall.call_sid) == call.call_sid)).one()
    contact = _contact(session, call, now)
    record.contact_id = contact.id
    if _is_meeting_number(call.called, settings.meeting_number):
        return _rsvp(session, record, contact, catalog, settings, now)
    if _menu_sent_recently(session, call.phone, now - settings.menu_window):
        record.outcome = CallOutcome.RATE_LIMITED
        return []
    keys = ["optin.confirmed", MENU_KEY] if contact.opted_out_at else [MENU_KEY]
    contact_service.opt_in(contact, now=now)  # calling us is how a basic-phone user opts back in
    _reset_session(session, contact, now)
    record.outcome = CallOutcome.MENU_SENT
    return _queue(session, contact, keys, catalog, settings, now)


def _store(session: Session, call: CallEvent, now: datetime) -> bool:
    values = {
        "provider": call.provider, "call_sid": call.call_sid, "phone": call.phone, "called": call.called,
        "outcome": CallOutcome.RECEIVED.value, "raw": {k: list(v) for k, v in call.raw.items()}, "created_at": now,
    }
    return insert_ignoring_conflicts(session, MissedCall, values)


def _contact(session: Session, call: CallEvent, now: datetime) -> Contact:
    probe = InboundMessage(provider=call.provider, provider_id=call.call_sid, channel=Channel.SMS,
                           address=call.phone, phone=call.phone, body="")
    found = contact_service.get_or_create_contact(session, inbound=probe, now=now)
    contact = contact_service.lock_contact(session, found.id or 0)
    contact.sms_address = contact.sms_address or call.phone
    contact.last_seen_at = now
    return contact


def _is_meeting_number(called: str, meeting_number: str) -> bool:
    return bool(meeting_number) and to_e164(called) == to_e164(meeting_number)


def _menu_sent_recently(session: Session, phone: str, since: datetime) -> bool:
    query = select(MissedCall.id).where(
        col(MissedCall.phone) == phone, col(MissedCall.outcome) == CallOutcome.MENU_SENT,
        col(MissedCall.created_at) >= since,
    )
    return session.exec(query).first() is not None


def _rsvp(
    session: Session, record: MissedCall, contact: Contact, catalog: Catalog, settings: CallSettings, now: datetime
) -> list[int]:
    if rsvp_recorder is None:
        record.outcome = CallOutcome.RSVP_PENDING
        logger.warning("meeting missed call from %s recorded; RSVP waits for the meetings feature", mask(record.phone))
        return []
    recorded = rsvp_recorder(session, contact, now)
    record.outcome = CallOutcome.RSVP if recorded else CallOutcome.NO_MEETING
    key = "missed_call.rsvp_yes" if recorded else "missed_call.no_meeting"
    return _queue(session, contact, [key], catalog, settings, now)


def _reset_session(session: Session, contact: Contact, now: datetime) -> None:
    """A bare "1" after the menu SMS must pick from the main menu, whatever was pending before.

    The menu SMS is a first caller's welcome, so their first SMS is an answer to it, not a first
    contact (which would greet them again and ask the profile instead)."""
    flow_session = session.exec(select(FlowSession).where(col(FlowSession.contact_id) == contact.id)).first()
    if flow_session is None:
        session.add(FlowSession(contact_id=contact.id or 0, data={}, updated_at=now))
    else:
        script = SessionState.model_validate(flow_session.data or {}).script
        flow_session.data = SessionState(script=script).model_dump(mode="json")
        flow_session.flow, flow_session.step, flow_session.updated_at = "menu", None, now


def _queue(
    session: Session, contact: Contact, keys: list[str], catalog: Catalog, settings: CallSettings, now: datetime
) -> list[int]:
    script = india_sms.reply_script(contact, None)
    texts = [outbox_service.QueuedText(key, catalog.render(key, script, Channel.SMS)) for key in keys]
    address = contact.sms_address or contact.phone or ""
    provider, texts = india_sms.route(texts, channel=Channel.SMS, address=address, default=settings.provider,
                                      sms=settings.sms, catalog=catalog, script=script)
    rows = outbox_service.queue_messages(session, contact=contact, channel=Channel.SMS, address=address,
                                         provider=provider, texts=texts, now=now)
    return [row.id for row in rows if row.id is not None]



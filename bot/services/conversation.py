"""Inbound messages: store first (idempotent by provider id), then answer through the engine."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.content.catalog import Catalog
from bot.content.normalise import clean_text
from bot.content.schema import Channel, Script
from bot.flows import engine
from bot.flows.state import (
    ContactView,
    Event,
    Incoming,
    NoticeRequested,
    OptedIn,
    OptedOut,
    QueryAsked,
    RsvpGiven,
    ScriptChosen,
    SessionState,
    Turn,
)
from bot.integrations.base import InboundMessage
from bot.models import Contact, Direction, FlowSession, Message, MessageStatus, QueryLog
from bot.services import coalition, india_sms
from bot.services import contacts as contact_service
from bot.services import guided as guided_service
from bot.services import outbox as outbox_service
from bot.services.sql import insert_ignoring_conflicts, storable, storable_form

MAX_BODY_CHARS = 1600
logger = logging.getLogger("saathi.conversation")


@dataclass(frozen=True)
class StoredInbound:
    message_id: int
    contact_id: int
    duplicate: bool


def store_inbound(session: Session, *, inbound: InboundMessage, now: datetime) -> StoredInbound:
    """Save the message under its unique provider id; a redelivery changes nothing."""
    inbound = _storable(inbound)
    contact = contact_service.get_or_create_contact(session, inbound=inbound, now=now)
    assert contact.id is not None
    inserted = insert_ignoring_conflicts(session, Message, _inbound_values(inbound, contact.id, now))
    message = session.exec(
        select(Message).where(
            col(Message.provider) == inbound.provider, col(Message.provider_id) == inbound.provider_id
        )
    ).one()
    assert message.id is not None
    if inserted:
        contact_service.record_inbound(contact, inbound=inbound, now=now)
    return StoredInbound(message_id=message.id, contact_id=message.contact_id, duplicate=not inserted)


_CLEANED_LATER = frozenset({"body", "button_payload"})  # clean_text drops NUL with other controls


def _storable(inbound: InboundMessage) -> InboundMessage:
    """Every text field as the database can hold it (PostgreSQL refuses NUL characters)."""
    texts = {
        # type(), not isinstance(): the channel is a StrEnum and must stay one.
        name: storable(value)
        for name, value in vars(inbound).items()
        if type(value) is str and name not in _CLEANED_LATER
    }
    return dataclasses.replace(inbound, raw=storable_form(inbound.raw), **texts)


def _inbound_values(inbound: InboundMessage, contact_id: int, now: datetime) -> dict[str, object]:
    text = clean_text(inbound.button_payload or inbound.body)
    flags = []
    if len(text) > MAX_BODY_CHARS:
        text, flags = text[:MAX_BODY_CHARS], ["truncated"]
    if inbound.media:
        flags.append("media")
    return {
        "contact_id": contact_id, "direction": Direction.INBOUND.value, "channel": inbound.channel.value,
        "provider": inbound.provider, "provider_id": inbound.provider_id, "address": inbound.address,
        "body": text, "raw_body": storable(inbound.body), "status": MessageStatus.RECEIVED.value,
        "flags": flags, "media": [{"url": m.url, "content_type": m.content_type} for m in inbound.media],
        "raw": dict(inbound.raw),
        "segments": _inbound_segments(inbound), "created_at": now,
        "priority": 0, "attempts": 0,
    }


def _inbound_segments(inbound: InboundMessage) -> int | None:
    values = inbound.raw.get("NumSegments") or []
    return int(values[0]) if values and values[0].isdigit() else None


@dataclass(frozen=True)
class ProcessSettings:
    provider: str
    idle_minutes: int
    coalition: coalition.ViewSettings = coalition.ViewSettings()
    sms: india_sms.SmsSettings = india_sms.SmsSettings()
    office: dict[str, Any] | None = None  # office hours for "a person will reply …" (guided flows)


def process_inbound(
    session: Session, *, message_id: int, catalog: Catalog, settings: ProcessSettings, now: datetime
) -> list[int]:
    """Run the engine for a stored message; queue its replies. Returns the outbound message ids."""
    message = session.get(Message, message_id)
    assert message is not None
    contact = contact_service.lock_contact(session, message.contact_id)
    session.refresh(message)
    if message.status != MessageStatus.RECEIVED:
        return []  # another worker answered it already
    flow_session, is_new = _load_session(session, contact, now)
    state = _current_state(flow_session, now, settings.idle_minutes)
    incoming = _incoming(message)
    view = guided_service.with_facts(session, _contact_view(contact, is_new, now), contact, now=now, office=settings.office)
    view = coalition.enrich_view(session, view, contact=contact, catalog=catalog, settings=settings.coalition, now=now)
    turn = engine.handle(state, incoming, view, catalog)
    _apply_events(session, contact, message, turn.events, now)
    _save_state(flow_session, turn, now, settings.idle_minutes)
    message.status = MessageStatus.PROCESSED
    rows = _queue_replies(session, contact, message, turn, settings, catalog, now)
    return [row.id for row in rows if row.id is not None]


def record_processing_failure(
    session: Session, *, message_id: int, catalog: Catalog, provider: str, now: datetime,
    sms: india_sms.SmsSettings | None = None,
) -> list[int]:
    """The engine failed: mark the message and queue the generic apology, so nobody is left waiting."""
    message = session.get(Message, message_id)
    assert message is not None
    if message.status != MessageStatus.RECEIVED:
        return []
    contact = contact_service.lock_contact(session, message.contact_id)
    message.status = MessageStatus.FAILED_PROCESSING
    script = Script(contact.script) if contact.script else Script.HI
    text = catalog.render("errors.generic", script, Channel(message.channel))
    provider, texts = india_sms.route(
        [outbox_service.QueuedText("errors.generic", text)], channel=Channel(message.channel),
        address=message.address, default=provider, sms=sms or india_sms.SmsSettings(), catalog=catalog, script=script,
    )
    rows = outbox_service.queue_messages(
        session, contact=contact, channel=Channel(message.channel), address=message.address,
        provider=provider, texts=texts, now=now, in_reply_to_id=message.id,
    )
    return [row.id for row in rows if row.id is not None]


def pending_inbound_ids(session: Session, *, older_than: datetime, limit: int = 100) -> list[int]:
    """Inbound messages stored but never answered (the process died in between)."""
    query = (
        select(Message.id)
        .where(
            col(Message.direction) == Direction.INBOUND,
            col(Message.status) == MessageStatus.RECEIVED,
            col(Message.created_at) < older_than,
        )
        .order_by(col(Message.id))
        .limit(limit)
    )
    return [message_id for message_id in session.exec(query) if message_id is not None]


def _load_session(session: Session, contact: Contact, now: datetime) -> tuple[FlowSession, bool]:
    existing = session.exec(select(FlowSession).where(col(FlowSession.contact_id) == contact.id)).first()
    if existing is not None:
        return existing, False
    flow_session = FlowSession(contact_id=contact.id or 0, data={}, updated_at=now)
    session.add(flow_session)
    return flow_session, True


def _current_state(flow_session: FlowSession, now: datetime, idle_minutes: int) -> SessionState:
    """The stored state, or a fresh one at the menu after the idle timeout (keeping the script seen)."""
    state = SessionState.model_validate(flow_session.data or {})
    expires_at = flow_session.expires_at
    if expires_at is not None and _aware(expires_at) <= now:
        return SessionState(script=state.script)
    return state


def _save_state(flow_session: FlowSession, turn: Turn, now: datetime, idle_minutes: int) -> None:
    flow_session.data = turn.state.model_dump(mode="json")
    flow_session.flow = turn.state.flow
    flow_session.step = turn.state.node
    flow_session.updated_at = now
    flow_session.expires_at = now + timedelta(minutes=idle_minutes)


def _incoming(message: Message) -> Incoming:
    provider_replied = any(
        value.upper() in ("STOP", "START") for value in message.raw.get("OptOutType", [])
    )
    return Incoming(
        text=message.body,
        channel=Channel(message.channel),
        has_media=bool(message.media),
        truncated="truncated" in message.flags,
        provider_replied=provider_replied,
    )


def _contact_view(contact: Contact, is_new: bool, now: datetime) -> ContactView:
    return ContactView(
        script=Script(contact.script) if contact.script else None,
        is_new=is_new,
        opted_out=contact.opted_out_at is not None,
        district=contact.district,
        profile=dict(contact.profile),
        now=now,
    )


def _apply_events(
    session: Session, contact: Contact, message: Message, events: list[Event], now: datetime
) -> None:
    for event in events:
        if isinstance(event, OptedOut):
            contact_service.opt_out(contact, now=now)
        elif isinstance(event, OptedIn):
            contact_service.opt_in(contact, now=now)
        elif isinstance(event, ScriptChosen):
            contact.script = event.script.value
        elif isinstance(event, QueryAsked):
            session.add(_query_row(contact, message, event, now))
        elif isinstance(event, RsvpGiven | NoticeRequested):
            coalition.apply_event(session, contact=contact, message=message, event=event, now=now)
        else:
            guided_service.apply_event(session, contact, message, event, now)


def _query_row(contact: Contact, message: Message, event: QueryAsked, now: datetime) -> QueryLog:
    assert message.id is not None and contact.id is not None
    return QueryLog(
        message_id=message.id, contact_id=contact.id, raw_text=event.raw_text,
        normalised_text=event.normalised_text, matched_id=event.entry_id, confidence=event.confidence,
        band=event.band, answered=event.answered, channel=message.channel, district=contact.district,
        created_at=now,
    )


def _queue_replies(
    session: Session, contact: Contact, message: Message, turn: Turn, settings: ProcessSettings,
    catalog: Catalog, now: datetime,
) -> list[Message]:
    texts = [outbox_service.QueuedText(reply.key, reply.text) for reply in turn.replies]
    channel = Channel(message.channel)
    provider, texts = india_sms.route(
        texts, channel=channel, address=message.address, default=settings.provider, sms=settings.sms,
        catalog=catalog, script=india_sms.reply_script(contact, turn.state.script),
    )
    return outbox_service.queue_messages(
        session, contact=contact, channel=channel, address=message.address,
        provider=provider, texts=texts, now=now, in_reply_to_id=message.id,
    )


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)

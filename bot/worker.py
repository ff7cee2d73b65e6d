"""Units of work: each opens its own transactions and commits at its boundary.

Routes, the terminal chat and the scheduler call these; services below never commit.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot import reconcile
from bot.config import Settings
from bot.context import AppContext
from bot.db import session_scope
from bot.integrations.base import InboundMessage, SendError, StatusUpdate
from bot.models import Message, RejectedRequest
from bot.services import coalition, conversation, india_sms
from bot.services import outbox as outbox_service
from bot.services import status as status_service
from bot.services.outbox import OUTCOME_UNKNOWN
from bot.services.sql import storable_form

logger = logging.getLogger("saathi.worker")
STATUS_PATH = "/webhooks/twilio/status"
MESSAGE_ID_PARAM = "mid"
PENDING_INBOUND_GRACE = timedelta(seconds=30)


@dataclass(frozen=True)
class Received:
    message_id: int
    duplicate: bool
    reply_ids: list[int]


def receive(ctx: AppContext, inbound: InboundMessage) -> Received:
    """Store the message (its own transaction), then answer it; only storing may raise."""
    with session_scope(ctx.engine) as session:
        stored = conversation.store_inbound(session, inbound=inbound, now=ctx.clock())
    if stored.duplicate:
        logger.info("duplicate inbound provider_id=%s ignored", inbound.provider_id)
        return Received(stored.message_id, True, [])
    return Received(stored.message_id, False, answer(ctx, stored.message_id))


def answer(ctx: AppContext, message_id: int) -> list[int]:
    """Run the engine for a stored message; on failure queue the apology instead of losing the user."""
    sms = india_sms.sms_settings(ctx.settings)
    settings = conversation.ProcessSettings(
        provider=ctx.default_provider, idle_minutes=ctx.settings.saathi_session_idle_minutes, sms=sms,
        office=office_hours(ctx.settings),
        coalition=coalition.ViewSettings(ctx.settings.saathi_timezone, ctx.settings.saathi_sms_max_segments),
    )
    try:
        with session_scope(ctx.engine) as session:
            return conversation.process_inbound(
                session, message_id=message_id, catalog=ctx.catalog, settings=settings, now=ctx.clock()
            )
    except Exception:
        logger.exception("engine failed message_id=%s", message_id)
    with session_scope(ctx.engine) as session:
        return conversation.record_processing_failure(
            session, message_id=message_id, catalog=ctx.catalog, provider=ctx.default_provider, now=ctx.clock(),
            sms=sms,
        )


def office_hours(settings: Settings) -> dict[str, object]:
    """When staff answer, for the "a person will reply …" message."""
    return {
        "open": settings.saathi_office_open_hour, "close": settings.saathi_office_close_hour,
        "days": settings.saathi_office_days, "tz": settings.saathi_timezone,
    }


def dispatch(ctx: AppContext, message_ids: list[int]) -> None:
    """Send the given queued rows now (each claimed first, so a parallel sweep cannot double-send)."""
    for message_id in message_ids:
        _send_one(ctx, message_id)


def _send_one(ctx: AppContext, message_id: int) -> None:
    with session_scope(ctx.engine) as session:
        message = outbox_service.claim(session, message_id=message_id, now=ctx.clock())
        if message is None:
            return
        provider = ctx.providers.get(message.provider)
        request = outbox_service.send_request(message, status_callback_url=status_callback_url(ctx, message))
        # A reply never waits for a slot, but it uses one: bulk sends on this sender wait instead.
        ctx.pacers.of(f"{message.provider}:{message.channel}").take_anyway(ctx.clock())
    if provider is None:
        error = SendError(f"provider {message.provider!r} is not configured", code="no_provider")
        _record_failure(ctx, message_id, error)
        return
    try:
        result = provider.send(request)
    except SendError as error:
        if error.code in OUTCOME_UNKNOWN and message.attempts < ctx.settings.saathi_outbox_max_attempts:
            # Twilio may have taken it: the row stays claimed and, after the lease, bot/reconcile.py
            # asks Twilio before sending again, so a slow answer never becomes a double reply.
            logger.warning("send outcome unknown message_id=%s; left for reconciliation", message_id)
            return
        logger.warning("send failed message_id=%s code=%s retryable=%s", message_id, error.code, error.retryable)
        _record_failure(ctx, message_id, error)
        return
    except Exception as exc:  # a bug or an unexpected library error: keep the row, retry later
        logger.exception("send crashed message_id=%s", message_id)
        _record_failure(ctx, message_id, SendError(repr(exc), code="exception", retryable=True))
        return
    with session_scope(ctx.engine) as session:
        outbox_service.record_sent(session, message_id=message_id, result=result, now=ctx.clock())


def _record_failure(ctx: AppContext, message_id: int, error: SendError) -> None:
    with session_scope(ctx.engine) as session:
        outbox_service.record_failure(
            session, message_id=message_id, error=error, now=ctx.clock(),
            max_attempts=ctx.settings.saathi_outbox_max_attempts,
        )


def status_callback_url(ctx: AppContext, message: Message) -> str | None:
    """Twilio's StatusCallback for this row; our id rides along in case the callback beats our commit."""
    if message.provider != "twilio":
        return None
    return f"{ctx.settings.public_base_url}{STATUS_PATH}?{MESSAGE_ID_PARAM}={message.id}"


def apply_status(ctx: AppContext, update: StatusUpdate) -> bool:
    """Record a delivery status report."""
    with session_scope(ctx.engine) as session:
        return status_service.apply_status(session, update=update, now=ctx.clock())


def sweep(ctx: AppContext, *, batch: int = 200) -> int:
    """The periodic job: re-queue dead claims, answer stranded inbound messages, send what is due."""
    now = ctx.clock()
    reconcile.reconcile_stale(ctx)  # dead claims: ask the provider before anything is sent again
    with session_scope(ctx.engine) as session:
        pending = conversation.pending_inbound_ids(session, older_than=now - PENDING_INBOUND_GRACE)
    for message_id in pending:
        answer(ctx, message_id)
    with session_scope(ctx.engine) as session:
        due = outbox_service.due_message_ids(session, now=ctx.clock(), limit=batch, replies_only=True)
    dispatch(ctx, due)
    return len(due)


def record_rejection(ctx: AppContext, *, endpoint: str, reason: str, payload: dict[str, list[str]]) -> None:
    """Keep a refused (but authentic) provider request for staff, values cut to a sane size."""
    trimmed = {key: [value[:2000] for value in values] for key, values in storable_form(payload).items()}
    with session_scope(ctx.engine) as session:
        session.add(
            RejectedRequest(endpoint=endpoint, reason=reason, status_code=400, payload=trimmed, created_at=ctx.clock())
        )

"""Rows claimed by a sender that died: find out whether the provider has them before sending again.

A sender marks a row `sending` (with `locked_at`) before the HTTP request and records the provider's
id after it. A crash between the two leaves the row `sending` although the provider may have
accepted the message. Twilio's Messages.json takes no idempotency key, so after the lease (longer
than the HTTP timeout, so the dead sender's request can no longer be in flight) we ask the provider:
`find_sent` lists the messages to that address created since the claim and matches our body (or,
for a template send, any template message). Found: the row is recorded as sent with that id.
Not found: it is queued again. The lookup failing leaves the row for the next sweep; a provider
without a lookup (console) is simply queued again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.context import AppContext
from bot.db import session_scope
from bot.integrations.base import SendRequest, SendResult
from bot.models import Message, MessageStatus
from bot.services import outbox as outbox_service
from bot.services.notice_text import as_utc

logger = logging.getLogger("saathi.reconcile")
CLOCK_SKEW = timedelta(minutes=2)  # the provider's clock against ours


def reconcile_stale(ctx: AppContext, *, limit: int = 500) -> int:
    """Resolve every claim older than the lease; returns how many rows were resolved."""
    now = ctx.clock()
    lease = timedelta(seconds=ctx.settings.saathi_outbox_lease_seconds)
    with session_scope(ctx.engine) as session:
        stale = _stale(session, before=now - lease, limit=limit)
    return sum(_resolve(ctx, message, now) for message in stale)


def _stale(session: Session, *, before: datetime, limit: int) -> list[Message]:
    query = (
        select(Message)
        .where(col(Message.status) == MessageStatus.SENDING, col(Message.locked_at) < before)
        .order_by(col(Message.id))
        .limit(limit)
    )
    return list(session.exec(query).all())


def _resolve(ctx: AppContext, message: Message, now: datetime) -> bool:
    assert message.id is not None and message.locked_at is not None
    finder = getattr(ctx.providers.get(message.provider), "find_sent", None)
    found: SendResult | None = None
    if finder is not None:
        try:
            found = finder(_request(message), since=as_utc(message.locked_at) - CLOCK_SKEW)
        except Exception:  # the provider is unreachable: never resend blind, try on the next sweep
            logger.warning("reconcile lookup failed message_id=%s; kept for the next sweep", message.id)
            return False
    with session_scope(ctx.engine) as session:
        if found is not None:
            logger.info("reconciled message_id=%s: the provider has it as %s", message.id, found.provider_id)
            outbox_service.record_sent(session, message_id=message.id, result=found, now=now)
            return True
        return _requeue(session, message, now)


def _requeue(session: Session, message: Message, now: datetime) -> bool:
    """Queue again, unless another sweep resolved it meanwhile (the claim time must be unchanged)."""
    result = session.execute(
        update(Message)
        .where(col(Message.id) == message.id, col(Message.status) == MessageStatus.SENDING,
               col(Message.locked_at) == message.locked_at)
        .values(status=MessageStatus.QUEUED, next_attempt_at=now, locked_at=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _request(message: Message) -> SendRequest:
    """What the dead sender sent: address and body (a template send's body is not comparable)."""
    request = outbox_service.send_request(message, status_callback_url=None)
    template = bool(message.flags and "template" in message.flags)
    return SendRequest(message_id=request.message_id, channel=request.channel, to=request.to,
                       body=request.body, content_sid="template" if template else None)

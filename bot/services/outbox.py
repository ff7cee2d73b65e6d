"""The outbox: outbound message rows in status queued, claimed, sent and recorded.

Replies and broadcasts share it: one retry policy, one delivery log; replies (priority 0) go first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from bot.content.parts import split_parts
from bot.content.schema import Channel
from bot.content.segments import count_segments
from bot.integrations.base import SendError, SendRequest, SendResult
from bot.models import Contact, Direction, Message, MessageStatus
from bot.services.status import STATUS_RANK

# Twilio caps a body at 1,600 characters; for SMS we stay near its 320-character advice, because
# basic phones show long texts badly and every segment costs money.
CHANNEL_LIMITS = {Channel.WHATSAPP: 1600, Channel.SMS: 320}
REPLY_PRIORITY = 0
OUTCOME_UNKNOWN = frozenset({"timeout"})  # error codes after which the provider may have the message
SENDING_LEASE = timedelta(minutes=5)
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_MAX_SECONDS = 3600.0


@dataclass(frozen=True)
class QueuedText:
    key: str
    text: str
    template_id: str | None = None  # an Indian SMS: the DLT template it was composed from


def queue_messages(
    session: Session,
    *,
    contact: Contact,
    channel: Channel,
    address: str,
    provider: str,
    texts: list[QueuedText],
    now: datetime,
    in_reply_to_id: int | None = None,
    priority: int = REPLY_PRIORITY,
) -> list[Message]:
    """Write outbound rows (split into numbered parts where a text is too long) in status queued."""
    rows = []
    for item in texts:
        # A DLT template is registered whole: cutting it into parts would break the match.
        parts = [item.text] if item.template_id else split_parts(item.text, CHANNEL_LIMITS[channel])
        for part in parts:
            row = _outbound_row(contact, channel, address, provider, item.key, part, now, in_reply_to_id, priority)
            row.template_id = item.template_id
            rows.append(row)
    session.add_all(rows)
    session.flush()
    return rows


def _outbound_row(
    contact: Contact, channel: Channel, address: str, provider: str, key: str, body: str,
    now: datetime, in_reply_to_id: int | None, priority: int,
) -> Message:
    count = count_segments(body)
    assert contact.id is not None
    return Message(
        contact_id=contact.id, direction=Direction.OUTBOUND, channel=channel.value, provider=provider,
        address=address, body=body, content_key=key, status=MessageStatus.QUEUED, priority=priority,
        segments=count.segments if channel == Channel.SMS else 1, encoding=count.encoding.value,
        in_reply_to_id=in_reply_to_id, next_attempt_at=now, created_at=now,
    )


def claim(session: Session, *, message_id: int, now: datetime) -> Message | None:
    """Take one due row for sending (conditional UPDATE, so two senders never both take it)."""
    due = or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now)
    result = session.execute(
        update(Message)
        .where(and_(col(Message.id) == message_id, col(Message.status) == MessageStatus.QUEUED, due))
        .values(status=MessageStatus.SENDING, locked_at=now, attempts=Message.attempts + 1)  # type: ignore[arg-type]
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    message = session.get(Message, message_id)
    if message is not None:
        session.refresh(message)
    return message


def due_message_ids(session: Session, *, now: datetime, limit: int, replies_only: bool = False) -> list[int]:
    """Queued rows whose time has come, replies before bulk, oldest first.

    replies_only leaves announcement rows to the paced bulk sender (bot/sender.py), which applies
    the delivery rules (consent, quiet hours, WhatsApp window) they need.
    """
    due = or_(col(Message.next_attempt_at).is_(None), col(Message.next_attempt_at) <= now)
    bulk = col(Message.announcement_id).is_(None) if replies_only else True
    query = (
        select(Message.id)
        .where(col(Message.status) == MessageStatus.QUEUED, due, bulk)
        .order_by(col(Message.priority), col(Message.next_attempt_at), col(Message.id))
        .limit(limit)
    )
    return [message_id for message_id in session.exec(query) if message_id is not None]


def release_stale_claims(session: Session, *, now: datetime) -> int:
    """Rows claimed by a sender that died are queued again after the lease."""
    result = session.execute(
        update(Message)
        .where(col(Message.status) == MessageStatus.SENDING, col(Message.locked_at) < now - SENDING_LEASE)
        .values(status=MessageStatus.QUEUED, next_attempt_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def send_request(message: Message, *, status_callback_url: str | None) -> SendRequest:
    assert message.id is not None
    return SendRequest(
        message_id=message.id, channel=Channel(message.channel), to=message.address,
        body=message.body, status_callback_url=status_callback_url, template_id=message.template_id,
    )


def record_sent(session: Session, *, message_id: int, result: SendResult, now: datetime) -> None:
    """The provider accepted the message: keep its id, mark it sent."""
    message = session.get(Message, message_id)
    assert message is not None
    message.provider_id = result.provider_id
    # A status callback may have arrived first (it finds the row by our id): never move back.
    if STATUS_RANK.get(MessageStatus(result.status), 0) > STATUS_RANK.get(MessageStatus(message.status), 0):
        message.status = MessageStatus(result.status)
    message.sent_at = now
    message.status_updated_at = now
    message.locked_at = None


def record_failure(
    session: Session, *, message_id: int, error: SendError, now: datetime, max_attempts: int
) -> None:
    """Retry temporary failures with backoff; record permanent ones with the provider's code."""
    message = session.get(Message, message_id)
    assert message is not None
    message.error_code = error.code
    message.error_message = error.reason[:500]
    message.locked_at = None
    if error.retryable and message.attempts < max_attempts:
        message.status = MessageStatus.QUEUED
        message.next_attempt_at = now + backoff(message.attempts)
        return
    message.status = MessageStatus.FAILED
    message.status_updated_at = now
    if error.opted_out:
        contact = session.get(Contact, message.contact_id)
        if contact is not None and contact.opted_out_at is None:
            contact.opted_out_at = now


def backoff(attempts: int, *, rng: random.Random | None = None) -> timedelta:
    """Exponential backoff with full jitter: up to base·2^(n-1) seconds, capped."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=(rng or random).uniform(ceiling / 2, ceiling))

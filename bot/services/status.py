"""Delivery status callbacks: status only moves forward; an opt-out error marks the contact."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.integrations.base import StatusUpdate
from bot.models import Contact, Message, MessageStatus

# Callbacks arrive out of order: a late "sent" must never overwrite "delivered".
STATUS_RANK = {
    MessageStatus.QUEUED: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.ACCEPTED: 2,
    MessageStatus.SENT: 3,
    MessageStatus.DELIVERED: 4,
    MessageStatus.UNDELIVERED: 4,
    MessageStatus.FAILED: 4,
    MessageStatus.READ: 5,
}
OPTED_OUT_CODES = frozenset({"21610"})


def apply_status(session: Session, *, update: StatusUpdate, now: datetime) -> bool:
    """Apply a status report; False when the message is unknown or the report is stale."""
    message = _find(session, update)
    if message is None:
        return False
    if update.error_code in OPTED_OUT_CODES:
        _mark_opted_out(session, message.contact_id, now)
    new, current = MessageStatus(update.status), MessageStatus(message.status)
    if STATUS_RANK.get(new, 0) <= STATUS_RANK.get(current, 0):
        return False
    message.status = new
    message.status_updated_at = now
    if update.error_code:
        message.error_code = update.error_code
        message.error_message = (update.error_message or "")[:500] or message.error_message
    return True


def _find(session: Session, update: StatusUpdate) -> Message | None:
    """By the provider's id; else by our id from the callback URL when the send is not recorded yet."""
    message = session.exec(
        select(Message).where(
            col(Message.provider) == update.provider, col(Message.provider_id) == update.provider_id
        )
    ).first()
    if message is not None or update.message_id is None:
        return message
    message = session.get(Message, update.message_id)
    if message is None or message.provider != update.provider or message.provider_id not in (None, update.provider_id):
        return None
    message.provider_id = update.provider_id
    return message


def _mark_opted_out(session: Session, contact_id: int, now: datetime) -> None:
    contact = session.get(Contact, contact_id)
    if contact is not None and contact.opted_out_at is None:
        contact.opted_out_at = now

"""Contacts: one person across channels, their consent and opt-out state."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.content.schema import Channel
from bot.integrations.base import InboundMessage
from bot.models import Contact
from bot.services.sql import insert_ignoring_conflicts


def address_column(channel: Channel) -> str:
    return "whatsapp_address" if channel == Channel.WHATSAPP else "sms_address"


def find_contact(session: Session, *, channel: Channel, address: str, phone: str | None) -> Contact | None:
    """The contact with this channel address, else the one with this phone number."""
    column = getattr(Contact, address_column(channel))
    contact = session.exec(select(Contact).where(column == address)).first()
    if contact is None and phone:
        contact = session.exec(select(Contact).where(col(Contact.phone) == phone)).first()
    return contact


def get_or_create_contact(session: Session, *, inbound: InboundMessage, now: datetime) -> Contact:
    """Find the sender, or create them; safe when two first messages race."""
    contact = find_contact(session, channel=inbound.channel, address=inbound.address, phone=inbound.phone)
    if contact is None:
        values = {
            "phone": inbound.phone,
            address_column(inbound.channel): inbound.address,
            "channels": [],
            "profile": {},
            "first_seen_at": now,
        }
        insert_ignoring_conflicts(session, Contact, values)
        contact = find_contact(session, channel=inbound.channel, address=inbound.address, phone=inbound.phone)
    assert contact is not None
    return contact


def record_inbound(contact: Contact, *, inbound: InboundMessage, now: datetime) -> None:
    """Update what we know from a new message: addresses, channels, the 24-hour window."""
    setattr(contact, address_column(inbound.channel), inbound.address)
    if inbound.phone and not contact.phone:
        contact.phone = inbound.phone
    if inbound.channel.value not in contact.channels:
        contact.channels = [*contact.channels, inbound.channel.value]
    contact.profile_name = inbound.profile_name or contact.profile_name
    contact.wa_id = inbound.wa_id or contact.wa_id
    contact.external_user_id = inbound.external_user_id or contact.external_user_id
    contact.last_seen_at = now
    if inbound.channel == Channel.WHATSAPP:
        contact.last_inbound_whatsapp_at = now
    else:
        contact.last_inbound_sms_at = now


def lock_contact(session: Session, contact_id: int) -> Contact:
    """Load the contact for update: concurrent messages from one person are processed one at a time."""
    contact = session.exec(select(Contact).where(Contact.id == contact_id).with_for_update()).one()
    return contact


def opt_out(contact: Contact, *, now: datetime) -> None:
    """Stop every broadcast to this contact."""
    contact.opted_out_at = contact.opted_out_at or now


def opt_in(contact: Contact, *, now: datetime) -> None:
    contact.opted_out_at = None

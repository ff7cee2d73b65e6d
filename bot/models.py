"""Database tables (SQLModel). Times are stored in UTC; only presentation converts to IST."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_column(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable, index=index))


class Direction(StrEnum):
    INBOUND = "in"
    OUTBOUND = "out"


class MessageStatus(StrEnum):
    RECEIVED = "received"  # inbound, stored, not yet answered
    PROCESSED = "processed"  # inbound, answered (or deliberately ignored)
    FAILED_PROCESSING = "failed_processing"  # inbound, the engine failed; an apology was queued
    QUEUED = "queued"  # outbound, waiting in the outbox (next_attempt_at)
    SENDING = "sending"  # outbound, claimed by a sender
    ACCEPTED = "accepted"  # provider took it (queued/accepted on its side)
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    READ = "read"
    FAILED = "failed"
    SKIPPED = "skipped"  # outbound bulk row not sent on purpose (opted out, no consent …); reason in error_code


class Contact(SQLModel, table=True):
    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    phone: str | None = Field(default=None, unique=True, index=True)  # E.164 when known
    sms_address: str | None = Field(default=None, unique=True)
    whatsapp_address: str | None = Field(default=None, unique=True)  # "whatsapp:+91…" or a BSUID
    wa_id: str | None = None
    external_user_id: str | None = None
    profile_name: str | None = None
    channels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    script: str | None = None  # explicit choice: hi / hi_latn / en; None = follow the user's writing
    district: str | None = Field(default=None, index=True)
    consent_at: datetime | None = utc_column()
    consent_channel: str | None = None
    opted_out_at: datetime | None = utc_column()
    first_seen_at: datetime | None = utc_column()
    last_seen_at: datetime | None = utc_column()
    last_inbound_sms_at: datetime | None = utc_column()
    last_inbound_whatsapp_at: datetime | None = utc_column()  # the WhatsApp 24-hour window
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class FlowSession(SQLModel, table=True):
    """The one conversation state of a contact (engine-owned JSON, plus expiry)."""

    __tablename__ = "flow_session"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", unique=True)
    flow: str = "menu"
    step: str | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime | None = utc_column()
    expires_at: datetime | None = utc_column()


class Message(SQLModel, table=True):
    """Both directions. Outbound rows in status queued are the outbox."""

    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("provider", "provider_id"),
        # id last: the sender takes the oldest due rows in order, even when thousands share a time.
        Index("ix_message_outbox", "status", "priority", "next_attempt_at", "id"),
        Index("ix_message_contact_created", "contact_id", "created_at"),
        # One row per (announcement, contact, kind): materialising a send twice adds nothing.
        UniqueConstraint("announcement_id", "contact_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    direction: Direction = Field(sa_column=Column(String(8), nullable=False))
    channel: str
    provider: str  # twilio, console, exotel …
    provider_id: str | None = None  # MessageSid etc.; unique per provider
    address: str  # the contact's channel address (From inbound, To outbound)
    body: str = ""
    raw_body: str | None = None  # inbound text exactly as received
    content_key: str | None = None  # outbound: which content produced it
    template_id: str | None = None  # outbound Indian SMS: the DLT template it must match
    segments: int | None = None
    encoding: str | None = None
    status: MessageStatus = Field(sa_column=Column(String(24), nullable=False, index=True))
    error_code: str | None = None
    error_message: str | None = None
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    media: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    raw: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    in_reply_to_id: int | None = Field(default=None, foreign_key="message.id")
    priority: int = 0  # 0 = reply to a user, higher = bulk; lower goes first
    attempts: int = 0
    next_attempt_at: datetime | None = utc_column()
    locked_at: datetime | None = utc_column()
    created_at: datetime = utc_column(nullable=False)
    sent_at: datetime | None = utc_column()
    status_updated_at: datetime | None = utc_column()
    announcement_id: int | None = Field(default=None, foreign_key="announcement.id", index=True)
    kind: str | None = None  # bulk rows: notice / reminder_<minutes>m


class QueryLog(SQLModel, table=True):
    """Every free question: what was asked, what matched, whether it was answered."""

    __tablename__ = "query_log"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", unique=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    raw_text: str
    normalised_text: str = Field(index=True)
    matched_id: str | None = Field(default=None, index=True)
    confidence: float = 0.0
    band: str = "fallback"
    answered: bool = Field(default=False, index=True)
    channel: str
    district: str | None = None
    useful: bool | None = None
    created_at: datetime = utc_column(nullable=False, index=True)


class RejectedRequest(SQLModel, table=True):
    """A provider request we refused with a 4xx after its signature checked out: kept for staff."""

    __tablename__ = "rejected_request"

    id: int | None = Field(default=None, primary_key=True)
    endpoint: str
    reason: str
    status_code: int
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = utc_column(nullable=False, index=True)


from bot.models_announcements import *  # noqa: E402,F401,F403  (registers the announcement tables)
from bot.models_guided import *  # noqa: E402,F401,F403  (registers the handoff table)
from bot.models_india import *  # noqa: E402,F401,F403  (registers the missed_call table)

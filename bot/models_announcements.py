"""Tables for coalition announcements: meetings, announcements, their scheduled sends, RSVPs,
coordinator API tokens and coordinator phone numbers. Times are UTC; presentation converts to IST."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.models import utc_column


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    DONE = "done"


class AnnouncementStatus(StrEnum):
    DRAFT = "draft"  # created, not yet scheduled: nothing will be sent
    SCHEDULED = "scheduled"  # its sends are in announcement_send and will materialise when due
    CANCELLED = "cancelled"


class SendState(StrEnum):
    PENDING = "pending"  # waiting for due_at
    MATERIALISED = "materialised"  # its outbox rows exist
    EXPIRED = "expired"  # due while nothing ran and now pointless (the meeting began)
    CANCELLED = "cancelled"


class Meeting(SQLModel, table=True):
    """A coalition meeting; notices and reminders point at it and RSVPs count against it."""

    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    region: str = Field(index=True)  # bundelkhand / eastern_up / mp (districts.yaml)
    districts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    venue: str
    starts_at: datetime = utc_column(nullable=False, index=True)
    duration_minutes: int = 120
    agenda: str = ""
    organiser: str = ""
    online_link: str | None = None
    status: MeetingStatus = Field(
        default=MeetingStatus.SCHEDULED, sa_column=Column(String(16), nullable=False, index=True)
    )
    created_by: str | None = None
    created_at: datetime = utc_column(nullable=False)
    updated_at: datetime | None = utc_column()


class Announcement(SQLModel, table=True):
    """A notice (about a meeting, or free) with its audience, timing and channel templates."""

    __tablename__ = "announcement"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", index=True)
    region: str = Field(index=True)
    texts: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    audience: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    send_at: datetime = utc_column(nullable=False)
    reminder_offsets_minutes: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    dlt_template_id: str | None = None
    whatsapp_content_sid: str | None = None
    whatsapp_variables: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: AnnouncementStatus = Field(
        default=AnnouncementStatus.DRAFT, sa_column=Column(String(16), nullable=False, index=True)
    )
    created_by: str | None = None
    created_at: datetime = utc_column(nullable=False)
    updated_at: datetime | None = utc_column()


class AnnouncementSend(SQLModel, table=True):
    """One scheduled send (the notice, or one reminder): the scheduler's source of truth."""

    __tablename__ = "announcement_send"
    __table_args__ = (UniqueConstraint("announcement_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    announcement_id: int = Field(foreign_key="announcement.id", index=True)
    kind: str  # notice / reminder_<minutes>m
    due_at: datetime = utc_column(nullable=False, index=True)
    state: SendState = Field(default=SendState.PENDING, sa_column=Column(String(16), nullable=False, index=True))
    rows: int = 0  # outbox rows written when it materialised
    materialised_at: datetime | None = utc_column()


class Rsvp(SQLModel, table=True):
    """A contact's latest answer to "आएँगे?" for one meeting."""

    __tablename__ = "rsvp"
    __table_args__ = (UniqueConstraint("meeting_id", "contact_id"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    contact_id: int = Field(foreign_key="contact.id")
    answer: str  # yes / no
    message_id: int | None = Field(default=None, foreign_key="message.id")
    answered_at: datetime = utc_column(nullable=False)


class ApiToken(SQLModel, table=True):
    """A bearer token for /api/v1; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True)
    role: str  # coordinator / admin
    region: str | None = None  # a coordinator token may be limited to one region
    label: str = ""
    created_at: datetime = utc_column(nullable=False)
    revoked_at: datetime | None = utc_column()


class Coordinator(SQLModel, table=True):
    """A phone number allowed to create notices for its region by SMS/WhatsApp (सूचना / notice)."""

    __tablename__ = "coordinator"

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(unique=True)  # E.164
    region: str
    name: str = ""
    created_at: datetime = utc_column(nullable=False)

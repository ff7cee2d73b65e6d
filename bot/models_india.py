"""Tables for the India SMS channel: missed calls (deduplicated by Exotel's CallSid)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.models import utc_column


class CallOutcome(StrEnum):
    RECEIVED = "received"  # stored, not yet handled
    MENU_SENT = "menu_sent"
    RATE_LIMITED = "rate_limited"  # a menu went to this number less than 10 minutes ago
    RSVP = "rsvp"  # a call to the meeting number: RSVP yes recorded
    RSVP_PENDING = "rsvp_pending"  # a call to the meeting number before RSVPs could be recorded
    NO_MEETING = "no_meeting"  # a call to the meeting number with no meeting ahead


class MissedCall(SQLModel, table=True):
    """One missed call: who called which number, and what we did about it."""

    __tablename__ = "missed_call"
    __table_args__ = (
        UniqueConstraint("provider", "call_sid"),
        Index("ix_missed_call_phone_created", "phone", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    provider: str
    call_sid: str
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    phone: str  # caller, E.164
    called: str = ""  # the number dialled
    outcome: CallOutcome = Field(
        default=CallOutcome.RECEIVED, sa_column=Column(String(16), nullable=False)
    )
    raw: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = utc_column(nullable=False)

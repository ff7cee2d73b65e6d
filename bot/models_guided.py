"""Tables of the guided flows: requests to talk to a person (handoff)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, String
from sqlmodel import Field, SQLModel


class HandoffStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # staff closed it
    CANCELLED = "cancelled"  # the contact sent 0/menu or opted out
    EXPIRED = "expired"  # 24 hours passed


class Handoff(SQLModel, table=True):
    """A contact asked for a person; the bot stays quiet on their conversation while it is open."""

    __tablename__ = "handoff"

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    status: HandoffStatus = Field(sa_column=Column(String(16), nullable=False, index=True))
    requested_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    closed_by: str | None = None  # staff name, "contact" or "timeout"
    context: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

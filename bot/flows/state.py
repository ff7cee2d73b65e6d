"""The engine's inputs and outputs: plain data, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from bot.content.schema import Channel, Script
from bot.flows.guided_events import GuidedEvent


class SessionState(BaseModel):
    """What the next message answers. Stored as JSON on the contact's flow_session row."""

    flow: str = "menu"
    node: str | None = None  # "menu:<id>", "more", "followups", "suggest", "language" or None (idle)
    options: list[str] = Field(default_factory=list)  # targets offered as numbers right now
    stack: list[str] = Field(default_factory=list)  # menus visited, for "#"/back
    script: Script | None = None  # the script the user last wrote in
    data: dict[str, Any] = Field(default_factory=dict)  # flow-specific answers


@dataclass(frozen=True)
class Incoming:
    """The user's message as the engine sees it (already cleaned and NFC-normalised)."""

    text: str
    channel: Channel
    has_media: bool = False
    truncated: bool = False
    provider_replied: bool = False  # the provider already answered a STOP/START keyword itself


@dataclass(frozen=True)
class ContactView:
    """What the engine may know about the contact; the service fills it from the database."""

    script: Script | None  # explicit preference, or None to follow how the user writes
    is_new: bool = False
    opted_out: bool = False
    district: str | None = None
    profile: Mapping[str, Any] = field(default_factory=dict)  # stage, sector, … (guided flows)
    is_coordinator: bool = False
    facts: Mapping[str, Any] = field(default_factory=dict)  # per-feature facts (next meeting, handoff …)
    now: datetime | None = None  # the service's clock, for flows that speak about time


@dataclass(frozen=True)
class Reply:
    key: str  # the content key or entry id that produced the text
    text: str


@dataclass(frozen=True)
class OptedOut:
    pass


@dataclass(frozen=True)
class OptedIn:
    pass


@dataclass(frozen=True)
class ScriptChosen:
    script: Script


@dataclass(frozen=True)
class QueryAsked:
    """A question for the query log (free text, or an entry picked from a menu)."""

    raw_text: str
    normalised_text: str
    entry_id: str | None
    confidence: float
    band: str  # answer / suggest / fallback / menu
    answered: bool


@dataclass(frozen=True)
class RsvpGiven:
    """The contact answered a meeting invitation."""

    meeting_id: int
    answer: str  # yes / no


@dataclass(frozen=True)
class NoticeRequested:
    """A coordinator confirmed a notice for their region (coordinator flow)."""

    text: str
    send_at: datetime  # UTC
    script: Script


Event = OptedOut | OptedIn | ScriptChosen | QueryAsked | RsvpGiven | NoticeRequested | GuidedEvent


@dataclass
class Turn:
    state: SessionState
    replies: list[Reply] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def say(self, key: str, text: str) -> Turn:
        self.replies.append(Reply(key, text))
        return self

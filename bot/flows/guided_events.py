"""Events the guided flows emit; the conversation service stores them (bot.services.guided)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ProfileUpdated:
    """One profile answer: district goes to Contact.district, the rest to Contact.profile."""

    field: str
    value: Any


@dataclass(frozen=True)
class ProfileSkipped:
    """The contact skipped a question or left the profile: do not ask again for a week."""


@dataclass(frozen=True)
class ConsentGiven:
    """Explicit yes (or no) to coalition meeting notices, stored with its time and channel."""

    accepted: bool


@dataclass(frozen=True)
class HandoffRequested:
    """The contact wants a person; `context` is what staff see with the request."""

    context: dict[str, Any]


@dataclass(frozen=True)
class HandoffCancelled:
    pass


@dataclass(frozen=True)
class FeedbackAsked:
    entry_id: str


@dataclass(frozen=True)
class FeedbackGiven:
    entry_id: str
    useful: bool


@dataclass(frozen=True)
class DemandLogged:
    """A question worth counting for staff (e.g. a mandi price asked for a district)."""

    topic: str
    detail: str


GuidedEvent = (
    ProfileUpdated | ProfileSkipped | ConsentGiven | HandoffRequested | HandoffCancelled | FeedbackAsked
    | FeedbackGiven | DemandLogged
)

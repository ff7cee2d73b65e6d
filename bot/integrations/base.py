"""Our own message objects and the interface every messaging provider implements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.content.schema import Channel


@dataclass(frozen=True)
class Media:
    url: str
    content_type: str


@dataclass(frozen=True)
class InboundMessage:
    """A message a user sent, decoded from any provider's request."""

    provider: str
    provider_id: str
    channel: Channel
    address: str  # the sender's channel address exactly as the provider gave it (may be a BSUID)
    phone: str | None  # E.164 when the address carries a phone number
    body: str
    recipient: str = ""
    media: tuple[Media, ...] = ()
    profile_name: str | None = None
    wa_id: str | None = None
    external_user_id: str | None = None
    button_payload: str | None = None
    opt_out_type: str | None = None  # START/STOP/HELP when the provider already acted on a keyword
    raw: Mapping[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SendRequest:
    """One outbound message as the outbox hands it to a provider."""

    message_id: int
    channel: Channel
    to: str  # channel address, e.g. "+9198…" or "whatsapp:+9198…"
    body: str
    status_callback_url: str | None = None
    content_sid: str | None = None  # WhatsApp template outside the 24-hour window
    content_variables: Mapping[str, str] | None = None
    template_id: str | None = None  # Indian SMS: the DLT template the body must match


@dataclass(frozen=True)
class SendResult:
    provider_id: str
    status: str  # our MessageStatus value, e.g. "accepted" or "sent"


class SendError(Exception):
    """A provider refused or failed a send; the outbox decides from the flags what to do next."""

    def __init__(
        self,
        reason: str,
        *,
        code: str | None = None,
        retryable: bool = False,
        opted_out: bool = False,
        needs_template: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.retryable = retryable
        self.opted_out = opted_out
        self.needs_template = needs_template


@dataclass(frozen=True)
class StatusUpdate:
    """A delivery status report for a message we sent."""

    provider: str
    provider_id: str
    status: str  # our MessageStatus value
    error_code: str | None = None
    error_message: str | None = None
    message_id: int | None = None  # our id, from the callback URL: finds the row before its sid is stored


class MessagingProvider(Protocol):
    """Send through one provider; inbound and status parsing live beside each implementation."""

    name: str

    def send(self, request: SendRequest) -> SendResult: ...

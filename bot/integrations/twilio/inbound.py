"""Twilio's webhook form -> our InboundMessage and StatusUpdate.

https://www.twilio.com/docs/messaging/guides/webhook-request
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.content.schema import Channel
from bot.integrations.base import InboundMessage, Media, StatusUpdate

PROVIDER = "twilio"
WHATSAPP_PREFIX = "whatsapp:"
MAX_MEDIA = 10

# Twilio's MessageStatus -> ours. "queued"/"accepted"/"scheduled" all mean Twilio holds it.
STATUS_MAP = {
    "accepted": "accepted",
    "scheduled": "accepted",
    "queued": "accepted",
    "sending": "accepted",
    "sent": "sent",
    "delivered": "delivered",
    "undelivered": "undelivered",
    "failed": "failed",
    "read": "read",
    "canceled": "failed",
}


class InboundError(ValueError):
    """The request lacks what we need; answered with 400 and the reason."""


Form = Mapping[str, list[str]]


def first(form: Form, name: str) -> str | None:
    values = form.get(name) or []
    return values[0] if values else None


def parse_inbound(form: Form) -> InboundMessage:
    """Decode an inbound SMS or WhatsApp message; raise InboundError when From or MessageSid is missing."""
    address = _required(form, "From")
    sid = _required(form, "MessageSid")
    channel = Channel.WHATSAPP if address.startswith(WHATSAPP_PREFIX) else Channel.SMS
    external = first(form, "ExternalUserId") or first(form, "ExternalUserIdentifier")
    return InboundMessage(
        provider=PROVIDER,
        provider_id=sid,
        channel=channel,
        address=address,
        phone=phone_of(address),
        body=first(form, "Body") or "",
        recipient=first(form, "To") or "",
        media=_media(form),
        profile_name=first(form, "ProfileName"),
        wa_id=first(form, "WaId"),
        external_user_id=external,
        button_payload=first(form, "ButtonPayload"),
        opt_out_type=first(form, "OptOutType"),
        raw=dict(form),
    )


def parse_status(form: Form) -> StatusUpdate:
    """Decode a status callback; raise InboundError when MessageSid or a known status is missing."""
    sid = _required(form, "MessageSid")
    raw_status = (first(form, "MessageStatus") or first(form, "SmsStatus") or "").lower()
    if raw_status not in STATUS_MAP:
        raise InboundError(f"unknown MessageStatus {raw_status!r}")
    return StatusUpdate(
        provider=PROVIDER,
        provider_id=sid,
        status=STATUS_MAP[raw_status],
        error_code=first(form, "ErrorCode") or None,
        error_message=first(form, "ErrorMessage") or first(form, "ChannelStatusMessage"),
    )


def phone_of(address: str) -> str | None:
    """The E.164 number in an address, or None for a WhatsApp BSUID ("whatsapp:IN.…")."""
    value = address.removeprefix(WHATSAPP_PREFIX)
    digits = value.removeprefix("+")
    if value.startswith("+") and digits.isdigit() and 8 <= len(digits) <= 15:
        return value
    return None


def _required(form: Form, name: str) -> str:
    value = (first(form, name) or "").strip()
    if not value:
        raise InboundError(f"missing required parameter {name}")
    return value


def _media(form: Form) -> tuple[Media, ...]:
    try:
        count = min(int(first(form, "NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    items = []
    for index in range(count):
        url = first(form, f"MediaUrl{index}")
        if url:
            items.append(Media(url=url, content_type=first(form, f"MediaContentType{index}") or ""))
    return tuple(items)

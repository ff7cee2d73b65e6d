"""Exotel callbacks -> our InboundMessage, MissedCall and StatusUpdate.

Shapes (see docs/india-sms-providers.md §1): the 2-way SMS callback is a JSON POST
(`SmsSid`, `Sender`, `ReceivedOn`, `MessageBody`, `ReceivedTime`); the legacy SMS app is a GET
(`SmsSid`, `From`, `To`, `Body`, `Date`); Passthru is a GET (`CallSid`, `CallFrom`/`From`,
`CallTo`/`To`, `Direction`, `CallStatus`, `digits` in double quotes); the delivery report is a
form POST (`SmsSid`, `Status`, `DetailedStatusCode`, `CustomField`).
https://developer.exotel.com/docs/sms-support/two-way-sms
https://support.exotel.com/support/solutions/articles/48283-working-with-passthru-applet
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.content.schema import Channel
from bot.integrations.base import InboundMessage, StatusUpdate
from bot.integrations.exotel.error_codes import is_dlt_error
from bot.integrations.phone import to_e164
from bot.integrations.twilio.inbound import InboundError

PROVIDER = "exotel"
Params = Mapping[str, list[str]]

# Exotel's SMS Status -> ours. Exotel reports only terminal states; "sent" means delivered.
STATUS_MAP = {
    "queued": "accepted",
    "sending": "accepted",
    "submitted": "sent",
    "sent": "delivered",
    "failed_dnd": "failed",
    "failed": "failed",
}


@dataclass(frozen=True)
class MissedCall:
    """A call to an ExoPhone that we answer by SMS (the caller is not charged)."""

    provider: str
    call_sid: str
    phone: str  # caller, E.164
    called: str  # the ExoPhone dialled, as Exotel wrote it
    direction: str = "incoming"
    status: str = ""
    digits: str = ""
    raw: Mapping[str, list[str]] = field(default_factory=dict)


def first(params: Params, *names: str) -> str:
    """The first non-empty value among the given parameter names (Exotel's spellings drift)."""
    for name in names:
        for value in params.get(name) or []:
            if value.strip():
                return value.strip()
    return ""


def strip_keyword(text: str, keyword: str) -> str:
    """The text without the number's routing keyword (case-insensitive, first word only)."""
    words = text.strip().split(maxsplit=1)
    if keyword and words and words[0].casefold() == keyword.casefold():
        return words[1] if len(words) > 1 else ""
    return text.strip()


def parse_sms_json(payload: Mapping[str, object], *, keyword: str = "") -> InboundMessage:
    """Decode the 2-way SMS JSON callback; raise InboundError when SmsSid or Sender is unusable."""
    params = {key: [str(value)] for key, value in payload.items() if value is not None}
    return _sms(params, sender=first(params, "Sender", "From"), recipient=first(params, "ReceivedOn", "To"),
                body=first(params, "MessageBody", "Body"), keyword=keyword)


def parse_sms_legacy(params: Params, *, keyword: str = "") -> InboundMessage:
    """Decode the legacy SMS-app GET (From, To, Body, Date)."""
    return _sms(params, sender=first(params, "From"), recipient=first(params, "To"),
                body=first(params, "Body"), keyword=keyword)


def _sms(params: Params, *, sender: str, recipient: str, body: str, keyword: str) -> InboundMessage:
    sid = first(params, "SmsSid")
    if not sid:
        raise InboundError("missing required parameter SmsSid")
    phone = to_e164(sender)
    if phone is None:
        raise InboundError("missing or invalid sender number")
    return InboundMessage(
        provider=PROVIDER, provider_id=sid, channel=Channel.SMS, address=phone, phone=phone,
        body=strip_keyword(body, keyword), recipient=recipient, raw=dict(params),
    )


def parse_call(params: Params) -> MissedCall:
    """Decode a Passthru (or SMS-applet) GET; raise InboundError without CallSid or caller."""
    sid = first(params, "CallSid")
    if not sid:
        raise InboundError("missing required parameter CallSid")
    phone = to_e164(first(params, "CallFrom", "Callfrom", "From"))
    if phone is None:
        raise InboundError("missing or invalid caller number")
    return MissedCall(
        provider=PROVIDER, call_sid=sid, phone=phone, called=first(params, "CallTo", "Callto", "To"),
        direction=first(params, "Direction") or "incoming", status=first(params, "CallStatus"),
        digits=first(params, "digits").strip('"'), raw=dict(params),
    )


def parse_status(params: Params) -> StatusUpdate:
    """Decode a delivery report; DLT (6xx) codes are kept as the error code."""
    sid = first(params, "SmsSid")
    status = first(params, "Status").lower()
    if not sid:
        raise InboundError("missing required parameter SmsSid")
    if status not in STATUS_MAP:
        raise InboundError(f"unknown Status {status!r}")
    code = first(params, "DetailedStatusCode")
    failed = STATUS_MAP[status] == "failed"
    return StatusUpdate(
        provider=PROVIDER, provider_id=sid, status=STATUS_MAP[status],
        error_code=(code or status) if failed else None,
        error_message=_failure_text(params, code) if failed else None,
    )


def _failure_text(params: Params, code: str) -> str:
    detail = first(params, "DetailedStatus") or first(params, "Status")
    return f"DLT configuration error: {detail}" if is_dlt_error(code) else detail


def custom_field(params: Params) -> int | None:
    """Our message id echoed back in CustomField, when present."""
    value = first(params, "CustomField")
    return int(value) if value.isdigit() else None

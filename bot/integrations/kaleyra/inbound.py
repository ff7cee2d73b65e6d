"""Kaleyra callbacks -> InboundMessage / StatusUpdate.

Kaleyra lets us define the callback body (a callback profile) and add a static auth header, so we
configure this JSON body: {"id", "source", "recipient", "message", "keyword", "timestamp",
"operator", "circle"}. `source` is the sender as `91XXXXXXXXXX` (no plus).
https://developers.kaleyra.io/docs/create-sms-callback-profile-to-receive-incoming-sms-messages
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.content.schema import Channel
from bot.integrations.base import InboundMessage, StatusUpdate
from bot.integrations.exotel.inbound import strip_keyword
from bot.integrations.phone import to_e164
from bot.integrations.twilio.inbound import InboundError

PROVIDER = "kaleyra"
AUTH_HEADER = "X-Saathi-Token"  # the static header our callback profile adds
STATUS_MAP = {"delivrd": "delivered", "delivered": "delivered", "sent": "sent", "awaited": "accepted",
              "undelivered": "undelivered", "failed": "failed", "rejected": "failed", "dnd": "failed"}


def parse_sms(payload: Mapping[str, object]) -> InboundMessage:
    """Decode our callback-profile body; raise InboundError without id or a valid sender."""
    sid = str(payload.get("id") or "").strip()
    if not sid:
        raise InboundError("missing required field id")
    phone = to_e164(str(payload.get("source") or ""))
    if phone is None:
        raise InboundError("missing or invalid source number")
    keyword = str(payload.get("keyword") or "")
    return InboundMessage(
        provider=PROVIDER, provider_id=sid, channel=Channel.SMS, address=phone, phone=phone,
        body=strip_keyword(str(payload.get("message") or ""), keyword),
        recipient=str(payload.get("recipient") or ""),
        raw={key: [str(value)] for key, value in payload.items() if value is not None},
    )


def parse_status(payload: Mapping[str, object]) -> StatusUpdate:
    """Decode a delivery callback ({"id", "status", "description"})."""
    sid = str(payload.get("id") or "").strip()
    status = str(payload.get("status") or "").strip().lower()
    if not sid or status not in STATUS_MAP:
        raise InboundError(f"missing id or unknown status {status!r}")
    failed = STATUS_MAP[status] in ("failed", "undelivered")
    return StatusUpdate(
        provider=PROVIDER, provider_id=sid, status=STATUS_MAP[status],
        error_code=status if failed else None,
        error_message=str(payload.get("description") or "") or None if failed else None,
    )

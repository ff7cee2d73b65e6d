"""Twilio form -> InboundMessage / StatusUpdate, as a case table (courier's IncomingTestCase)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.content.schema import Channel
from bot.integrations.base import Media
from bot.integrations.twilio.inbound import InboundError, parse_inbound, parse_status


def form(**values: str | list[str]) -> dict[str, list[str]]:
    return {key: value if isinstance(value, list) else [value] for key, value in values.items()}


@dataclass(frozen=True)
class InboundCase:
    label: str
    form: dict[str, list[str]]
    channel: Channel | None = None
    phone: str | None = None
    body: str = ""
    media: tuple[Media, ...] = ()
    extras: dict[str, str | None] = field(default_factory=dict)
    error: str | None = None


CASES = [
    InboundCase("sms", form(MessageSid="SM1", From="+919812345678", Body="hi"), Channel.SMS, "+919812345678", "hi"),
    InboundCase(
        "whatsapp with profile",
        form(MessageSid="SM2", From="whatsapp:+919812345678", Body="नमस्ते", ProfileName="राम", WaId="919812345678"),
        Channel.WHATSAPP, "+919812345678", "नमस्ते", extras={"profile_name": "राम", "wa_id": "919812345678"},
    ),
    InboundCase(
        "whatsapp username (BSUID, no phone)",
        form(MessageSid="SM3", From="whatsapp:IN.abc123", Body="hi", ExternalUserIdentifier="whatsapp:IN.abc123"),
        Channel.WHATSAPP, None, "hi", extras={"external_user_id": "whatsapp:IN.abc123"},
    ),
    InboundCase(
        "button reply",
        form(MessageSid="SM4", From="whatsapp:+919812345678", Body="हाँ", ButtonPayload="rsvp_yes", ButtonText="हाँ"),
        Channel.WHATSAPP, "+919812345678", "हाँ", extras={"button_payload": "rsvp_yes"},
    ),
    InboundCase(
        "media",
        form(MessageSid="MM5", From="+919812345678", NumMedia="2", MediaUrl0="https://m/0", MediaContentType0="image/jpeg",
             MediaUrl1="https://m/1", MediaContentType1="audio/ogg"),
        Channel.SMS, "+919812345678", "", (Media("https://m/0", "image/jpeg"), Media("https://m/1", "audio/ogg")),
    ),
    InboundCase("opt-out type", form(MessageSid="SM6", From="+14155550123", Body="STOP", OptOutType="STOP"),
                Channel.SMS, "+14155550123", "STOP", extras={"opt_out_type": "STOP"}),
    InboundCase("whitespace kept", form(MessageSid="SM7", From="+14155550123", Body="  hi  "), Channel.SMS, "+14155550123", "  hi  "),
    InboundCase("missing From", form(MessageSid="SM8", Body="hi"), error="From"),
    InboundCase("missing MessageSid", form(From="+14155550123", Body="hi"), error="MessageSid"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.label)
def test_parse_inbound(case: InboundCase) -> None:
    if case.error:
        with pytest.raises(InboundError, match=case.error):
            parse_inbound(case.form)
        return
    message = parse_inbound(case.form)
    assert (message.channel, message.phone, message.body, message.media) == (case.channel, case.phone, case.body, case.media)
    for name, value in case.extras.items():
        assert getattr(message, name) == value


@pytest.mark.parametrize(
    ("raw", "ours"),
    [("queued", "accepted"), ("sent", "sent"), ("delivered", "delivered"), ("read", "read"),
     ("undelivered", "undelivered"), ("failed", "failed"), ("DELIVERED", "delivered")],
)
def test_parse_status(raw: str, ours: str) -> None:
    update = parse_status(form(MessageSid="SM1", MessageStatus=raw, ErrorCode="30003"))
    assert (update.provider_id, update.status, update.error_code) == ("SM1", ours, "30003")

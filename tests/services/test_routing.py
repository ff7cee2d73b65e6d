"""Routing is configuration: SMS to +91 through the Indian provider, the rest and WhatsApp through Twilio."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.config_india import parse_routes, sms_routes
from bot.content.schema import Channel
from bot.services.routing import provider_for
from tests.india_fixtures import EXOTEL

CASES = [
    ("Indian SMS via Exotel", "+91:exotel,*:twilio", Channel.SMS, "+919812345678", "exotel"),
    ("foreign SMS via Twilio", "+91:exotel,*:twilio", Channel.SMS, "+14155550100", "twilio"),
    ("WhatsApp always via the default", "+91:exotel,*:twilio", Channel.WHATSAPP, "whatsapp:+919812345678", "twilio"),
    ("no rule matches: the default", "+91:kaleyra", Channel.SMS, "+447700900000", "twilio"),
    ("first rule wins", "+91:kaleyra,+91:exotel", Channel.SMS, "+919812345678", "kaleyra"),
    ("no rules at all", "", Channel.SMS, "+919812345678", "twilio"),
]


@pytest.mark.parametrize(("label", "rules", "channel", "address", "expected"), CASES, ids=[c[0] for c in CASES])
def test_provider_for(label: str, rules: str, channel: Channel, address: str, expected: str) -> None:
    assert provider_for(channel=channel, address=address, default="twilio", routes=parse_routes(rules)) == expected


def test_default_rule_follows_configured_provider() -> None:
    assert sms_routes(Settings()) == ()
    assert [(r.prefix, r.provider) for r in sms_routes(Settings(**EXOTEL))] == [("+91", "exotel")]


@pytest.mark.parametrize("bad", [{"saathi_sms_routes": "91:exotel"}, {"saathi_sms_routes": "+91:acme"},
                                 {"exotel_allowed_cidrs": "10.0.0.0/33"},
                                 {**EXOTEL, "exotel_callback_secret": "short"},
                                 {**EXOTEL, "exotel_sender_id": "SAATHI-S"},
                                 {**EXOTEL, "dlt_entity_id": ""}])
def test_invalid_india_settings_are_refused(bad: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        Settings(**bad)

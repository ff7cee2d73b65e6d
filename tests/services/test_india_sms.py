"""Consent for broadcasts on SMS, and the reply script."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.content.schema import Channel, Script
from bot.models import Contact
from bot.services.india_sms import may_broadcast, reply_script

NOW = datetime(2026, 11, 23, tzinfo=UTC)
CASES = [
    ("SMS without consent", Contact(), Channel.SMS, False),
    ("SMS with consent", Contact(consent_at=NOW), Channel.SMS, True),
    ("SMS with consent but STOP", Contact(consent_at=NOW, opted_out_at=NOW), Channel.SMS, False),
    ("WhatsApp (opt-in is the template's)", Contact(), Channel.WHATSAPP, True),
    ("WhatsApp after STOP", Contact(opted_out_at=NOW), Channel.WHATSAPP, False),
]


@pytest.mark.parametrize(("label", "contact", "channel", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_may_broadcast(label: str, contact: Contact, channel: Channel, allowed: bool) -> None:
    assert may_broadcast(contact, channel) is allowed


def test_reply_script() -> None:
    assert reply_script(Contact(script="en"), Script.HI) == Script.EN
    assert reply_script(Contact(), Script.HI_LATN) == Script.HI_LATN
    assert reply_script(Contact(), None) == Script.HI

"""Phone numbers as Indian providers, WhatsApp and people write them -> one E.164 form."""

from __future__ import annotations

import pytest

from bot.integrations.phone import is_indian, mask, to_e164

CASES = [
    ("Exotel voice, 0-prefixed", "09812345678", "+919812345678"),
    ("Gupshup / Exotel legacy, bare 10 digits", "9812345678", "+919812345678"),
    ("Kaleyra / MSG91, 91 without plus", "919812345678", "+919812345678"),
    ("Exotel JSON, E.164", "+919812345678", "+919812345678"),
    ("typed with spaces", "+91 98123 45678", "+919812345678"),
    ("typed with a dash", "98123-45678", "+919812345678"),
    ("international prefix written out", "0091 9812345678", "+919812345678"),
    ("WhatsApp address", "whatsapp:+919812345678", "+919812345678"),
    ("landline with STD code", "0512 2345678", "+915122345678"),
    ("US number keeps its country", "+14155550100", "+14155550100"),
    ("too short", "5123", None),
    ("not a number", "SATHII", None),
    ("empty", "", None),
    ("None", None, None),
]


@pytest.mark.parametrize(("label", "raw", "expected"), CASES, ids=[case[0] for case in CASES])
def test_to_e164(label: str, raw: str | None, expected: str | None) -> None:
    assert to_e164(raw) == expected


def test_is_indian_and_mask() -> None:
    assert is_indian("+919812345678") and not is_indian("+14155550100") and not is_indian(None)
    assert mask("+919812345678") == "…5678"

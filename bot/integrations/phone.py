"""Phone numbers to E.164, so one person is one contact on SMS, missed calls and WhatsApp.

Indian providers send the same number as `09812345678`, `9812345678`, `919812345678` or
`+91 98123 45678`; WhatsApp (Twilio) sends `whatsapp:+919812345678`. Parsing uses Google's
libphonenumber rules (the `phonenumbers` package) with India as the default region.
"""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "IN"
WHATSAPP_PREFIX = "whatsapp:"


def to_e164(raw: str | None, *, region: str = DEFAULT_REGION) -> str | None:
    """The number in E.164 (`+919812345678`), or None when it is not a valid phone number."""
    text = (raw or "").strip().removeprefix(WHATSAPP_PREFIX).strip()
    if not text or not any(char.isdigit() for char in text):
        return None
    if text.startswith("00"):  # international dialling prefix written out
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_indian(e164: str | None) -> bool:
    """True for a +91 number."""
    return bool(e164) and str(e164).startswith("+91")


def mask(number: str | None) -> str:
    """Last four digits only, for logs."""
    digits = "".join(char for char in number or "" if char.isdigit())
    return f"…{digits[-4:]}" if digits else "-"

"""What each Twilio error code means for us. Data, not if-chains; Twilio may change codes, so keep it here.

https://www.twilio.com/docs/api/errors
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorMeaning:
    retryable: bool = False
    opted_out: bool = False
    needs_template: bool = False
    stop_address: bool = False


ERROR_CODES: dict[str, ErrorMeaning] = {
    "20429": ErrorMeaning(retryable=True),  # too many concurrent requests; never processed
    "30001": ErrorMeaning(retryable=True),  # queue overflow
    "30003": ErrorMeaning(retryable=True),  # unreachable handset
    "30008": ErrorMeaning(retryable=True),  # unknown carrier error
    "63018": ErrorMeaning(retryable=True),  # WhatsApp rate limit
    "21610": ErrorMeaning(opted_out=True),  # the user replied STOP to this sender
    "63016": ErrorMeaning(needs_template=True),  # outside the WhatsApp 24-hour window
    "21211": ErrorMeaning(stop_address=True),
    "21614": ErrorMeaning(stop_address=True),
    "30005": ErrorMeaning(stop_address=True),
    "30006": ErrorMeaning(stop_address=True),
    "63003": ErrorMeaning(stop_address=True),
}


def meaning_of(code: str | int | None) -> ErrorMeaning:
    """The meaning of an error code; unknown codes are permanent failures."""
    return ERROR_CODES.get(str(code), ErrorMeaning()) if code is not None else ErrorMeaning()

"""X-Twilio-Signature checks with the twilio library's RequestValidator.

https://www.twilio.com/docs/usage/webhooks/webhooks-security
"""

from __future__ import annotations

from typing import Any

from twilio.request_validator import RequestValidator


def public_url(base_url: str, path: str, query: str) -> str:
    """The URL Twilio signed: our configured public base, never request.url (proxies rewrite it)."""
    url = base_url.rstrip("/") + path
    return f"{url}?{query}" if query else url


def is_valid_signature(auth_token: str, url: str, params: Any, signature: str | None) -> bool:
    """True when the signature matches; params must keep repeated keys (a multidict)."""
    if not auth_token or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, params, signature))

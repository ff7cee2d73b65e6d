"""Build Twilio webhook forms and sign them with the twilio library's real algorithm."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from twilio.request_validator import RequestValidator

_counter = itertools.count(1)


def new_sid(prefix: str = "SM") -> str:
    return f"{prefix}{next(_counter):032x}"


def inbound_form(
    *, sender: str, body: str = "", sid: str | None = None, to: str = "+14155550100", **extra: str
) -> dict[str, str]:
    whatsapp = sender.startswith("whatsapp:")
    form = {
        "MessageSid": sid or new_sid(),
        "AccountSid": "AC" + "1" * 32,
        "From": sender,
        "To": f"whatsapp:{to}" if whatsapp else to,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "ApiVersion": "2010-04-01",
        "SmsStatus": "received",
    }
    if whatsapp:
        form["WaId"] = sender.removeprefix("whatsapp:+")
        form["ProfileName"] = "Test User"
    form.update(extra)
    return form


def sign(auth_token: str, url: str, form: Mapping[str, str] | Sequence[tuple[str, str]]) -> str:
    """The X-Twilio-Signature Twilio would send for this URL and form."""
    pairs = list(form.items()) if isinstance(form, Mapping) else list(form)
    params: dict[str, list[str]] = {}
    for key, value in pairs:
        params.setdefault(key, []).append(value)
    return RequestValidator(auth_token).compute_signature(url, _MultiDict(params))


class _MultiDict(dict[str, list[str]]):
    def getlist(self, key: str) -> list[str]:
        return self[key]

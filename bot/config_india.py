"""India SMS settings: validation and parsed views (routes, allow-lists), kept beside Settings.

| variable | meaning |
|---|---|
| EXOTEL_ACCOUNT_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN | Exotel credentials (HTTP Basic key:token) |
| EXOTEL_API_BASE_URL | `https://api.in.exotel.com` (Mumbai) or `https://api.exotel.com`; a fake in tests |
| EXOTEL_SMS_NUMBER | the long code users text and miss-call; every SMS reply names it |
| EXOTEL_SENDER_ID | the 6-character DLT header replies come from (it cannot receive) |
| EXOTEL_SMS_KEYWORD | keyword stripped from inbound texts on a keyword-routed number |
| EXOTEL_CALLBACK_SECRET | 32+ random characters in every Exotel callback path |
| EXOTEL_ALLOWED_CIDRS | comma-separated networks allowed to call back; empty = any |
| DLT_ENTITY_ID | DLT Principal Entity ID |
| KALEYRA_SID, KALEYRA_API_KEY, KALEYRA_API_BASE_URL, KALEYRA_SENDER_ID | Kaleyra, the second provider |
| KALEYRA_SMS_NUMBER | the Kaleyra VMN users text (the reply-to number when Exotel has none) |
| KALEYRA_CALLBACK_SECRET, KALEYRA_ALLOWED_CIDRS | as for Exotel, for the Kaleyra callback paths |
| KALEYRA_CALLBACK_TOKEN | when set, Kaleyra callbacks must carry it in the X-Saathi-Token header |
| KALEYRA_CALLBACK_PROFILE_ID | the callback profile Kaleyra posts delivery reports with |
| TRUSTED_PROXY_HEADER | header holding the client address behind our proxy (e.g. X-Forwarded-For) |
| MEETING_MISSED_CALL_NUMBER | a missed call to this number is an RSVP "yes" |
| MISSED_CALL_MENU_MINUTES | at most one menu SMS per number per this many minutes (10) |
| SAATHI_SMS_ROUTES | SMS routing, e.g. `+91:exotel,*:twilio`; WhatsApp always goes through Twilio |
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings

SENDER_ID = re.compile(r"^[A-Za-z0-9]{6}$")
MIN_SECRET_CHARS = 32
KNOWN_PROVIDERS = frozenset({"exotel", "kaleyra", "twilio", "console"})
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class SmsRoute:
    prefix: str  # "+91", or "*" for every other number
    provider: str

    def matches(self, address: str) -> bool:
        return self.prefix == "*" or address.startswith(self.prefix)


def has_exotel(settings: Settings) -> bool:
    """True when Exotel credentials are set."""
    return bool(settings.exotel_account_sid and settings.exotel_api_key and settings.exotel_api_token)


def has_kaleyra(settings: Settings) -> bool:
    """True when Kaleyra credentials are set."""
    return bool(settings.kaleyra_sid and settings.kaleyra_api_key)


def parse_routes(text: str) -> tuple[SmsRoute, ...]:
    """'+91:exotel,*:twilio' -> routes in order; raise ValueError naming the bad item."""
    routes = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        prefix, _, provider = item.partition(":")
        prefix, provider = prefix.strip(), provider.strip().lower()
        if not provider or not (prefix == "*" or re.fullmatch(r"\+\d{1,4}", prefix)):
            raise ValueError(f"SAATHI_SMS_ROUTES: bad rule {item!r} (want '+91:exotel' or '*:twilio')")
        if provider not in KNOWN_PROVIDERS:
            raise ValueError(f"SAATHI_SMS_ROUTES: unknown provider {provider!r}")
        routes.append(SmsRoute(prefix, provider))
    return tuple(routes)


def sms_routes(settings: Settings) -> tuple[SmsRoute, ...]:
    """The configured routes; by default +91 through Exotel (or Kaleyra) when it is configured."""
    if settings.saathi_sms_routes.strip():
        return parse_routes(settings.saathi_sms_routes)
    if has_exotel(settings):
        return (SmsRoute("+91", "exotel"),)
    if has_kaleyra(settings):
        return (SmsRoute("+91", "kaleyra"),)
    return ()


def parse_cidrs(text: str, name: str = "EXOTEL_ALLOWED_CIDRS") -> tuple[Network, ...]:
    """'10.0.0.0/8, 2001:db8::/32' -> networks; raise ValueError naming the setting and the bad one."""
    networks = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as exc:
            raise ValueError(f"{name}: {item!r} is not a network") from exc
    return tuple(networks)


def validate_india(settings: Settings) -> None:
    """Refuse half-configured Indian providers at start-up, naming the missing variable."""
    parse_routes(settings.saathi_sms_routes)
    parse_cidrs(settings.exotel_allowed_cidrs)
    parse_cidrs(settings.kaleyra_allowed_cidrs, "KALEYRA_ALLOWED_CIDRS")
    for name in ("exotel_api_base_url", "kaleyra_api_base_url"):
        if not getattr(settings, name).startswith(("http://", "https://")):
            raise ValueError(f"{name.upper()} must start with http:// or https://")
    if has_kaleyra(settings):
        validate_kaleyra(settings)
    if not has_exotel(settings):
        return
    missing = [
        name for name, value in (
            ("EXOTEL_SMS_NUMBER", settings.exotel_sms_number),
            ("EXOTEL_SENDER_ID", settings.exotel_sender_id),
            ("DLT_ENTITY_ID", settings.dlt_entity_id),
            ("EXOTEL_CALLBACK_SECRET", settings.exotel_callback_secret),
        ) if not value
    ]
    if missing:
        raise ValueError(f"Exotel is configured but {', '.join(missing)} not set")
    if not SENDER_ID.fullmatch(settings.exotel_sender_id):
        raise ValueError("EXOTEL_SENDER_ID must be the 6-character DLT header, e.g. SAATHI")
    if len(settings.exotel_callback_secret) < MIN_SECRET_CHARS:
        raise ValueError(f"EXOTEL_CALLBACK_SECRET must be at least {MIN_SECRET_CHARS} random characters")


def validate_kaleyra(settings: Settings) -> None:
    """Kaleyra needs its DLT header, a number users can text, and a long callback secret."""
    missing = [
        name for name, value in (
            ("KALEYRA_SENDER_ID", settings.kaleyra_sender_id),
            ("KALEYRA_SMS_NUMBER or EXOTEL_SMS_NUMBER", settings.kaleyra_sms_number or settings.exotel_sms_number),
            ("KALEYRA_CALLBACK_SECRET", settings.kaleyra_callback_secret),
        ) if not value
    ]
    if missing:
        raise ValueError(f"Kaleyra is configured but {', '.join(missing)} not set")
    if len(settings.kaleyra_callback_secret) < MIN_SECRET_CHARS:
        raise ValueError(f"KALEYRA_CALLBACK_SECRET must be at least {MIN_SECRET_CHARS} random characters")

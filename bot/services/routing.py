"""Which provider carries an outbound message: configuration (SAATHI_SMS_ROUTES), not code."""

from __future__ import annotations

from collections.abc import Sequence

from bot.config_india import SmsRoute
from bot.content.schema import Channel

# Indian providers: every SMS through them must match a DLT template and names the reply number.
DLT_PROVIDERS = frozenset({"exotel", "kaleyra"})


def provider_for(
    *, channel: Channel, address: str, default: str, routes: Sequence[SmsRoute] = ()
) -> str:
    """The provider for a channel address: the first matching SMS route, else the default.

    WhatsApp always goes through the default (Twilio); SMS to +91 goes through the Indian
    provider when a route says so (Twilio cannot carry two-way SMS in India).
    """
    if channel != Channel.SMS:
        return default
    for route in routes:
        if route.matches(address):
            return route.provider
    return default


def needs_dlt(provider: str) -> bool:
    """True when the provider only carries DLT-registered templates."""
    return provider in DLT_PROVIDERS

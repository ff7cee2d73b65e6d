"""Which provider carries an outbound message: configuration, not code."""

from __future__ import annotations

from bot.content.schema import Channel


def provider_for(*, channel: Channel, address: str, default: str) -> str:
    """The provider for a channel address. Today every message goes through the default provider;
    the India SMS issue adds configured rules (e.g. SMS to +91 through an Indian provider)."""
    return default

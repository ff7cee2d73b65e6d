"""Build the Indian SMS providers (Exotel, Kaleyra) when their settings are present."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from bot.config import Settings
from bot.config_india import has_exotel, has_kaleyra
from bot.content.dlt import DltTemplate
from bot.integrations.base import MessagingProvider
from bot.integrations.exotel.sender import ExotelProvider
from bot.integrations.kaleyra.sender import KaleyraProvider

EXOTEL_PREFIX = "/webhooks/exotel"
KALEYRA_PREFIX = "/webhooks/kaleyra"


def exotel_path(settings: Settings, endpoint: str) -> str:
    """The secret callback path of one Exotel endpoint (sms, status, call)."""
    return f"{EXOTEL_PREFIX}/{settings.exotel_callback_secret}/{endpoint}"


def kaleyra_path(settings: Settings, endpoint: str) -> str:
    """The secret callback path of one Kaleyra endpoint (sms, status) for its callback profiles."""
    return f"{KALEYRA_PREFIX}/{settings.kaleyra_callback_secret}/{endpoint}"


def build_india_providers(
    settings: Settings, templates: Mapping[str, DltTemplate], *,
    exotel_transport: httpx.BaseTransport | None = None,
    kaleyra_transport: httpx.BaseTransport | None = None, **_: Any,
) -> dict[str, MessagingProvider]:
    """Exotel and Kaleyra providers, each checking texts against the DLT templates."""
    providers: dict[str, MessagingProvider] = {}
    if has_exotel(settings):
        providers["exotel"] = ExotelProvider(
            account_sid=settings.exotel_account_sid, api_key=settings.exotel_api_key,
            api_token=settings.exotel_api_token, sender_id=settings.exotel_sender_id,
            entity_id=settings.dlt_entity_id, templates=templates, api_base_url=settings.exotel_api_base_url,
            status_callback_url=settings.public_base_url + exotel_path(settings, "status"),
            timeout=settings.exotel_timeout_seconds, transport=exotel_transport,
        )
    if has_kaleyra(settings):
        providers["kaleyra"] = KaleyraProvider(
            sid=settings.kaleyra_sid, api_key=settings.kaleyra_api_key, sender_id=settings.kaleyra_sender_id,
            templates=templates, api_base_url=settings.kaleyra_api_base_url, transport=kaleyra_transport,
            callback_profile_id=settings.kaleyra_callback_profile_id,
        )
    return providers

"""Build the configured providers from Settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from bot.config import SenderKind, Settings
from bot.content.dlt import DltTemplate
from bot.integrations.base import MessagingProvider
from bot.integrations.console import ConsoleProvider
from bot.integrations.india_factory import build_india_providers
from bot.integrations.twilio.sender import TwilioProvider


def build_providers(
    settings: Settings,
    *,
    twilio_transport: httpx.BaseTransport | None = None,
    console_echo: Callable[[str], None] | None = None,
    dlt_templates: Mapping[str, DltTemplate] | None = None,
    **options: Any,
) -> dict[str, MessagingProvider]:
    """The console provider always; Twilio when its credentials are set."""
    providers: dict[str, MessagingProvider] = {SenderKind.CONSOLE.value: ConsoleProvider(console_echo)}
    if settings.has_twilio_credentials:
        providers[SenderKind.TWILIO.value] = TwilioProvider(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            messaging_service_sid=settings.twilio_messaging_service_sid,
            sms_from=settings.twilio_sms_from,
            whatsapp_from=settings.twilio_whatsapp_from,
            api_base_url=settings.twilio_api_base_url,
            timeout=settings.twilio_timeout_seconds,
            transport=twilio_transport,
        )
    providers.update(build_india_providers(settings, dlt_templates or {}, **options))
    return providers

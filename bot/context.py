"""Everything a request or a job needs, built once per process (the composition root's product)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from bot.config import Settings
from bot.content.catalog import Catalog, load_catalog
from bot.db import make_engine
from bot.flows.engine import REQUIRED_MESSAGES
from bot.flows.sms_templates import templates_for
from bot.integrations.base import MessagingProvider
from bot.integrations.factory import build_providers
from bot.ratelimit import Pacers

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    catalog: Catalog
    providers: dict[str, MessagingProvider]
    clock: Clock = field(default=utc_now)
    pacers: Pacers = field(default_factory=lambda: Pacers(10.0))  # send slots per sender (bot/sender.py)

    @property
    def default_provider(self) -> str:
        return self.settings.sender_kind.value

    def close(self) -> None:
        for provider in self.providers.values():
            close = getattr(provider, "close", None)
            if close is not None:
                close()
        self.engine.dispose()


def build_context(
    settings: Settings, *, clock: Clock = utc_now, catalog: Catalog | None = None, **provider_options: object
) -> AppContext:
    """Load content (refusing invalid content), connect the database, build the providers."""
    catalog = catalog or load_catalog(settings.saathi_content_dir, REQUIRED_MESSAGES)
    return AppContext(
        settings=settings,
        engine=make_engine(settings.database_url),
        catalog=catalog,
        providers=build_providers(settings, dlt_templates=templates_for(catalog), **provider_options),
        clock=clock,
        pacers=Pacers(settings.saathi_send_rate_per_second),
    )

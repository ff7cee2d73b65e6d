"""Shared start-up for commands: settings with a readable error, logging."""

from __future__ import annotations

import logging
import sys

from pydantic import ValidationError

from bot.config import Settings


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; an invalid value exits with its name and the reason."""
    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "\n".join(
            f"  {'.'.join(str(part) for part in error['loc']).upper() or 'SETTINGS'}: {error['msg']}"
            for error in exc.errors()
        )
        print(f"saathi: invalid settings:\n{problems}", file=sys.stderr)
        raise SystemExit(2) from exc
    return settings.model_copy(update=overrides) if overrides else settings


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s")

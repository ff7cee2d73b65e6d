"""`python -m bot serve` and `python -m bot migrate`."""

from __future__ import annotations

import argparse
import os

import uvicorn

from bot.cli.common import configure_logging, load_settings
from bot.migrate import upgrade


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = commands.add_parser("serve", help="migrate the database, then serve the webhook")
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.set_defaults(run=run_serve)
    migrate = commands.add_parser("migrate", help="bring the database up to the newest migration")
    migrate.set_defaults(run=run_migrate)


def run_serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    configure_logging(settings.saathi_log_level)
    upgrade(settings.database_url)
    uvicorn.run("bot.main:create_app", factory=True, host=args.host, port=args.port, log_level="info")
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.database_url)
    print("database is up to date")
    return 0

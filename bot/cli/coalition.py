"""`python -m bot token create`, `python -m bot coordinator add` and `python -m bot send`."""

from __future__ import annotations

import argparse
import signal
import threading
import time
from types import FrameType

from bot import reconcile, sender
from bot.cli.common import configure_logging, load_settings
from bot.context import AppContext, build_context
from bot.db import session_scope
from bot.integrations.phone import to_e164
from bot.migrate import upgrade
from bot.services import coordinators, delivery, tokens

REGIONS = ("bundelkhand", "eastern_up", "mp")


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    token = commands.add_parser("token", help="API tokens for the coordinator API").add_subparsers(
        dest="action", required=True)
    create = token.add_parser("create", help="create a bearer token (shown once)")
    create.add_argument("--role", choices=tokens.ROLES, default="coordinator")
    create.add_argument("--region", choices=REGIONS, help="limit the token to one region")
    create.add_argument("--label", default="", help="who holds it, for the logs")
    create.set_defaults(run=run_token_create)
    coordinator = commands.add_parser("coordinator", help="coordinators who may send notices by phone")
    add = coordinator.add_subparsers(dest="action", required=True).add_parser("add", help="register a number")
    add.add_argument("--phone", required=True)
    add.add_argument("--region", choices=REGIONS, required=True)
    add.add_argument("--name", default="")
    add.set_defaults(run=run_coordinator_add)
    send = commands.add_parser("send", help="run the announcement sender (materialise, reconcile, drain)")
    send.add_argument("--until-empty", action="store_true", help="stop when nothing is due")
    send.add_argument("--poll-seconds", type=float, default=2.0)
    send.set_defaults(run=run_send)


def run_token_create(args: argparse.Namespace) -> int:
    settings = load_settings()
    upgrade(settings.database_url)
    ctx = build_context(settings)
    try:
        with session_scope(ctx.engine) as session:
            token = tokens.create_token(session, role=args.role, region=args.region, label=args.label, now=ctx.clock())
    finally:
        ctx.close()
    print(token)
    print("Keep it safe: it is shown only now. Use it as 'Authorization: Bearer <token>'.")
    return 0


def run_coordinator_add(args: argparse.Namespace) -> int:
    phone = to_e164(args.phone)
    if phone is None:
        print(f"not a valid phone number: {args.phone}")
        return 2
    settings = load_settings()
    upgrade(settings.database_url)
    ctx = build_context(settings)
    try:
        with session_scope(ctx.engine) as session:
            coordinators.add_coordinator(session, phone=phone, region=args.region, name=args.name, now=ctx.clock())
    finally:
        ctx.close()
    print(f"coordinator …{phone[-4:]} may now send notices for {args.region}")
    return 0


def run_send(args: argparse.Namespace) -> int:
    """The sender as its own process: safe to kill at any moment and to start again."""
    settings = load_settings(saathi_run_scheduler=False)
    configure_logging(settings.saathi_log_level)
    ctx = build_context(settings)
    stop = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stop.is_set():
            reconcile.reconcile_stale(ctx)
            sender.announce_tick(ctx)
            sent = sender.drain(ctx, max_seconds=30, stop=stop)
            if args.until_empty and not sent and not _pending(ctx):
                return 0
            if not sent:
                time.sleep(args.poll_seconds)
    finally:
        ctx.close()
    return 0


def _pending(ctx: AppContext) -> bool:
    """Rows still waiting (queued for later, or claimed and not yet reconciled)."""
    with session_scope(ctx.engine) as session:
        return delivery.has_unfinished(session)

"""`python -m bot chat`: talk to the bot in a terminal, through the same engine and database."""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import TextIO

from bot import worker
from bot.cli.common import configure_logging, load_settings
from bot.config import SenderKind
from bot.content.schema import Channel
from bot.context import build_context
from bot.integrations.base import InboundMessage
from bot.migrate import upgrade


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("chat", help="chat with the bot in this terminal (console channel)")
    parser.add_argument("--phone", default="+919800000001", help="the phone number you pretend to be")
    parser.add_argument("--channel", choices=[c.value for c in Channel], default=Channel.WHATSAPP.value)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings(saathi_sender=SenderKind.CONSOLE, saathi_run_scheduler=False)
    configure_logging("WARNING")
    upgrade(settings.database_url)
    replies: list[str] = []
    ctx = build_context(settings, console_echo=replies.append)
    try:
        return converse(ctx, args.phone, Channel(args.channel), sys.stdin, sys.stdout, replies)
    finally:
        ctx.close()


def converse(ctx, phone: str, channel: Channel, stdin: TextIO, stdout: TextIO, replies: list[str]) -> int:  # type: ignore[no-untyped-def]
    """One message per line in, every reply out; interactive when stdin is a terminal."""
    interactive = stdin.isatty()
    if interactive:
        print("Saathi chat: type a message (Ctrl-D to quit).", file=stdout)
    address = f"whatsapp:{phone}" if channel == Channel.WHATSAPP else phone
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            return 0
        inbound = InboundMessage(
            provider="console", provider_id=f"chat-{uuid.uuid4().hex}", channel=channel,
            address=address, phone=phone, body=line.rstrip("\n"),
        )
        received = worker.receive(ctx, inbound)
        worker.dispatch(ctx, received.reply_ids)
        for reply in replies:
            print(reply + "\n", file=stdout, flush=True)
        replies.clear()

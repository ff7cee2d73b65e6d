"""`python -m bot handoff list|close ID`: requests to talk to a person, for staff."""

from __future__ import annotations

import argparse
import getpass

from sqlmodel import Session

from bot.cli.common import load_settings
from bot.context import utc_now
from bot.db import make_engine, session_scope
from bot.models import Contact
from bot.services import guided as guided_service


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("handoff", help="requests to talk to a person")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="open requests, oldest first, with their context")
    listing.set_defaults(run=run_list)
    close = actions.add_parser("close", help="close a request: the bot answers that contact again")
    close.add_argument("id", type=int)
    close.add_argument("--by", default=None, help="staff name (default: your login name)")
    close.set_defaults(run=run_close)


def run_list(args: argparse.Namespace) -> int:
    engine = make_engine(load_settings().database_url)
    with Session(engine) as session:
        for handoff in guided_service.list_handoffs(session):
            contact = session.get(Contact, handoff.contact_id)
            phone = (contact.phone or "")[-4:] if contact else ""
            print(f"#{handoff.id}  {handoff.requested_at:%d-%m %H:%M} UTC  contact {handoff.contact_id} (…{phone})"
                  f"  district {handoff.context.get('district') or '-'}")
            for message in handoff.context.get("messages", []):
                print(f"    {message['direction']:>3}  {message['body'][:100]}")
    engine.dispose()
    return 0


def run_close(args: argparse.Namespace) -> int:
    engine = make_engine(load_settings().database_url)
    with session_scope(engine) as session:
        closed = guided_service.close_handoff(
            session, handoff_id=args.id, by=args.by or getpass.getuser(), now=utc_now()
        )
    engine.dispose()
    if closed is None:
        print(f"handoff #{args.id} is not open")
        return 1
    print(f"handoff #{args.id} closed")
    return 0

"""`python -m bot report queries`: the most asked content and the unanswered questions."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import timedelta

from sqlmodel import Session

from bot.cli.common import load_settings
from bot.context import utc_now
from bot.db import make_engine
from bot.migrate import upgrade
from bot.services import reports


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("report", help="staff reports")
    kinds = parser.add_subparsers(dest="kind", required=True)
    queries = kinds.add_parser("queries", help="most asked content ids and unanswered questions")
    queries.add_argument("--days", type=int, default=7, help="look back this many days (default 7)")
    queries.add_argument("--district", help="only questions from contacts in this district")
    queries.add_argument("--limit", type=int, default=20)
    queries.add_argument("--csv", action="store_true", help="CSV on stdout instead of tables")
    queries.set_defaults(run=run_queries)


def run_queries(args: argparse.Namespace) -> int:
    if args.days < 1:
        print("report: --days must be at least 1", file=sys.stderr)
        return 2
    settings = load_settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    since = utc_now() - timedelta(days=args.days)
    with Session(engine) as session:
        total = reports.count_queries(session, since=since, district=args.district)
        asked = reports.most_asked(session, since=since, district=args.district, limit=args.limit)
        missing = reports.unanswered(session, since=since, district=args.district, limit=args.limit)
    engine.dispose()
    (_write_csv if args.csv else _write_tables)(total, asked, missing, args)
    return 0


def _write_tables(total: int, asked: list[reports.AskedEntry], missing: list[reports.UnansweredQuestion], args: argparse.Namespace) -> None:
    where = f" in {args.district}" if args.district else ""
    print(f"Questions in the last {args.days} day(s){where}: {total}\n")
    print("Most asked content")
    print(f"{'content id':34} {'count':>6} {'share':>7}  by channel")
    for row in asked:
        channels = ", ".join(f"{name} {count}" for name, count in sorted(row.by_channel.items()))
        print(f"{row.entry_id:34} {row.count:>6} {row.share:>6.1%}  {channels}")
    print("\nMost frequent unanswered questions")
    print(f"{'count':>6}  {'normalised text':40} example")
    for item in missing:
        print(f"{item.count:>6}  {item.normalised_text[:40]:40} {item.example[:60]}")


def _write_csv(total: int, asked: list[reports.AskedEntry], missing: list[reports.UnansweredQuestion], args: argparse.Namespace) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["section", "key", "count", "share", "by_channel_or_example"])
    for row in asked:
        channels = ";".join(f"{name}={count}" for name, count in sorted(row.by_channel.items()))
        writer.writerow(["most_asked", row.entry_id, row.count, f"{row.share:.4f}", channels])
    for item in missing:
        writer.writerow(["unanswered", item.normalised_text, item.count, "", item.example])

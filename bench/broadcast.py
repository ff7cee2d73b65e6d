"""Broadcast figures: building the outbox for 100,000 contacts, and draining it at a configured rate.

    .venv/bin/python bench/broadcast.py [--contacts 100000] [--rate 50] [--window 25] [--http]

1. Build: 100,000 consenting contacts in Jhansi (70% WhatsApp, 30% SMS only), one scheduled meeting
   notice; time `sender.announce_tick` (render per contact, INSERT … ON CONFLICT DO NOTHING in chunks)
   and the process's peak memory (max RSS) growth while it runs.
2. Drain: the real sender (claim, delivery rules, pacing, TwilioProvider, record) against the fake
   Twilio API for a 2 s warm-up plus a fixed window, at SAATHI_SEND_RATE_PER_SECOND = --rate. The
   achieved rate is (sends - 1) / (last - first) over the window, timed at the fake; it must not
   exceed the configured rate and should be within 5% of it. Also the most sends in any one-second
   span (the pacer allows rate + 1, plus a catch-up burst of at most 0.1 s worth after a stall).
   --http serves the fake over real HTTP (uvicorn on 127.0.0.1) instead of an in-process transport.

DATABASE_URL=postgresql+psycopg://… runs it on PostgreSQL (a fresh schema); default: a temp SQLite file.
"""

from __future__ import annotations

import argparse
import bisect
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import sender  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.context import AppContext, build_context  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from tests.fakes.coalition import People, add_people, schedule_notice  # noqa: E402
from tests.fakes.twilio_api import FakeTwilioApi  # noqa: E402
from tests.fakes.twilio_server import serve  # noqa: E402

CHUNK = 5000


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{tempfile.mkdtemp()}/broadcast.db"
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with create_engine(url).begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def context_for(url: str, rate: float, fake: FakeTwilioApi, api_url: str | None) -> AppContext:
    settings = Settings(
        database_url=url, twilio_account_sid="AC" + "1" * 32, twilio_auth_token="bench",
        twilio_sms_from="+14155550100", twilio_whatsapp_from="whatsapp:+14155550100",
        twilio_api_base_url=api_url or "https://api.twilio.com", saathi_run_scheduler=False,
        saathi_send_rate_per_second=rate, saathi_quiet_hours="00:00-00:00", saathi_log_level="WARNING",
    )
    transport = None if api_url else fake.transport()
    return build_context(settings, twilio_transport=transport)


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS."""
    Path("/proc/self/clear_refs").write_text("5")


def build(ctx: AppContext, contacts: int) -> None:
    now = datetime.now(UTC)
    whatsapp = int(contacts * 0.7)
    for first in range(1, contacts + 1, CHUNK):  # in chunks, so the contacts do not inflate the baseline
        count = min(CHUNK, contacts + 1 - first)
        add_people(ctx.engine, People(count, whatsapp=first <= whatsapp, in_window=True, first=first), now=now)
    schedule_notice(ctx, starts_in=timedelta(days=3), reminder_offsets_minutes=[])
    reset_peak()
    rss_before, started = memory_mb("VmRSS"), time.perf_counter()
    rows = sender.announce_tick(ctx)
    seconds = time.perf_counter() - started
    peak = memory_mb("VmHWM")
    print(f"build: {rows} outbox rows for {contacts} contacts in {seconds:.1f} s ({rows / seconds:,.0f} rows/s); "
          f"RSS {rss_before:.0f} MB before, peak {peak:.0f} MB during (+{peak - rss_before:.0f} MB)")


def drain(ctx: AppContext, fake: FakeTwilioApi, rate: float, window: float, warm_up: float = 2.0) -> None:
    """Drain for warm_up + window seconds; the rate is measured at the fake over the window only
    (the first sends pay for connection set-up and would make the span look shorter)."""
    fake.clock = lambda: datetime.now(UTC)
    sender.drain(ctx, max_seconds=warm_up + window)
    start = fake.created_at[0].timestamp() + warm_up
    times = [moment.timestamp() for moment in fake.created_at if moment.timestamp() >= start]
    span = times[-1] - times[0]
    achieved = (len(times) - 1) / span
    busiest = max(bisect.bisect_left(times, first + 1.0) - index for index, first in enumerate(times))
    print(f"drain: {len(fake.created_at)} sends in all; measured {len(times)} sends over {span:.2f} s after a "
          f"{warm_up:g} s warm-up; configured {rate:g}/s, achieved {achieved:.2f}/s, ratio {achieved / rate:.3f}; "
          f"most in any 1 s: {busiest}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--window", type=float, default=25.0)
    parser.add_argument("--http", action="store_true")
    args = parser.parse_args()
    url = database_url()
    upgrade(url)
    fake = FakeTwilioApi()
    if args.http:
        with serve(fake) as api_url:
            return run(context_for(url, args.rate, fake, api_url), fake, args)
    return run(context_for(url, args.rate, fake, None), fake, args)


def run(ctx: AppContext, fake: FakeTwilioApi, args: argparse.Namespace) -> int:
    print(f"database: {ctx.engine.dialect.name}; fake Twilio: {'HTTP' if args.http else 'in-process transport'}")
    try:
        build(ctx, args.contacts)
        drain(ctx, fake, args.rate, args.window)
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

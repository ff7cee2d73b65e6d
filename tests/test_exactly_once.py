"""Exactly once under crashes: a sender process is killed hard (SIGKILL) again and again while sending
a notice to 2,000 contacts, and restarted until it finishes. The fake Twilio API, served over real
HTTP, must have received every intended message exactly once.

Half of the kills land at a random moment; the other half right after the fake has created a message
and before the sender could record it (the answer is held a few milliseconds), the window in which
only reconciliation with the provider prevents a second send.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.context import AppContext
from bot.models import MessageStatus
from tests.conftest import AUTH_TOKEN, PUBLIC_BASE_URL, Clock
from tests.fakes.coalition import People, add_people, bulk_rows, phone, schedule_notice
from tests.fakes.twilio_api import FakeTwilioApi
from tests.fakes.twilio_server import serve

CONTACTS_WHATSAPP = 1500
CONTACTS_SMS = 500
KILLS = 6
SEED = 20261122


def _environment(database_url: str, api_url: str) -> dict[str, str]:
    return {
        **os.environ, "DATABASE_URL": database_url, "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_SMS_FROM": "+14155550100",
        "TWILIO_WHATSAPP_FROM": "whatsapp:+14155550100", "TWILIO_API_BASE_URL": api_url,
        "TWILIO_TIMEOUT_SECONDS": "1", "SAATHI_OUTBOX_LEASE_SECONDS": "1.2", "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "SAATHI_SEND_RATE_PER_SECOND": "1000", "SAATHI_QUIET_HOURS": "00:00-00:00", "SAATHI_LOG_LEVEL": "INFO",
        "SAATHI_CONTENT_DIR": str(PROJECT_ROOT / "content_hindi"),
    }


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bot", "send", "--until-empty", "--poll-seconds", "0.2"]
    with log.open("ab") as sink:
        return subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=sink, stderr=sink)


def _kill_at_a_random_point(process: subprocess.Popen[bytes], fake: FakeTwilioApi, rng: random.Random, *, right_after_create: bool) -> bool:
    """SIGKILL once the fake has taken a few more messages; False when the sender finished first."""
    target = len(fake.requests) + rng.randint(1, 200)
    while len(fake.requests) < target - 1:
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    fake.answer_delay = 0.2 if right_after_create else 0.0  # the next answer is held: the kill lands in it
    while len(fake.requests) < target:
        if process.poll() is not None:
            return False
        time.sleep(0.001)
    if not right_after_create:
        time.sleep(rng.uniform(0, 0.02))
    process.send_signal(signal.SIGKILL)
    process.wait()
    fake.answer_delay = 0.0
    return True


@pytest.mark.slow
def test_killed_sender_delivers_every_message_exactly_once(
    context: AppContext, clock: Clock, database_url: str, tmp_path: Path
) -> None:
    clock.now = clock.now.__class__.now(clock.now.tzinfo)  # the sender process runs on real time
    add_people(context.engine, People(CONTACTS_WHATSAPP, in_window=True), now=clock())
    add_people(context.engine, People(CONTACTS_SMS, whatsapp=False, first=CONTACTS_WHATSAPP + 1), now=clock())
    schedule_notice(context, starts_in=__import__("datetime").timedelta(days=3))
    intended = {"whatsapp:" + phone(i) for i in range(1, CONTACTS_WHATSAPP + 1)}
    intended |= {phone(i) for i in range(CONTACTS_WHATSAPP + 1, CONTACTS_WHATSAPP + CONTACTS_SMS + 1)}
    fake, rng, log = FakeTwilioApi(), random.Random(SEED), tmp_path / "sender.log"
    with serve(fake) as api_url:
        env = _environment(database_url, api_url)
        kills = 0
        while kills < KILLS:
            if not _kill_at_a_random_point(_start(env, log), fake, rng, right_after_create=kills % 2 == 0):
                break
            kills += 1
        final = _start(env, log)
        assert final.wait(timeout=120) == 0, log.read_text()[-3000:]
    received = Counter(form["To"][0] for form in fake.requests)
    assert set(received) == intended, "missing or unintended recipients"
    assert [to for to, count in received.items() if count > 1] == [], "sent twice"
    assert kills == KILLS
    assert {row.status for row in bulk_rows(context.engine)} == {MessageStatus.ACCEPTED}
    reconciled = log.read_text().count("reconciled message_id=")
    assert reconciled >= 1, "no kill landed between the provider's acceptance and our record"

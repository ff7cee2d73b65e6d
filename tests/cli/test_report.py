"""`python -m bot report queries`: counts by content id and channel, unanswered grouped with an example."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

from bot.config import PROJECT_ROOT
from tests.conftest import Twilio


def _report(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "bot", "report", "queries", *args], env=env, cwd=PROJECT_ROOT,
        capture_output=True, text=True, timeout=120,
    )


def _ask(twilio: Twilio) -> None:
    twilio.message("whatsapp:+919800000001", "mudra loan kaise milega")
    twilio.message("whatsapp:+919800000002", "mudra loan kaise milega")
    twilio.message("+14155550123", "mudra loan kaise milega")
    for sender in ("whatsapp:+919800000003", "whatsapp:+919800000004"):
        twilio.message(sender, "cricket ka score kya hai")
    twilio.message("whatsapp:+919800000005", "Cricket ka SCORE kya hai??")


def test_report_lists_most_asked_and_unanswered(twilio: Twilio, database_url: str) -> None:
    _ask(twilio)
    result = _report(database_url, "--days", "7")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    mudra = next(line for line in lines if line.startswith("scheme.mudra "))
    assert "3" in mudra.split() and "sms 1" in mudra and "whatsapp 2" in mudra
    unanswered = lines[lines.index("Most frequent unanswered questions") + 2]
    assert unanswered.split()[0] == "3" and "cricket" in unanswered


def test_report_as_csv(twilio: Twilio, database_url: str) -> None:
    _ask(twilio)
    rows = list(csv.reader(io.StringIO(_report(database_url, "--csv").stdout)))
    assert rows[0] == ["section", "key", "count", "share", "by_channel_or_example"]
    assert ["most_asked", "scheme.mudra", "3"] == rows[1][:3]
    assert any(row[0] == "unanswered" and row[2] == "3" for row in rows)


def test_report_rejects_a_bad_window(database_url: str) -> None:
    result = _report(database_url, "--days", "0")
    assert result.returncode == 2 and "--days" in result.stderr

"""`python -m bot chat` scripted through a pipe, on its own database (migrated by the command)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT


def _chat(tmp_path: Path, lines: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/chat.db"}
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", *args], input="\n".join(lines) + "\n", env=env,
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )


def test_scripted_chat_prints_each_reply(tmp_path: Path) -> None:
    # First contact asks the district (profile); "0" skips to the main menu.
    result = _chat(tmp_path, ["नमस्ते", "0", "1", "2"], "--channel", "whatsapp", "--phone", "+919800000001")
    assert result.returncode == 0, result.stderr
    assert "साथी" in result.stdout and "आप किस ज़िले से हैं" in result.stdout and "सरकारी योजनाएँ" in result.stdout
    assert "मुद्रा" in result.stdout


def test_chat_on_sms_uses_the_short_edition_and_remembers(tmp_path: Path) -> None:
    first = _chat(tmp_path, ["नमस्ते", "0", "2"], "--channel", "sms")  # 0 skips the first-contact profile
    second = _chat(tmp_path, ["1"], "--channel", "sms")  # same database: the session continues
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "और जानें: 1" in second.stdout

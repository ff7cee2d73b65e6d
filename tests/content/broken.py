"""Broken copies of the real content, one edit each, for checker tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.config import PROJECT_ROOT

REAL = PROJECT_ROOT / "content_hindi"


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of content_hindi/ under tmp_path with the first `old` in `file` replaced by `new`."""
    root = tmp_path / "content"
    shutil.copytree(REAL, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture anchor {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root

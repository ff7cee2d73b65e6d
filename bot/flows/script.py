"""Which script a user writes in, so a reply can follow it until they choose one explicitly."""

from __future__ import annotations

from bot.content.schema import Script


def detect_script(text: str) -> Script | None:
    """Devanagari letters -> hi; Latin letters only -> hi_latn; no letters (digits, symbols) -> None."""
    devanagari = sum(1 for char in text if "\u0900" <= char <= "\u097f")
    latin = sum(1 for char in text if char.isascii() and char.isalpha())
    if devanagari == 0 and latin == 0:
        return None
    return Script.HI if devanagari >= latin else Script.HI_LATN

"""How the engine reads whole-message input: numbers in every form, keywords, the script written in."""

from __future__ import annotations

import pytest

from bot.content.catalog import Catalog
from bot.content.schema import Script
from bot.flows.script import detect_script


@pytest.mark.parametrize(
    ("text", "number"),
    [("1", 1), (" 2 ", 2), ("३", 3), ("4.", 4), ("1️⃣", 1), ("ek", 1), ("EK", 1), ("एक", 1), ("do", 2), ("दो", 2),
     ("teen", 3), ("पाँच", 5), ("nau", 9), ("10", 10), ("hello", None), ("1 2", None), ("", None)],
)
def test_number_of(text: str, number: int | None, catalog: Catalog) -> None:
    assert catalog.number_of(text) == number


@pytest.mark.parametrize(
    ("text", "intent"),
    [("STOP", "optout"), ("stop!", "optout"), ("Stop.", "optout"), ("बंद", "optout"), ("बंद करो।", "optout"),
     ("मैसेज मत भेजो", "optout"), ("band", "optout"), ("STOP PLEASE", None), ("loan band ho gaya", None),
     ("START", "optin"), ("शुरू", "optin"), ("मदद", "help"), ("HELP", "help"), ("0", "menu"), ("मेनू", "menu"),
     ("#", "back"), ("पीछे", "back"), ("भाषा", "language"), ("mudra", None)],
)
def test_intent_of(text: str, intent: str | None, catalog: Catalog) -> None:
    assert catalog.intent_of(text) == intent


@pytest.mark.parametrize(
    ("text", "script"),
    [("नमस्ते", Script.HI), ("mudra loan", Script.HI_LATN), ("मुद्रा loan कैसे", Script.HI), ("123", None), ("😀", None)],
)
def test_detect_script(text: str, script: Script | None) -> None:
    assert detect_script(text) == script

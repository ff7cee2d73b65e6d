"""The 2-segment budget of Indian SMS answers counts the "more" line and the reply-to footer."""

from __future__ import annotations

from pathlib import Path

from bot.cli.dlt import dlt_problems
from bot.config import PROJECT_ROOT
from bot.content.dlt_checks import check_india_budgets
from bot.content.loader import read_content
from tests.content.broken import broken_copy

REAL = PROJECT_ROOT / "content_hindi"
# scheme.mudra's Devanagari SMS edition before it was shortened to make room for the footer.
MUDRA_NOW = "मुद्रा: बिना गिरवी लोन – शिशु ₹50,000, किशोर ₹5 लाख, तरुण ₹10 लाख तक। बैंक शाखा, jansamarth.in"
MUDRA_BEFORE = "मुद्रा: बिना गिरवी लोन – शिशु ₹50,000, किशोर ₹5 लाख, तरुण ₹10 लाख तक। बैंक शाखा या jansamarth.in पर आवेदन"




def test_every_real_answer_fits_with_the_footer() -> None:
    assert check_india_budgets(read_content(REAL)) == []


def test_an_answer_that_fits_only_without_the_footer_is_reported(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, "faq/scheme.yaml", MUDRA_NOW, MUDRA_BEFORE)
    problems = [str(problem) for problem in dlt_problems(root)]
    assert problems == [
        "faq/scheme.yaml: scheme.mudra.answer.sms_hi: 139 UCS-2 units with the 'more' line and the reply-to footer; "
        "Indian SMS answers fit 2 segments (134): shorten this edition"
    ]


def test_a_longer_footer_is_counted_in_every_answer(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, "messages/india_sms.yaml", 'hi: "जवाब {number} पर"', 'hi: "जवाब {number} पर SMS करें -साथी"')
    problems = check_india_budgets(read_content(root))
    assert len(problems) > 40 and all(problem.key.endswith(".answer.sms_hi") for problem in problems)


def test_the_footer_counts_the_longest_number_its_slot_allows(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, "messages/india_sms.yaml", "dlt_slots: {number: 13}", "dlt_slots: {number: 30}")
    assert check_india_budgets(read_content(root))

"""EMI maths, Indian digit grouping and reading loan terms from free text (case tables)."""

from __future__ import annotations

import pytest

from bot.config import PROJECT_ROOT
from bot.content.catalog import load_catalog
from bot.flows.guided.money import LoanTerms, TermsReader, emi, indian_digits

WORDS = load_catalog(PROJECT_ROOT / "content_hindi").words
assert WORDS is not None
READER = TermsReader(WORDS)

EMI_CASES = [  # (amount, % a year, months, EMI, total repaid) from schemes-facts.md §22.4 and by hand
    (100_000, 12, 24, 4_707, 112_976),
    (500_000, 9, 60, 10_379, 622_751),
    (50_000, 18, 12, 4_584, 55_008),
    (250_000, 10.5, 36, 8_126, 292_522),
    (120_000, 0, 12, 10_000, 120_000),
]


@pytest.mark.parametrize(("amount", "rate", "months", "expected", "total"), EMI_CASES)
def test_emi_matches_known_values(amount: float, rate: float, months: int, expected: int, total: int) -> None:
    monthly = emi(amount, rate, months)
    assert round(monthly) == expected
    assert round(monthly * months) == total


GROUPING = [(0, "0"), (999, "999"), (1_000, "1,000"), (50_000, "50,000"), (250_000, "2,50,000"),
            (12_976.4, "12,976"), (10_000_000, "1,00,00,000"), (123_456_789, "12,34,56,789")]


@pytest.mark.parametrize(("value", "text"), GROUPING)
def test_indian_digit_grouping(value: float, text: str) -> None:
    assert indian_digits(value) == text


READ_CASES = [
    ("1 lakh 12% 2 saal", None, LoanTerms(100_000, 12, 24)),
    ("50000 ka loan 18 pratishat 12 mahine", None, LoanTerms(50_000, 18, 12)),
    ("₹2,50,000 / 10.5% / 36", None, LoanTerms(250_000, 10.5, 36)),
    ("ek lakh", None, LoanTerms(amount=100_000)),
    ("पचास हज़ार", None, LoanTerms(amount=50_000)),
    ("2.5 lakh", None, LoanTerms(amount=250_000)),
    ("dedh lakh", None, LoanTerms(amount=150_000)),
    ("ek lakh pachas hazar", None, LoanTerms(amount=150_000)),
    ("दो लाख 12 प्रतिशत 3 साल", None, LoanTerms(200_000, 12, 36)),
    ("१ लाख १२% २४ महीने", None, LoanTerms(100_000, 12, 24)),
    ("Rs. 80000 at 24% for 18 months", None, LoanTerms(80_000, 24, 18)),
    ("1 lakh 3% mahina 12 mahine", None, LoanTerms(100_000, 36, 12, monthly_rate=True)),
    ("50 hazar 3 rupaye sekda", None, LoanTerms(amount=50_000, rate=36, monthly_rate=True)),
    ("24", "months", LoanTerms(months=24)),
    ("12", "rate", LoanTerms(rate=12)),
    ("2 saal", "rate", LoanTerms(months=24)),
    ("mudra loan kaise milega", None, LoanTerms()),
]


@pytest.mark.parametrize(("text", "expect", "terms"), READ_CASES, ids=[case[0] for case in READ_CASES])
def test_terms_are_read_from_free_text(text: str, expect: str | None, terms: LoanTerms) -> None:
    assert READER.read(text, expect=expect) == terms


def test_newer_answer_fills_and_corrects() -> None:
    base = LoanTerms(amount=100_000, rate=36, monthly_rate=True)
    merged = base.merged(LoanTerms(rate=12, months=24))
    assert merged == LoanTerms(100_000, 12, 24, monthly_rate=False)
    assert merged.missing() == [] and LoanTerms(amount=1.0).missing() == ["rate", "months"]

"""The matcher against fresh, labelled user messages over the REAL catalogue, with enforced floors."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from bot.content.matcher import Band, Matcher, MatchResult

EVAL_FILE = Path(__file__).resolve().parents[1] / "data" / "eval_messages.tsv"
FALLBACK = "fallback"
MIN_EVAL_ROWS = 300
# Floors the issue sets; the figures today are printed by `pytest -s` and by bench/kcc_eval.py.
MIN_IN_DOMAIN_TOP1 = 0.90
MIN_OFF_DOMAIN_FALLBACK = 0.85
# An in-domain message answered with the wrong entry is worse than a suggestion or a fallback.
MAX_WRONG_ANSWERS = 0.05


def read_eval() -> list[tuple[str, str]]:
    with EVAL_FILE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row["text"], row["expected"]) for row in rows]


EVAL = read_eval()
IN_DOMAIN = [(text, expected) for text, expected in EVAL if expected != FALLBACK]
OFF_DOMAIN = [text for text, expected in EVAL if expected == FALLBACK]


def top_id(result: MatchResult) -> str:
    """The entry the matcher would lead with, or fallback."""
    if result.band == Band.FALLBACK or not result.candidates:
        return FALLBACK
    return result.candidates[0].entry_id


def confusion(pairs: list[tuple[str, str, str]]) -> str:
    """One line per miss, most frequent (expected -> got) first."""
    counts = Counter((expected, got) for _, expected, got in pairs)
    lines = [f"{n:3d}  {expected:32s} -> {got}" for (expected, got), n in counts.most_common()]
    examples = [f"      {text!r}: {expected} -> {got}" for text, expected, got in pairs]
    return "\n".join(["confusion (expected -> got):", *lines, "misses:", *examples])


def test_eval_set_is_big_and_labelled_with_real_ids(real_matcher: Matcher) -> None:
    assert len(EVAL) >= MIN_EVAL_ROWS
    unknown = {expected for _, expected in IN_DOMAIN} - set(real_matcher.entry_ids)
    assert not unknown, f"eval labels not in the catalogue: {sorted(unknown)}"


def test_in_domain_top1_accuracy(real_matcher: Matcher) -> None:
    results = [(text, expected, top_id(real_matcher.match(text))) for text, expected in IN_DOMAIN]
    misses = [row for row in results if row[1] != row[2]]
    accuracy = 1 - len(misses) / len(results)
    print(f"\nin-domain top-1: {accuracy:.1%} of {len(results)}")
    assert accuracy >= MIN_IN_DOMAIN_TOP1, confusion(misses)


def test_in_domain_wrong_answers_are_rare(real_matcher: Matcher) -> None:
    results = [(text, expected, real_matcher.match(text)) for text, expected in IN_DOMAIN]
    wrong = [(t, e, r.entry_id or "") for t, e, r in results if r.band == Band.ANSWER and r.entry_id != e]
    right = sum(r.band == Band.ANSWER and r.entry_id == e for _, e, r in results)
    print(f"\nin-domain answered right: {right / len(results):.1%}, wrong answers: {len(wrong)}")
    assert len(wrong) / len(results) <= MAX_WRONG_ANSWERS, confusion(wrong)


def test_off_domain_falls_back(real_matcher: Matcher) -> None:
    results = [(text, FALLBACK, real_matcher.match(text)) for text in OFF_DOMAIN]
    answered = [(t, e, r.entry_id or top_id(r)) for t, e, r in results if r.band == Band.ANSWER]
    not_fallback = [(t, e, top_id(r)) for t, e, r in results if r.band != Band.FALLBACK]
    rate = 1 - len(not_fallback) / len(results)
    print(f"\noff-domain fallback: {rate:.1%} of {len(results)}, answered: {len(answered)}")
    assert rate >= MIN_OFF_DOMAIN_FALLBACK, confusion(not_fallback)
    assert len(answered) / len(results) <= 1 - MIN_OFF_DOMAIN_FALLBACK, confusion(answered)


@pytest.mark.parametrize("expected", sorted({expected for _, expected in IN_DOMAIN}))
def test_every_labelled_entry_has_several_messages(expected: str) -> None:
    assert sum(label == expected for _, label in IN_DOMAIN) >= 3

"""Pure matcher behaviour on the small fixture catalogue (tests/content/fixtures/faq_small.yaml)."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli.classify import run
from bot.content.matcher import ANSWER_AT, SUGGEST_AT, Band, Matcher, calibrate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mudra lon", "scheme.mudra"),
        ("मुद्रा लोन", "scheme.mudra"),
        ("mudhra loan kaise le", "scheme.mudra"),
        ("MUDRA YOJNA", "scheme.mudra"),
        ("मुद्रा loan चाहिए", "scheme.mudra"),
        ("pm kisan ka paisa kab aayega", "scheme.pm_kisan"),
        ("पीएम किसान की किश्त", "scheme.pm_kisan"),
        ("kagaj kon se lagenge loan k liye", "credit.loan_documents"),
        ("लोन के लिए दस्तावेज़", "credit.loan_documents"),
        ("pyaj ka bhav", "market.mandi_price"),
        ("प्याज़ का भाव", "market.mandi_price"),
        ("udhyam registeration", "registration.udyam"),
        ("उद्यम रजिस्ट्रेशन", "registration.udyam"),
        ("namaste ji", "system.greeting"),
        ("नमस्ते\u200d", "system.greeting"),
        ("thnx", "system.thanks"),
    ],
)
def test_answers(small_matcher: Matcher, text: str, expected: str) -> None:
    result = small_matcher.match(text)
    assert (result.band, result.entry_id) == (Band.ANSWER, expected), result


@pytest.mark.parametrize(
    "text",
    ["gehu me keeda lag gaya", "aaj barish hogi kya", "cricket score", "बकरी को दस्त", "", "???", "12345"],
)
def test_off_domain_falls_back(small_matcher: Matcher, text: str) -> None:
    result = small_matcher.match(text)
    assert result.band == Band.FALLBACK
    assert result.entry_id is None


def test_vague_message_suggests_instead_of_answering(small_matcher: Matcher) -> None:
    result = small_matcher.match("loan chahiye")
    assert result.band == Band.SUGGEST
    assert result.entry_id is None
    assert {c.entry_id for c in result.candidates} >= {"scheme.mudra", "credit.loan_documents"}


@pytest.mark.parametrize("text", ["mudra lon", "loan chahiye", "gehu me keeda", "namaste"])
def test_result_shape(small_matcher: Matcher, text: str) -> None:
    result = small_matcher.match(text)
    scores = [c.score for c in result.candidates]
    assert result.text == text
    assert 0.0 <= result.confidence <= 1.0
    assert len(result.candidates) <= 3
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= 1.0 for score in scores)
    assert (result.entry_id is not None) == (result.band == Band.ANSWER)


def test_match_is_deterministic(small_matcher: Matcher) -> None:
    assert small_matcher.match("mudra loan") == small_matcher.match("mudra loan")


def test_same_message_in_three_scripts_lands_together(small_matcher: Matcher) -> None:
    ids = {small_matcher.match(t).entry_id for t in ("mudra lon", "मुद्रा लोन", "mudhra loan")}
    assert ids == {"scheme.mudra"}


def test_calibration_is_monotonic() -> None:
    assert calibrate(0.2, 0.1, 0.5) < calibrate(0.6, 0.1, 0.5) < calibrate(0.6, 0.4, 0.5)
    assert calibrate(0.6, 0.4, 0.5) < calibrate(0.6, 0.4, 1.0)
    assert 0.0 < SUGGEST_AT < ANSWER_AT < 1.0


def test_empty_catalogue_always_falls_back() -> None:
    result = Matcher.build([]).match("mudra loan")
    assert result.band == Band.FALLBACK
    assert result.candidates == ()


def test_classify_cli_contract(small_matcher: Matcher) -> None:
    stdin = io.StringIO("mudra lon\nबारिश कब होगी\r\nloan chahiye\n")
    stdout = io.StringIO()
    assert run(stdin, stdout, small_matcher) == 0
    rows = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [row["text"] for row in rows] == ["mudra lon", "बारिश कब होगी", "loan chahiye"]
    assert (rows[0]["faq_id"], rows[0]["topic"]) == ("scheme.mudra", "scheme")
    assert (rows[1]["faq_id"], rows[1]["topic"]) == (None, "fallback")
    assert (rows[2]["faq_id"], rows[2]["topic"]) == (None, "fallback")
    assert all(set(row) == {"text", "faq_id", "topic", "confidence"} for row in rows)
    assert all(0.0 <= row["confidence"] <= 1.0 for row in rows)

"""Case tables for the matching forms: normalise_for_matching, phonetic_key, skeleton."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.content.normalise import (
    ascii_digits,
    command_form,
    normalise_for_matching,
    phonetic_key,
    skeleton,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("मुद्रा  लोन कैसे मिलेगा?", "मुद्रा लोन कैसे मिलेगा"),
        ("Mudra LOAN!!!", "mudra loan"),
        ("क़र्ज़ चाहिए।", "कर्ज चाहिए"),  # nukta dropped, danda is punctuation
        ("हँसी", "हंसी"),  # chandrabindu -> anusvara
        ("किस्त १२००० रुपये", "किस्त 12000 रुपये"),
        ("mu\u200bdra lo\u200dan\ufeff", "mudra loan"),  # zero-width characters
        ("\u092e\u0941\u0926\u094d\u0930\u093e", "मुद्रा"),  # already NFC
        ("pleeeease helppp", "please help"),
        ("loan 1000 chahiye", "loan 1000 chahiye"),  # digit runs are not "repeated letters"
        ("mudra lon k liye kya krna h plz", "mudra lon ke liye kya karna hai please"),
        ("pm kisan kee kist", "pm kisan ki kist"),
        ("nhi mila pls btao", "nahi mila please batao"),
        ("e-shram/card", "e shram card"),
        ("1️⃣", "1"),
        ("", ""),
    ],
)
def test_normalise_for_matching(raw: str, expected: str) -> None:
    assert normalise_for_matching(raw) == expected


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (["mudra", "mudhra", "मुद्रा"], "mudra"),
        (["lon", "loan", "लोन"], "lon"),
        (["kaise", "kese", "कैसे"], "kese"),
        (["kisan", "kisaan", "किसान"], "kisan"),
        (["karj", "karz", "कर्ज", "कर्ज़"], "karj"),
        (["gst", "जीएसटी"], "gst"),
        (["pm", "पीएम"], "pm"),
        (["emi", "ईएमआई"], "emi"),
        (["credit", "क्रेडिट"], "kredit"),
        (["cibil", "sibil", "सिबिल"], "sibil"),
        (["vishwakarma", "vishvakarma", "विश्वकर्मा"], "visvakarma"),
        (["svanidhi", "swanidhi", "स्वनिधि"], "svanidi"),
        (["dukaan", "dukan", "दुकान"], "dukan"),
        (["sampark", "संपर्क"], "sanpark"),
        (["jameen", "zamin", "ज़मीन"], "jamin"),
    ],
)
def test_spellings_share_a_phonetic_key(spellings: list[str], key: str) -> None:
    assert {phonetic_key(normalise_for_matching(word)) for word in spellings} == {key}


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("udyam", "udhyam"),
        ("udyam", "उद्यम"),
        ("registration", "registeration"),
        ("registration", "रजिस्ट्रेशन"),
        ("standup", "स्टैंडअप"),
        ("chahiye", "चाहिए"),
        ("eshram", "ईश्रम"),
        ("scheme", "स्कीम"),
    ],
)
def test_variants_share_a_skeleton(left: str, right: str) -> None:
    assert skeleton(phonetic_key(left)) == skeleton(phonetic_key(right))


@pytest.mark.parametrize(("left", "right"), [("loan", "lagan"), ("gst", "pm"), ("mandi", "mudra")])
def test_different_words_keep_different_keys(left: str, right: str) -> None:
    assert phonetic_key(left) != phonetic_key(right)


@pytest.mark.parametrize(
    ("raw", "expected"), [("STOP!", "stop"), ("बंद।", "बंद"), ("२", "2"), ("#", "#"), ("3️⃣", "3")]
)
def test_command_form_unchanged(raw: str, expected: str) -> None:
    assert command_form(raw) == expected


def test_ascii_digits() -> None:
    assert ascii_digits("०१२३४५६७८९") == "0123456789"


@given(st.text())
def test_normalise_for_matching_is_idempotent(text: str) -> None:
    once = normalise_for_matching(text)
    assert normalise_for_matching(once) == once


_HINDI_OR_ROMAN = st.text(
    alphabet=st.characters(min_codepoint=0x0900, max_codepoint=0x097F) | st.sampled_from("abcdhkmnsz"),
    min_size=1,
)


@given(_HINDI_OR_ROMAN)
def test_phonetic_key_is_deterministic_and_leaves_no_devanagari(text: str) -> None:
    for word in normalise_for_matching(text).split():
        key = phonetic_key(word)
        assert key == phonetic_key(word)
        assert not any("\u0900" <= char <= "\u097f" for char in key)

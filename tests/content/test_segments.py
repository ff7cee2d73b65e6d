"""Segment arithmetic against known cases (Twilio's calculator rules)."""

from __future__ import annotations

import pytest

from bot.content.segments import Encoding, count_segments

CASES = [
    ("", Encoding.GSM7, 0, 0),
    ("a" * 160, Encoding.GSM7, 160, 1),
    ("a" * 161, Encoding.GSM7, 161, 2),
    ("a" * 306, Encoding.GSM7, 306, 2),
    ("a" * 307, Encoding.GSM7, 307, 3),
    ("{" * 80, Encoding.GSM7, 160, 1),  # extension characters count double
    ("€" * 81, Encoding.GSM7, 162, 2),
    ("a" * 152 + "é", Encoding.GSM7, 153, 1),  # é is in the GSM basic table
    ("a" * 152 + "ñ", Encoding.GSM7, 153, 1),
    ("a" * 152 + "ç", Encoding.UCS2, 153, 3),  # one non-GSM character switches everything to UCS-2
    ("नमस्ते", Encoding.UCS2, 6, 1),
    ("न" * 70, Encoding.UCS2, 70, 1),
    ("न" * 71, Encoding.UCS2, 71, 2),
    ("न" * 134, Encoding.UCS2, 134, 2),
    ("न" * 135, Encoding.UCS2, 135, 3),
    ("😀" * 35, Encoding.UCS2, 70, 1),  # outside the BMP: two UTF-16 units each
    ("₹500", Encoding.UCS2, 4, 1),
]


@pytest.mark.parametrize(("text", "encoding", "units", "segments"), CASES, ids=[f"{c[1]}-{c[2]}-{c[3]}" for c in CASES])
def test_count_segments(text: str, encoding: Encoding, units: int, segments: int) -> None:
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments) == (encoding, units, segments)

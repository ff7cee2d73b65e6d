"""SMS segment arithmetic: GSM-7 (160/153, extension characters count double) and UCS-2 (70/67).

Ported from the rules in Twilio's segment calculator (TwilioDevEd/message-segment-calculator).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")


class Encoding(StrEnum):
    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True)
class SegmentCount:
    encoding: Encoding
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


_LIMITS = {Encoding.GSM7: (160, 153), Encoding.UCS2: (70, 67)}


def is_gsm7(text: str) -> bool:
    """True when every character has a GSM 03.38 encoding (basic or extension table)."""
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def count_units(text: str, encoding: Encoding) -> int:
    """Septets (GSM-7) or UTF-16 code units (UCS-2) the text occupies."""
    if encoding == Encoding.GSM7:
        return sum(2 if char in GSM7_EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def count_segments(text: str) -> SegmentCount:
    """How many SMS segments the text costs, and in which encoding."""
    encoding = Encoding.GSM7 if is_gsm7(text) else Encoding.UCS2
    units = count_units(text, encoding)
    single, multi = _LIMITS[encoding]
    if units <= single:
        return SegmentCount(encoding, units, 1 if units else 0)
    return SegmentCount(encoding, units, -(-units // multi))


def max_units(encoding: Encoding, segments: int) -> int:
    """The most units that fit in the given number of segments."""
    single, multi = _LIMITS[encoding]
    return single if segments == 1 else multi * segments


def fits_segments(text: str, segments: int) -> bool:
    """True when the text costs at most that many segments."""
    return count_segments(text).segments <= segments

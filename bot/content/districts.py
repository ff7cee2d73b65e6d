"""Free text -> district id ("jhansi", "झाँसी", "jhasi", "main banaras se hoon"). Pure, built once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.content.normalise import normalise_for_matching, phonetic_key
from bot.content.schema import District

# Phonetic keys already forgive aspiration and vowel length (jhasi/jhansi, बांदा/banda); the ratio
# cutoff then forgives one slip in a longer name. Short keys must match exactly: "dhar" is not "dhan".
FUZZY_CUTOFF = 84.0
FUZZY_MIN_LENGTH = 5


def _key(text: str) -> str:
    return " ".join(phonetic_key(word) for word in normalise_for_matching(text).split())


@dataclass(frozen=True)
class DistrictIndex:
    keys: tuple[tuple[str, str], ...]  # (phonetic key of a name or alias, district id)

    @classmethod
    def build(cls, districts: Sequence[District]) -> DistrictIndex:
        """Index every name edition and alias of every district."""
        pairs: dict[str, str] = {}
        for district in districts:
            spellings = [*district.name.editions().values(), district.id, *district.aliases]
            for spelling in spellings:
                pairs.setdefault(_key(spelling), district.id)
        return cls(tuple(pairs.items()))

    def find(self, text: str) -> str | None:
        """The district a message names, or None; the whole message, or any one or two of its words."""
        words = _key(text).split()
        pieces = {" ".join(words), *words, *(" ".join(pair) for pair in zip(words, words[1:], strict=False))}
        best: tuple[float, str] | None = None
        for piece in pieces:
            for key, district_id in self.keys:
                score = _score(piece, key)
                if score and (best is None or score > best[0]):
                    best = (score, district_id)
        return best[1] if best else None


def _score(piece: str, key: str) -> float:
    if piece == key:
        return 101.0
    if min(len(piece), len(key)) < FUZZY_MIN_LENGTH:
        return 0.0
    score = fuzz.ratio(piece, key)
    return score if score >= FUZZY_CUTOFF else 0.0

"""Loan terms from free text ("1 lakh 12% 2 saal", "पचास हज़ार 18 प्रतिशत 12 महीने") and Indian digit grouping.

Pure. Words come from content (`content_hindi/words.yaml`); this module only knows their groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.content.finder import WordsFile
from bot.content.normalise import ascii_digits, clean_text, command_form

SLOTS = ("amount", "rate", "months")
_DIGIT_COMMAS = re.compile(r"(?<=\d),(?=\d)")
_PIECES = re.compile(r"\d+(?:\.\d+)?|[^\d\s]+")
_SEPARATORS = re.compile(r"[/,;:()\[\]+=*]|\s-\s")


@dataclass(frozen=True)
class LoanTerms:
    amount: float | None = None  # rupees
    rate: float | None = None  # percent a year
    months: int | None = None
    monthly_rate: bool = False  # the rate was given per month (a moneylender's way of quoting)

    def missing(self) -> list[str]:
        return [slot for slot in SLOTS if getattr(self, slot) is None]

    def merged(self, newer: LoanTerms) -> LoanTerms:
        """These terms with whatever `newer` adds or corrects."""
        updates = {slot: getattr(newer, slot) for slot in SLOTS if getattr(newer, slot) is not None}
        if newer.rate is not None:
            updates["monthly_rate"] = newer.monthly_rate
        return replace(self, **updates)


def tokens(text: str) -> list[str]:
    """Lower-case pieces: numbers ("250000", "10.5") and words/symbols ("lakh", "%", "₹")."""
    text = _DIGIT_COMMAS.sub("", ascii_digits(clean_text(text)).casefold())
    text = _SEPARATORS.sub(" ", text.replace("₹", " ₹ ").replace("%", " % "))
    return [piece for word in text.split() for piece in _PIECES.findall(word)]


class TermsReader:
    """Reads numbers with their units; `expect` says which slot a bare number answers."""

    def __init__(self, words: WordsFile) -> None:
        self.groups = {name: {command_form(w) or w for w in items} for name, items in words.groups.items()}
        self.numbers = {command_form(word): value for word, value in words.numbers.items()}
        self.multipliers = {command_form(word): value for word, value in words.multipliers.items()}

    def read(self, text: str, expect: str | None = None) -> LoanTerms:
        """The loan terms a message states (only those it states)."""
        pieces = [piece if _to_float(piece) is not None else command_form(piece) or piece for piece in tokens(text)]
        found: dict[str, float | bool] = {}
        bare: list[float] = []
        index = 0
        while index < len(pieces):
            value, index = self._number(pieces, index)
            if value is None:
                index += 1
                continue
            index = self._unit(pieces, index, value, found, bare)
        self._place_bare(bare, found, expect)
        months = found.get("months")
        return LoanTerms(
            amount=_float(found.get("amount")), rate=_float(found.get("rate")),
            months=int(months) if months else None, monthly_rate=bool(found.get("monthly_rate", False)),
        )

    def _in(self, group: str, piece: str | None) -> bool:
        return piece is not None and piece in self.groups.get(group, set())

    def _number(self, pieces: list[str], index: int) -> tuple[float | None, int]:
        """A number (digits or words, with lakh/hazar and sums like "ek lakh pachas hazar")."""
        value, multiplier = self._term(pieces, index)
        if value is None:
            return None, index
        total, index = value * (multiplier or 1), index + (2 if multiplier else 1)
        while multiplier:
            more, smaller = self._term(pieces, index)
            if more is None or not smaller or smaller >= multiplier:
                break
            total, index, multiplier = total + more * smaller, index + 2, smaller
        return total, index

    def _term(self, pieces: list[str], index: int) -> tuple[float | None, int | None]:
        """(number, the lakh/hazar word after it) at `index`."""
        if index >= len(pieces):
            return None, None
        value = _to_float(pieces[index])
        value = self.numbers.get(pieces[index]) if value is None else value
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        return value, self.multipliers.get(following)

    def _unit(self, pieces: list[str], index: int, value: float, found: dict[str, float | bool], bare: list[float]) -> int:
        nxt = pieces[index] if index < len(pieces) else None
        after = pieces[index + 1] if index + 1 < len(pieces) else None
        before = pieces[index - 2] if index >= 2 else None
        if self._in("percent", nxt):
            monthly = self._in("per_month", after) or self._in("per_hundred", after)
            found.update(rate=value * 12 if monthly else value, monthly_rate=monthly)
            return index + (2 if monthly else 1)
        if self._in("rupees", nxt) and self._in("per_hundred", after) or self._in("per_hundred", nxt):
            found.update(rate=value * 12, monthly_rate=True)
            return index + (2 if self._in("per_hundred", nxt) else 3)
        if self._in("years", nxt):
            found["months"] = value * 12
            return index + 1
        if self._in("months", nxt):
            found["months"] = value
            return index + 1
        if self._in("rupees", before) or self._in("rupees", nxt) or value >= 1000:
            found.setdefault("amount", value)
            return index + (1 if self._in("rupees", nxt) else 0)
        bare.append(value)
        return index

    @staticmethod
    def _place_bare(bare: list[float], found: dict[str, float | bool], expect: str | None) -> None:
        order = [expect] if expect else []
        order += [slot for slot in ("rate", "months", "amount") if slot != expect]
        for value in bare:
            slot = next((slot for slot in order if slot not in found), None)
            if slot is None:
                return
            found[slot] = value


def _to_float(piece: str) -> float | None:
    try:
        return float(piece)
    except ValueError:
        return None


def _float(value: float | bool | None) -> float | None:
    return None if value is None else float(value)


def emi(amount: float, annual_rate: float, months: int) -> float:
    """Equal monthly instalment on a reducing balance: P·r·(1+r)^n / ((1+r)^n − 1)."""
    rate = annual_rate / 12 / 100
    if rate == 0:
        return amount / months
    growth = (1 + rate) ** months
    return amount * rate * growth / (growth - 1)


def indian_digits(value: float) -> str:
    """Whole rupees grouped the Indian way: 250000 -> "2,50,000"; 12345678 -> "1,23,45,678"."""
    number = round(value)
    digits = str(abs(number))
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ("-" if number < 0 else "") + ",".join([*groups, tail])

"""Loan EMI calculator (`credit.emi`): reads amount, rate and months from any message, asks what is missing.

EMI on a reducing balance; a rate of 24% a year or more, or any rate quoted per month, gets the
moneylender warning.
"""

from __future__ import annotations

from typing import Any

from bot.content.matcher import Band
from bot.flows.guided import common
from bot.flows.guided.money import SLOTS, LoanTerms, TermsReader, emi, indian_digits
from bot.flows.render import View
from bot.flows.state import ContactView, Incoming, Turn

FLOW = "emi"
MONEYLENDER_RATE = 24.0
LIMITS = {"amount": (1000, 100_000_000), "rate": (0.1, 200), "months": (1, 360)}


class EmiFlow:
    def start(self, turn: Turn, view: View, contact: ContactView) -> Turn:
        """Use whatever the triggering message already said; ask for the rest."""
        terms = _reader(view).read(str(turn.state.data.get("trigger_text", "")))
        return _continue(turn, view, _valid(terms), [])

    def resume(self, turn: Turn, view: View, incoming: Incoming, contact: ContactView) -> Turn | None:
        data = turn.state.data
        slot = turn.state.node or "amount"
        heard = _valid(_reader(view).read(incoming.text, expect=slot))
        if heard.missing() == list(SLOTS):
            if view.catalog.matcher.match(incoming.text).band == Band.ANSWER:
                return None  # a different question: answer it, the calculation is left
            turn.say("emi.not_understood", view.text("emi.not_understood"))
            return turn.say(f"emi.q.{slot}", view.text(f"emi.q.{slot}"))
        terms = LoanTerms(**data.get("terms", {})).merged(heard)
        return _continue(turn, view, terms, [*data.get("asked", []), slot])

    def claims(self, view: View, text: str) -> bool:
        """A message stating amount, rate and time ("1 lakh 12% 2 saal") is an EMI question."""
        return not _valid(_reader(view).read(text)).missing()

    def on_intent(self, turn: Turn, view: View, intent: str, contact: ContactView) -> Turn | None:
        """`#` asks the previous question again."""
        asked = list(turn.state.data.get("asked", []))
        if intent != "back" or not asked:
            return None
        slot = asked.pop()
        terms = {k: v for k, v in turn.state.data.get("terms", {}).items() if k != slot}
        common.enter(turn, FLOW, slot, {"terms": terms, "asked": asked})
        return turn.say(f"emi.q.{slot}", view.text(f"emi.q.{slot}"))


def _reader(view: View) -> TermsReader:
    assert view.catalog.words is not None, "content_hindi/words.yaml is needed for the EMI flow"
    return TermsReader(view.catalog.words)


def _valid(terms: LoanTerms) -> LoanTerms:
    """Drop values outside sane limits, so they are asked again."""
    kept: dict[str, Any] = {"monthly_rate": terms.monthly_rate}
    for slot, (low, high) in LIMITS.items():
        value = getattr(terms, slot)
        kept[slot] = value if value is not None and low <= value <= high else None
    return LoanTerms(**kept)


def _continue(turn: Turn, view: View, terms: LoanTerms, asked: list[str]) -> Turn:
    missing = terms.missing()
    if missing:
        state = {"terms": _dump(terms), "asked": asked}
        common.enter(turn, FLOW, missing[0], state)
        return turn.say(f"emi.q.{missing[0]}", view.text(f"emi.q.{missing[0]}"))
    common.leave(turn)
    return _result(turn, view, terms)


def _dump(terms: LoanTerms) -> dict[str, Any]:
    return {slot: getattr(terms, slot) for slot in SLOTS if getattr(terms, slot) is not None} | {
        "monthly_rate": terms.monthly_rate
    }


def _result(turn: Turn, view: View, terms: LoanTerms) -> Turn:
    assert terms.amount is not None and terms.rate is not None and terms.months is not None
    monthly = emi(terms.amount, terms.rate, terms.months)
    total = monthly * terms.months
    turn.say("emi.result", view.text(
        "emi.result", amount=indian_digits(terms.amount), rate=_rate(terms.rate), months=terms.months,
        emi=indian_digits(monthly), interest=indian_digits(total - terms.amount), total=indian_digits(total),
    ))
    if terms.monthly_rate or terms.rate >= MONEYLENDER_RATE:
        turn.say("emi.warning", view.text("emi.warning", rate=_rate(terms.rate)))
    return turn


def _rate(rate: float) -> str:
    return f"{rate:g}"

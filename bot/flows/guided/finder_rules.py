"""The scheme finder's evaluator: which question next, and which schemes fit. Pure, rules from content."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.content.finder import Condition, FactKind, FinderFile, SchemeRule, SchemeStatus

SKIPPED = "__skipped__"  # the contact chose not to answer
MAX_RESULTS = 3
Facts = Mapping[str, Any]


@dataclass(frozen=True)
class Match:
    rule: SchemeRule
    reason: str  # message key of the reason that applies


def holds(condition: Condition, facts: Facts) -> bool | None:
    """True/False, or None while the fact is unknown. A skipped fact fails every test but `not_in`."""
    if condition.fact not in facts:
        return None
    value = facts[condition.fact]
    if value == SKIPPED:
        return condition.not_in is not None
    if condition.in_ is not None:
        return value in condition.in_
    if condition.not_in is not None:
        return value not in condition.not_in
    if condition.equals is not None:
        return bool(value == condition.equals)
    if condition.min is not None:
        return isinstance(value, int | float) and value >= condition.min
    return isinstance(value, int | float) and condition.max is not None and value <= condition.max


def status_on(rule: SchemeRule, today: date) -> SchemeStatus:
    """The rule's status today: an open scheme past its `open_until` is no longer confirmed."""
    if rule.status == SchemeStatus.OPEN and rule.open_until and today > rule.open_until:
        return SchemeStatus.UNCONFIRMED
    return rule.status


def _verdict(rule: SchemeRule, facts: Facts) -> bool | None:
    results = [holds(condition, facts) for condition in rule.conditions]
    if False in results:
        return False
    return None if None in results else True


def _open_by_weight(finder: FinderFile, today: date) -> list[SchemeRule]:
    rules = [rule for rule in finder.schemes if status_on(rule, today) == SchemeStatus.OPEN]
    return sorted(rules, key=lambda rule: -rule.weight)


def next_fact(finder: FinderFile, facts: Facts, today: date) -> str | None:
    """The one fact still needed to settle the best schemes, or None when the answer is ready."""
    matched: list[SchemeRule] = []
    for rule in _open_by_weight(finder, today):
        verdict = _verdict(rule, facts)
        if verdict is None:
            return next(c.fact for c in rule.conditions if holds(c, facts) is None)
        if verdict:
            matched.append(rule)
        if len(matched) == MAX_RESULTS:
            break
    wanted = [fact for rule in matched for fact in rule.asks if fact not in facts]
    return next((fact for fact in wanted if finder.facts[fact].kind != FactKind.DERIVED), None)


def recommend(finder: FinderFile, facts: Facts, today: date) -> list[Match]:
    """Up to three open schemes whose every condition holds, most specific first."""
    rules = [rule for rule in _open_by_weight(finder, today) if _verdict(rule, facts)]
    return [Match(rule, _reason(rule, facts)) for rule in rules[:MAX_RESULTS]]


def notes(finder: FinderFile, facts: Facts, today: date) -> list[Match]:
    """Closed or unconfirmed schemes that would fit: said as a caution, never as a recommendation."""
    rules = [r for r in finder.schemes if status_on(r, today) != SchemeStatus.OPEN and _verdict(r, facts)]
    return [Match(rule, rule.status_note or "") for rule in sorted(rules, key=lambda rule: -rule.weight)]


def _reason(rule: SchemeRule, facts: Facts) -> str:
    for reason in rule.reasons:
        if all(holds(condition, facts) for condition in reason.when):
            return reason.text
    return rule.reasons[-1].text

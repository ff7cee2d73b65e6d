"""Scheme finder rules (content_hindi/finder/rules.yaml): each scheme's typical applicant and the edges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from bot.config import PROJECT_ROOT
from bot.content.catalog import load_catalog
from bot.flows.guided.finder_rules import SKIPPED, next_fact, notes, recommend

FINDER = load_catalog(PROJECT_ROOT / "content_hindi").finder
assert FINDER is not None
TODAY = date(2026, 11, 23)
BEFORE_MARCH_2026 = date(2026, 1, 15)
NO_FLAGS = {"street_vendor": False, "farmer": False, "shg_member": False, "artisan": False}


@dataclass(frozen=True)
class Case:
    label: str
    facts: dict[str, Any]
    first: str | None  # the best scheme, or None when nothing fits
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    note: str | None = None  # a closed/unconfirmed scheme mentioned as a caution
    today: date = TODAY
    extra: dict[str, Any] = field(default_factory=dict)


UP_MAN = {**NO_FLAGS, "state": "up", "gender": "male", "stage": "idea", "sector": "services", "area": "rural"}
CASES = [
    Case("street vendor -> SVANidhi", {**UP_MAN, "street_vendor": True, "age": 30, "amount": 15000}, "scheme.pm_svanidhi"),
    Case("farmer -> KCC", {**UP_MAN, "farmer": True, "sector": "agriculture", "age": 45, "amount": 200000}, "scheme.kcc"),
    Case("SHG member -> SHG bank loan", {**UP_MAN, "gender": "female", "shg_member": True, "age": 35, "amount": 100000},
         "scheme.shg_bank_loan"),
    Case("UP artisan -> VSSY, PM Vishwakarma only as a caution",
         {**UP_MAN, "artisan": True, "sector": "crafts", "age": 40, "amount": 100000}, "scheme.up_vssy",
         excludes=("scheme.pm_vishwakarma",), note="finder.note.pm_vishwakarma"),
    Case("young UP starter -> CM-YUVA", {**UP_MAN, "age": 25, "amount": 300000}, "scheme.up_cm_yuva",
         includes=("scheme.mudra",)),
    Case("MP starter -> Udyam Kranti", {**UP_MAN, "state": "mp", "age": 30, "amount": 1000000, "category": "obc"},
         "scheme.mp_udyam_kranti"),
    Case("woman starting small -> Mudra with its reason, Stand-Up only as a caution",
         {**UP_MAN, "state": "other", "gender": "female", "age": 50, "amount": 40000}, "scheme.mudra",
         excludes=("scheme.standup_india",), note="finder.note.standup_india"),
    Case("food processing after March 2026: PMFME not recommended",
         {**UP_MAN, "state": "other", "sector": "food_processing", "age": 30, "amount": 200000}, "scheme.mudra",
         excludes=("scheme.pmfme", "scheme.pmegp"), note="finder.note.pmfme"),
    Case("food processing before March 2026: PMFME recommended",
         {**UP_MAN, "state": "other", "sector": "food_processing", "age": 30, "amount": 200000}, "scheme.pmfme",
         includes=("scheme.pmegp",), today=BEFORE_MARCH_2026),
    Case("big loan -> CGTMSE", {**UP_MAN, "state": "other", "stage": "running", "age": 40, "amount": 3000000},
         "scheme.cgtmse"),
    Case("CM-YUVA age limit: 41 is too old", {**UP_MAN, "age": 41, "amount": 300000}, "scheme.mudra",
         excludes=("scheme.up_cm_yuva",)),
    Case("CM-YUVA age limit: 21 fits, 20 does not", {**UP_MAN, "age": 20, "amount": 300000}, "scheme.mudra",
         excludes=("scheme.up_cm_yuva",)),
    Case("Udyam Kranti age limit: 46 is too old", {**UP_MAN, "state": "mp", "age": 46, "amount": 1000000},
         "scheme.mudra", excludes=("scheme.mp_udyam_kranti",)),
    Case("nothing fits: 16-year-old needing 50 lakh", {**UP_MAN, "age": 16, "amount": 5000000}, None),
    Case("woman not in a group is pointed to NRLM",
         {**UP_MAN, "state": "other", "gender": "female", "stage": "running", "age": 30, "amount": 2000000},
         "scheme.cgtmse", includes=("scheme.nrlm_shg",)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
def test_recommendations(case: Case) -> None:
    assert FINDER is not None
    found = [match.rule.scheme for match in recommend(FINDER, case.facts, case.today)]
    assert (found[0] if found else None) == case.first, found
    assert len(found) <= 3
    for scheme in case.includes:
        assert scheme in found
    for scheme in case.excludes:
        assert scheme not in found
    if case.note:
        assert case.note in [match.reason for match in notes(FINDER, case.facts, case.today)]


def test_closed_and_unconfirmed_schemes_are_never_recommended() -> None:
    assert FINDER is not None
    everything = {**UP_MAN, "street_vendor": True, "farmer": True, "shg_member": True, "artisan": True,
                  "gender": "female", "age": 30, "amount": 100000, "sector": "food_processing"}
    found = {match.rule.scheme for match in recommend(FINDER, everything, TODAY)}
    assert not found & {"scheme.standup_india", "scheme.pm_vishwakarma", "scheme.pmfme", "scheme.pmegp"}


def test_the_woman_starting_new_gets_the_personal_reason() -> None:
    assert FINDER is not None
    facts = {**UP_MAN, "state": "other", "gender": "female", "age": 30, "amount": 200000}
    mudra = next(m for m in recommend(FINDER, facts, TODAY) if m.rule.scheme == "scheme.mudra")
    assert mudra.reason == "finder.reason.mudra_woman_new"


QUESTION_CASES = [
    ("nothing known: the most specific scheme's question first", {}, "street_vendor"),
    ("a vendor needs nothing more", {"street_vendor": True}, "farmer"),
    ("known flags: the state (district) next", dict(NO_FLAGS), "state"),
    ("MP starter: category is asked, skippable", {**UP_MAN, "state": "mp", "age": 30, "amount": 100000}, "category"),
    ("category skipped: done", {**UP_MAN, "state": "mp", "age": 30, "amount": 100000, "category": SKIPPED}, None),
]


@pytest.mark.parametrize(("label", "facts", "expected"), QUESTION_CASES, ids=[c[0] for c in QUESTION_CASES])
def test_only_needed_questions_are_asked(label: str, facts: dict[str, Any], expected: str | None) -> None:
    assert FINDER is not None
    assert next_fact(FINDER, facts, TODAY) == expected

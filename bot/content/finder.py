"""Shape of `content_hindi/finder/rules.yaml`: the facts the scheme finder asks and one rule set per scheme."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from bot.content.schema import SCHEMA_VERSION, EntryId, MessageKey, NonEmpty, Strict

FactName = Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
Value = str | int | bool


class FactKind(StrEnum):
    CHOICE = "choice"  # numbered options
    NUMBER = "number"  # a whole number (age)
    AMOUNT = "amount"  # rupees, digits or words (50000, 2 lakh, पचास हज़ार)
    DERIVED = "derived"  # filled from the profile (state from the district), never asked


class Option(Strict):
    value: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")] | bool
    label: MessageKey
    words: list[NonEmpty] = Field(default_factory=list)  # whole-message words meaning this option


class Fact(Strict):
    kind: FactKind
    question: MessageKey | None = None
    why: MessageKey | None = None  # one line saying why we ask (optional facts such as category)
    options: list[Option] = Field(default_factory=list)
    optional: bool = False  # the contact may skip it
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _asked_facts_have_questions(self) -> Fact:
        if self.kind != FactKind.DERIVED and self.question is None:
            raise ValueError("a fact that is asked needs a 'question' message key")
        if self.kind == FactKind.CHOICE and len(self.options) < 2:
            raise ValueError("a choice needs at least two options")
        return self


class Condition(Strict):
    """One test on a fact; exactly one of in / not_in / min / max / equals."""

    fact: FactName
    in_: list[Value] | None = Field(default=None, alias="in")
    not_in: list[Value] | None = None
    min: int | None = None
    max: int | None = None
    equals: Value | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [self.in_, self.not_in, self.min, self.max, self.equals]
        if sum(test is not None for test in tests) != 1:
            raise ValueError("give exactly one of: in, not_in, min, max, equals")
        return self


class SchemeStatus(StrEnum):
    OPEN = "open"
    UNCONFIRMED = "unconfirmed"  # the facts file cannot confirm it is taking applications
    CLOSED = "closed"


class Reason(Strict):
    when: list[Condition] = Field(default_factory=list)
    text: MessageKey


class SchemeRule(Strict):
    scheme: EntryId  # the FAQ entry with the details
    status: SchemeStatus
    open_until: date | None = None  # after this date the rule counts as unconfirmed
    status_note: MessageKey | None = None  # said when status is not open (why not recommended)
    weight: int = Field(ge=0, le=100)  # higher = more specific to the person; shown first
    conditions: list[Condition] = Field(min_length=1)
    asks: list[FactName] = Field(default_factory=list)  # asked once it matches, for a better reason
    reasons: list[Reason] = Field(min_length=1)  # the first whose `when` holds is shown
    next_step: MessageKey

    @model_validator(mode="after")
    def _note_when_not_open(self) -> SchemeRule:
        if (self.status != SchemeStatus.OPEN or self.open_until) and self.status_note is None:
            raise ValueError("a closed/unconfirmed (or dated) scheme needs a 'status_note'")
        if self.reasons[-1].when:
            raise ValueError("the last reason must have no 'when' (the default)")
        return self


class FinderFile(Strict):
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    facts: dict[FactName, Fact]
    offices: dict[str, MessageKey]  # state (up / mp / other) -> where to go when nothing fits
    schemes: list[SchemeRule] = Field(min_length=1)


class WordsFile(Strict):
    """`content_hindi/words.yaml`: whole-message words and number words the guided flows understand."""

    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    groups: dict[FactName, list[NonEmpty]]  # yes, no, skip, useful, not_useful, years, months, …
    numbers: dict[NonEmpty, float]  # ek: 1, dedh: 1.5, पचास: 50 …
    multipliers: dict[NonEmpty, int]  # lakh: 100000, hazar: 1000 …

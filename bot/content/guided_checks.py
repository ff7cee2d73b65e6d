"""Catalogue checks for districts.yaml and finder/rules.yaml: ids, spellings and references."""

from __future__ import annotations

from collections.abc import Iterator

from bot.content.districts import DistrictIndex
from bot.content.finder import Condition, FactKind, FinderFile
from bot.content.loader import ContentFiles
from bot.content.problems import ContentProblem
from bot.content.schema import FaqEntry, Text

FINDER_FILE = "finder/rules.yaml"
DISTRICTS_FILE = "districts.yaml"


def check_guided(
    files: ContentFiles, messages: dict[str, Text], entries: dict[str, FaqEntry]
) -> Iterator[ContentProblem]:
    """Every district and finder problem."""
    yield from _district_problems(files)
    for file in files.finder.values():
        yield from _finder_problems(file, messages, entries)


def _district_problems(files: ContentFiles) -> Iterator[ContentProblem]:
    for file in files.districts.values():
        seen: set[str] = set()
        for district in file.districts:
            if district.id in seen:
                yield ContentProblem(DISTRICTS_FILE, district.id, "duplicate district id")
            seen.add(district.id)
        index = DistrictIndex.build(file.districts)
        for district in file.districts:
            for alias in district.aliases:
                found = index.find(alias)
                if found != district.id:
                    yield ContentProblem(DISTRICTS_FILE, f"{district.id}.aliases", f"'{alias}' is read as '{found}'")


def _finder_problems(
    file: FinderFile, messages: dict[str, Text], entries: dict[str, FaqEntry]
) -> Iterator[ContentProblem]:
    for name, fact in file.facts.items():
        keys = [fact.question, fact.why, *(option.label for option in fact.options)]
        yield from _unknown_messages(f"facts.{name}", keys, messages)
    yield from _unknown_messages("offices", list(file.offices.values()), messages)
    if "other" not in file.offices:
        yield ContentProblem(FINDER_FILE, "offices", "needs an 'other' office (the default)")
    for rule in file.schemes:
        where = f"schemes.{rule.scheme}"
        if rule.scheme not in entries:
            yield ContentProblem(FINDER_FILE, where, f"unknown entry '{rule.scheme}'")
        keys = [rule.next_step, rule.status_note, *(reason.text for reason in rule.reasons)]
        yield from _unknown_messages(where, keys, messages)
        conditions = [*rule.conditions, *(c for reason in rule.reasons for c in reason.when)]
        yield from _condition_problems(file, where, conditions)
        for fact in rule.asks:
            if fact not in file.facts:
                yield ContentProblem(FINDER_FILE, f"{where}.asks", f"unknown fact '{fact}'")


def _condition_problems(file: FinderFile, where: str, conditions: list[Condition]) -> Iterator[ContentProblem]:
    for condition in conditions:
        fact = file.facts.get(condition.fact)
        if fact is None:
            yield ContentProblem(FINDER_FILE, where, f"unknown fact '{condition.fact}'")
            continue
        if fact.kind != FactKind.CHOICE:
            continue
        values = {option.value for option in fact.options}
        for value in [*(condition.in_ or []), *(condition.not_in or [])]:
            if value not in values:
                yield ContentProblem(FINDER_FILE, where, f"'{value}' is not an option of '{condition.fact}'")


def _unknown_messages(where: str, keys: list[str | None], messages: dict[str, Text]) -> Iterator[ContentProblem]:
    for key in keys:
        if key is not None and key not in messages:
            yield ContentProblem(FINDER_FILE, where, f"unknown message '{key}'")

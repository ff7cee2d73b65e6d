"""DLT templates: the only texts an Indian SMS may carry (TRAI's Distributed Ledger rules).

A registered template is fixed text with `{#var#}` slots of at most 30 characters each. Our texts
use `{name}` variables; each becomes a slot whose most characters are declared in `dlt_slots`.
This module is pure: the template model, matching, and the content-level rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from bot.content.problems import ContentProblem
from bot.content.schema import Channel, Script, Text, placeholders

SLOT = "{#var#}"
FOOTER_KEY = "sms.reply_to"  # the reply-to line ending every Indian SMS
MAX_SLOT_CHARS = 30
MAX_LIST_LINES = 9  # numbered lists offer 1-9
TEMPLATE_ID = re.compile(r"^\d{19}$")
SMS_EDITIONS = ("sms_hi", "sms_hi_latn", "sms_en")
# Marks a variable while a text is rendered "as a template": \x00name\x00 never occurs in content.
_MARK = "\x00"
_MARKED = re.compile(r"\x00([a-z_][a-z0-9_]*)\x00")
FIX_HINT = (
    "add dlt_templates: {sms_hi: '<19-digit id>', sms_hi_latn: '…', sms_en: '…'} "
    "(placeholders: python scripts/add_dlt_ids.py), or dlt_skip: '<why it is never an SMS of its own>'"
)


class DltCategory(StrEnum):
    SERVICE_IMPLICIT = "service_implicit"  # replies to a user who wrote or called first ("-S")
    SERVICE_EXPLICIT = "service_explicit"  # needs recorded consent
    TRANSACTIONAL = "transactional"
    PROMOTIONAL = "promotional"
    GOVERNMENT = "government"


def edition_for(script: Script) -> str:
    """The dlt_templates key naming the SMS a contact reading this script receives."""
    return f"sms_{script.value}"


def marker(name: str) -> str:
    """A value that stands for variable `name` while rendering a template."""
    return f"{_MARK}{name}{_MARK}"


def markers(names: set[str]) -> dict[str, str]:
    return {name: marker(name) for name in names}


@dataclass(frozen=True)
class DltTemplate:
    """One registered template: id, category, where it comes from, its text and slot limits."""

    id: str
    category: str
    key: str  # the content key (message, entry or menu) whose SMS this is
    edition: str  # sms_hi / sms_hi_latn / sms_en
    marked: str  # rendered text with variable markers
    slot_limits: Mapping[str, int] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The text to register on the DLT portal."""
        return _MARKED.sub(SLOT, self.marked)

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(_MARKED.findall(self.marked))

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compile(self.marked, tuple(sorted(self.slot_limits.items())))

    def matches(self, body: str) -> bool:
        """True when the body is this template with every slot filled within its limit."""
        return self.pattern.fullmatch(body) is not None


@lru_cache(maxsize=4096)
def _compile(marked: str, limits: tuple[tuple[str, int], ...]) -> re.Pattern[str]:
    allowed = dict(limits)
    parts, position = [], 0
    for found in _MARKED.finditer(marked):
        parts.append(re.escape(marked[position:found.start()]))
        most = min(allowed.get(found.group(1), MAX_SLOT_CHARS), MAX_SLOT_CHARS)
        parts.append(f"[^\\n]{{0,{most}}}")
        position = found.end()
    parts.append(re.escape(marked[position:]))
    return re.compile("".join(parts))


def find_template(templates: Mapping[str, DltTemplate], key: str, body: str) -> DltTemplate | None:
    """The registered template of `key` that this body matches, if any."""
    for template in templates.values():
        if template.key == key and template.matches(body):
            return template
    return None


# --- content rules --------------------------------------------------------------------------------

def text_problems(file: str, key: str, text: Text) -> Iterator[ContentProblem]:
    """Ids for every SMS edition (unless dlt_skip), and valid slots of at most 30 characters."""
    if not text.dlt_skip:
        yield from id_problems(file, key, text.dlt_templates)
    elif key != FOOTER_KEY:  # the footer is skipped yet part of every template: its slot counts
        return
    if text.dlt_category not in DltCategory.__members__.values():
        yield ContentProblem(file, f"{key}.dlt_category", f"unknown category; use one of {[c.value for c in DltCategory]}")
    for name in SMS_EDITIONS:
        edition = text.edition(Script(name.removeprefix("sms_")), Channel.SMS)
        yield from _slot_problems(file, f"{key}.{name}", edition, text.dlt_slots)


def id_problems(file: str, key: str, ids: Mapping[str, str]) -> Iterator[ContentProblem]:
    """Every SMS edition has a well-formed id and no unknown edition is named."""
    for name in SMS_EDITIONS:
        if name not in ids:
            yield ContentProblem(file, f"{key}.dlt_templates", f"no DLT template id for {name}: {FIX_HINT}")
    for name, value in ids.items():
        if name not in SMS_EDITIONS:
            yield ContentProblem(file, f"{key}.dlt_templates.{name}", f"unknown edition; use {list(SMS_EDITIONS)}")
        elif not TEMPLATE_ID.fullmatch(value):
            yield ContentProblem(file, f"{key}.dlt_templates.{name}", f"{value!r} is not a 19-digit DLT template id")


def list_problems(file: str, key: str, lists: Mapping[str, Mapping[int, str]]) -> Iterator[ContentProblem]:
    """A list header names, per line count, a well-formed id for every SMS edition."""
    counts = sorted({count for ids in lists.values() for count in ids})
    for count in counts:
        if not 1 <= count <= MAX_LIST_LINES:
            yield ContentProblem(file, f"{key}.dlt_lists", f"a list has 1 to {MAX_LIST_LINES} lines, not {count}")
        yield from id_problems(file, f"{key}.dlt_lists[{count}]", {
            name: ids[count] for name, ids in lists.items() if count in ids
        })


def list_claims(file: str, key: str, lists: Mapping[str, Mapping[int, str]]) -> list[tuple[str, str, str]]:
    """(file, key, id) of every list template, for duplicate_ids."""
    return [(file, f"{key}.{name}[{count}]", template_id)
            for name, ids in lists.items() for count, template_id in ids.items()]


def _slot_problems(file: str, key: str, edition: str, limits: Mapping[str, int]) -> Iterator[ContentProblem]:
    if "{#" in edition or "#}" in edition:
        yield ContentProblem(file, key, "write variables as {name}; {#var#} slots are generated")
    if re.search(r"\}\s*\{", edition):
        yield ContentProblem(file, key, "two variables side by side cannot be told apart; put words between them")
    names = placeholders(edition)
    if names and not re.sub(r"\{[a-z0-9_]+\}", "", edition).strip():
        yield ContentProblem(file, key, "a template needs fixed text, not only variables")
    for name in sorted(names):
        most = limits.get(name)
        if most is None or not 1 <= most <= MAX_SLOT_CHARS:
            yield ContentProblem(
                file, key, f"variable {{{name}}} could exceed {MAX_SLOT_CHARS} characters: "
                f"declare dlt_slots: {{{name}: N}} with N ≤ {MAX_SLOT_CHARS}",
            )


def duplicate_ids(claims: list[tuple[str, str, str]]) -> Iterator[ContentProblem]:
    """(file, key, id) claims: one id may belong to one edition only."""
    seen: dict[str, str] = {}
    for file, key, template_id in claims:
        if template_id in seen and seen[template_id] != key:
            yield ContentProblem(file, key, f"DLT template id {template_id} is also claimed by {seen[template_id]}")
        seen.setdefault(template_id, key)


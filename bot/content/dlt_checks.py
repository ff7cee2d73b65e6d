"""Content check for India SMS: valid, unique DLT template ids on every SMS-able text and menu, and
answers that fit their segment budget with the reply-to footer every Indian SMS ends with.

Run by `python -m bot content check` (not at app start-up, so a colleague's new messages file
without ids yet does not stop the bot; the Indian sender refuses unregistered texts anyway).
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.content.catalog import fill
from bot.content.checks import ANSWER_SMS_SEGMENTS, MORE_SUFFIX_KEY
from bot.content.dlt import (
    FOOTER_KEY,
    MAX_SLOT_CHARS,
    SMS_EDITIONS,
    duplicate_ids,
    edition_for,
    id_problems,
    list_claims,
    list_problems,
    text_problems,
)
from bot.content.loader import ContentFiles
from bot.content.problems import ContentProblem
from bot.content.schema import Channel, FaqEntry, Script, Text
from bot.content.segments import count_segments, max_units


def check_dlt(files: ContentFiles) -> list[ContentProblem]:
    """Missing or malformed ids, invalid slots, and ids claimed twice."""
    problems: list[ContentProblem] = []
    claims: list[tuple[str, str, str]] = []
    for file, key, text in _texts(files):
        problems += text_problems(file, key, text)
        if not text.dlt_skip:
            claims += _claims(file, key, text.dlt_templates)
        problems += list_problems(file, key, text.dlt_lists)
        claims += list_claims(file, key, text.dlt_lists)
    for file, menus in files.menus.items():
        for menu_id, menu in menus.menus.items():
            problems += id_problems(file, menu_id, menu.dlt_templates)
            claims += _claims(file, menu_id, menu.dlt_templates)
    problems += duplicate_ids(claims)
    return problems


def check_india_budgets(files: ContentFiles) -> list[ContentProblem]:
    """Every FAQ answer that can go to India fits 2 segments with its "more" line and the reply-to footer."""
    messages = {key: text for file in files.messages.values() for key, text in file.messages.items()}
    footer, more = messages.get(FOOTER_KEY), messages.get(MORE_SUFFIX_KEY)
    if footer is None:
        return []
    number = "+" + "9" * (footer.dlt_slots.get("number", MAX_SLOT_CHARS) - 1)  # the longest number allowed
    problems = []
    for file, faq in files.faqs.items():
        for entry in faq.entries:
            problems += _answer_budget(file, entry, footer, more if entry.follow_ups else None, number)
    return problems


def _answer_budget(file: str, entry: FaqEntry, footer: Text, more: Text | None, number: str) -> list[ContentProblem]:
    problems = []
    for script in Script:
        if edition_for(script) not in entry.answer.dlt_templates:
            continue  # never sent as an Indian SMS
        lines = [entry.answer.edition(script, Channel.SMS)]
        lines += [more.edition(script, Channel.SMS)] if more else []
        lines.append(fill(footer.edition(script, Channel.SMS), {"number": number}, FOOTER_KEY))
        count = count_segments("\n".join(lines))
        if count.segments > ANSWER_SMS_SEGMENTS:
            limit = max_units(count.encoding, ANSWER_SMS_SEGMENTS)
            problems.append(ContentProblem(
                file, f"{entry.id}.answer.{edition_for(script)}",
                f"{count.units} {count.encoding} units with the 'more' line and the reply-to footer; "
                f"Indian SMS answers fit {ANSWER_SMS_SEGMENTS} segments ({limit}): shorten this edition",
            ))
    return problems


def _texts(files: ContentFiles) -> Iterator[tuple[str, str, Text]]:
    for file, messages in files.messages.items():
        for key, text in messages.messages.items():
            yield file, key, text
    for file, faq in files.faqs.items():
        for entry in faq.entries:
            yield file, f"{entry.id}.answer", entry.answer


def _claims(file: str, key: str, ids: dict[str, str]) -> list[tuple[str, str, str]]:
    return [(file, f"{key}.{name}", ids[name]) for name in SMS_EDITIONS if name in ids]

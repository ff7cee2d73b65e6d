"""Content check for India SMS: every SMS-able text and menu carries valid, unique DLT template ids.

Run by `python -m bot content check` (not at app start-up, so a colleague's new messages file
without ids yet does not stop the bot; the Indian sender refuses unregistered texts anyway).
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.content.dlt import SMS_EDITIONS, duplicate_ids, id_problems, text_problems
from bot.content.loader import ContentFiles
from bot.content.problems import ContentProblem
from bot.content.schema import Text


def check_dlt(files: ContentFiles) -> list[ContentProblem]:
    """Missing or malformed ids, invalid slots, and ids claimed twice."""
    problems: list[ContentProblem] = []
    claims: list[tuple[str, str, str]] = []
    for file, key, text in _texts(files):
        problems += text_problems(file, key, text)
        if not text.dlt_skip:
            claims += _claims(file, key, text.dlt_templates)
    for file, menus in files.menus.items():
        for menu_id, menu in menus.menus.items():
            problems += id_problems(file, menu_id, menu.dlt_templates)
            claims += _claims(file, menu_id, menu.dlt_templates)
    problems += duplicate_ids(claims)
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

"""Whole-catalogue checks (stage two): references, duplicates, reachability and channel budgets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.content.guided_checks import check_guided
from bot.content.loader import ContentFiles
from bot.content.normalise import command_form
from bot.content.problems import ContentProblem
from bot.content.schema import FaqEntry, Text, placeholders
from bot.content.segments import Encoding, count_segments, count_units, is_gsm7, max_units

FACTUAL_TOPICS = frozenset({"scheme", "credit", "market", "registration", "training"})
ANSWER_SMS_SEGMENTS = 2
MESSAGE_SMS_SEGMENTS = 3
WHATSAPP_ANSWER_CHARS = 700
TITLE_CHARS = 24
MORE_SUFFIX_KEY = "answer.more_sms"


def check_files(files: ContentFiles, required_messages: Iterable[str] = ()) -> list[ContentProblem]:
    """Every problem across the parsed files (shape problems first)."""
    messages = {key: text for file in files.messages.values() for key, text in file.messages.items()}
    entries = {entry.id: entry for file in files.faqs.values() for entry in file.entries}
    problems = list(files.problems)
    problems += _duplicate_message_keys(files)
    problems += _duplicate_entries(files)
    problems += _topic_rules(files)
    problems += _missing_messages(messages, required_messages)
    problems += _text_variables(messages)
    problems += _message_budgets(messages)
    problems += _answer_budgets(files, messages)
    problems += _follow_ups(files, entries)
    problems += _menu_problems(files, messages, entries)
    problems += _keyword_problems(files)
    problems += check_guided(files, messages, entries)
    return problems


def _duplicate_message_keys(files: ContentFiles) -> Iterator[ContentProblem]:
    seen: dict[str, str] = {}
    for name, file in files.messages.items():
        for key in file.messages:
            if key in seen:
                yield ContentProblem(name, key, f"duplicate message key (also in {seen[key]})")
            seen.setdefault(key, name)


def _duplicate_entries(files: ContentFiles) -> Iterator[ContentProblem]:
    seen: dict[str, str] = {}
    for name, file in files.faqs.items():
        for entry in file.entries:
            if entry.id in seen:
                yield ContentProblem(name, entry.id, f"duplicate entry id (also in {seen[entry.id]})")
            seen.setdefault(entry.id, name)


def _topic_rules(files: ContentFiles) -> Iterator[ContentProblem]:
    for name, file in files.faqs.items():
        for entry in file.entries:
            if entry.id.split(".")[0] != file.topic:
                yield ContentProblem(name, entry.id, f"id must start with the file's topic '{file.topic}.'")
            if file.topic in FACTUAL_TOPICS and not (entry.source and entry.verified_on):
                yield ContentProblem(name, entry.id, "factual entry needs 'source' and 'verified_on'")
            if entry.action == "flow" and not entry.flow:
                yield ContentProblem(name, entry.id, "action 'flow' needs a 'flow' id")


def _missing_messages(messages: dict[str, Text], required: Iterable[str]) -> Iterator[ContentProblem]:
    for key in required:
        if key not in messages:
            yield ContentProblem("messages/", key, "message used by the bot is missing")


def _text_variables(messages: dict[str, Text]) -> Iterator[ContentProblem]:
    for key, text in messages.items():
        yield from _variable_problems("messages/", key, text)


def _variable_problems(file: str, key: str, text: Text) -> Iterator[ContentProblem]:
    """Full editions must use the same variables; SMS editions may use fewer, never others."""
    full = {name: placeholders(getattr(text, name)) for name in ("hi", "hi_latn", "en")}
    expected = full["hi"]
    for name, found in full.items():
        if found != expected:
            yield ContentProblem(file, f"{key}.{name}", f"variables {sorted(found)} differ from hi {sorted(expected)}")
    for name, edition in text.editions().items():
        extra = placeholders(edition) - expected
        if name.startswith("sms_") and extra:
            yield ContentProblem(file, f"{key}.{name}", f"unknown variables {sorted(extra)}")


def _message_budgets(messages: dict[str, Text]) -> Iterator[ContentProblem]:
    for key, text in messages.items():
        for name in ("sms_hi", "sms_hi_latn", "sms_en"):
            edition = getattr(text, name)
            if edition is not None and count_segments(edition).segments > MESSAGE_SMS_SEGMENTS:
                yield ContentProblem("messages/", f"{key}.{name}", f"longer than {MESSAGE_SMS_SEGMENTS} SMS segments")


def _answer_budgets(files: ContentFiles, messages: dict[str, Text]) -> Iterator[ContentProblem]:
    suffix = messages.get(MORE_SUFFIX_KEY)
    for name, file in files.faqs.items():
        for entry in file.entries:
            yield from _variable_problems(name, f"{entry.id}.answer", entry.answer)
            yield from _entry_budgets(name, entry, suffix)


def _entry_budgets(file: str, entry: FaqEntry, suffix: Text | None) -> Iterator[ContentProblem]:
    answer = entry.answer
    for name in ("hi", "hi_latn", "en"):
        if len(getattr(answer, name)) > WHATSAPP_ANSWER_CHARS:
            yield ContentProblem(file, f"{entry.id}.answer.{name}", f"longer than {WHATSAPP_ANSWER_CHARS} characters")
        if len(getattr(entry.title, name)) > TITLE_CHARS:
            yield ContentProblem(file, f"{entry.id}.title.{name}", f"longer than {TITLE_CHARS} characters")
    for name in ("sms_hi", "sms_hi_latn", "sms_en"):
        edition = getattr(answer, name)
        if edition is None:
            continue
        if name != "sms_hi" and not is_gsm7(edition):
            bad = sorted({char for char in edition if not is_gsm7(char)})
            yield ContentProblem(file, f"{entry.id}.answer.{name}", f"not GSM-7: {''.join(bad)!r}")
            continue
        more = getattr(suffix, name) if suffix is not None and entry.follow_ups else None
        sent = edition.strip() + ("\n" + more.strip() if more else "")
        yield from _sms_fits(file, f"{entry.id}.answer.{name}", sent, entry.follow_ups)


def _sms_fits(file: str, key: str, sent: str, follow_ups: list[str]) -> Iterator[ContentProblem]:
    count = count_segments(sent)
    if count.segments > ANSWER_SMS_SEGMENTS:
        limit = max_units(count.encoding, ANSWER_SMS_SEGMENTS)
        note = " including the 'more' line" if follow_ups else ""
        yield ContentProblem(file, key, f"{count.units} {count.encoding} units{note}; the limit is {limit} (2 segments)")


def _follow_ups(files: ContentFiles, entries: dict[str, FaqEntry]) -> Iterator[ContentProblem]:
    for name, file in files.faqs.items():
        for entry in file.entries:
            for target in entry.follow_ups:
                if target not in entries:
                    yield ContentProblem(name, f"{entry.id}.follow_ups", f"unknown entry id '{target}'")
                elif target == entry.id:
                    yield ContentProblem(name, f"{entry.id}.follow_ups", "an entry cannot follow itself")


def _menu_problems(
    files: ContentFiles, messages: dict[str, Text], entries: dict[str, FaqEntry]
) -> Iterator[ContentProblem]:
    for name, file in files.menus.items():
        if file.main not in file.menus:
            yield ContentProblem(name, "main", f"unknown menu '{file.main}'")
        for menu_id, menu in file.menus.items():
            if menu.prompt not in messages:
                yield ContentProblem(name, f"{menu_id}.prompt", f"unknown message '{menu.prompt}'")
            for index, item in enumerate(menu.items, 1):
                yield from _menu_item(name, f"{menu_id}.items.{index}", item.target, item.label, file, messages, entries)
        yield from _unreachable_menus(name, file)


def _menu_item(
    name: str, key: str, target: str, label: str | None, file: object, messages: dict[str, Text],
    entries: dict[str, FaqEntry],
) -> Iterator[ContentProblem]:
    menus = getattr(file, "menus", {})
    if target.startswith("action."):
        if f"{target}.title" not in messages and label is None:
            yield ContentProblem(name, key, f"action needs a label or a '{target}.title' message")
    elif target not in menus and target not in entries:
        yield ContentProblem(name, key, f"unknown target '{target}' (not a menu, entry or action)")
    if label is not None and label not in messages:
        yield ContentProblem(name, key, f"unknown label message '{label}'")


def _unreachable_menus(name: str, file: object) -> Iterator[ContentProblem]:
    menus = getattr(file, "menus", {})
    reached: set[str] = set()
    pending = [getattr(file, "main", "")]
    while pending:
        menu_id = pending.pop()
        if menu_id in reached or menu_id not in menus:
            continue
        reached.add(menu_id)
        pending.extend(item.target for item in menus[menu_id].items)
    for menu_id in menus:
        if menu_id not in reached:
            yield ContentProblem(name, menu_id, "menu is not reachable from the main menu")


def _keyword_problems(files: ContentFiles) -> Iterator[ContentProblem]:
    for name, file in files.keywords.items():
        seen: dict[str, str] = {}
        groups = [(f"intents.{intent}", words) for intent, words in file.intents.items()]
        groups += [(f"numbers.{digit}", words) for digit, words in file.numbers.items()]
        for key, words in groups:
            for word in words:
                form = command_form(word)
                if not form:
                    yield ContentProblem(name, key, f"'{word}' is empty after normalisation")
                elif form in seen and seen[form] != key:
                    yield ContentProblem(name, key, f"'{word}' also means {seen[form]}")
                seen.setdefault(form, key)


def count_sms(text: str) -> tuple[str, int, int]:
    """(encoding, units, segments) of an SMS text, for reports."""
    count = count_segments(text)
    return count.encoding.value, count.units, count.segments


__all__ = ["check_files", "count_sms", "Encoding", "count_units"]

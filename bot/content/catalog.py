"""The frozen, indexed snapshot of all content that the engine reads; built once at start-up."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from bot.content.checks import check_files
from bot.content.districts import DistrictIndex
from bot.content.finder import FinderFile, WordsFile
from bot.content.loader import ContentFiles, read_content
from bot.content.matcher import Matcher
from bot.content.normalise import command_form
from bot.content.problems import ContentError, ContentProblem
from bot.content.schema import Channel, District, FaqEntry, Menu, Script, Text


class RenderError(KeyError):
    """A text was asked for that does not exist, or a variable it needs was not given."""


@dataclass(frozen=True)
class Catalog:
    messages: Mapping[str, Text]
    entries: Mapping[str, FaqEntry]
    menus: Mapping[str, Menu]
    main_menu: str
    intents: Mapping[str, str]  # command form of a keyword -> intent name
    numbers: Mapping[str, int]  # command form of a number word -> its digit
    matcher: Matcher
    districts: Mapping[str, District] = field(default_factory=dict)  # in numbered-list order
    district_index: DistrictIndex = field(default_factory=lambda: DistrictIndex(()))
    finder: FinderFile | None = None
    words: WordsFile | None = None

    def render(self, key: str, script: Script, channel: Channel, **variables: object) -> str:
        """The message `key` in the contact's script for the channel, variables filled in."""
        text = self.messages.get(key)
        if text is None:
            raise RenderError(f"unknown message key {key!r}")
        return fill(text.edition(script, channel), variables, key)

    def title(self, target: str, script: Script, channel: Channel) -> str:
        """The short label of a menu, entry or action, as shown in numbered lists."""
        if target in self.menus:
            return self.menus[target].title.edition(script, channel)
        if target in self.entries:
            return self.entries[target].title.edition(script, channel)
        return self.render(f"{target}.title", script, channel)

    def intent_of(self, text: str) -> str | None:
        """The keyword intent (optout, menu, …) when the whole message is one of its words."""
        return self.intents.get(command_form(text))

    def number_of(self, text: str) -> int | None:
        """The number a whole message means: 1, "१", "ek", "एक" …"""
        form = command_form(text)
        if form.isdigit() and len(form) <= 2:
            return int(form)
        return self.numbers.get(form)


def fill(template: str, variables: Mapping[str, object], key: str = "") -> str:
    """Fill `{name}` slots; a missing variable is an error, never a silent blank."""
    try:
        return template.format_map(dict(variables))
    except (KeyError, IndexError, ValueError) as exc:
        raise RenderError(f"{key}: cannot fill {template!r}: {exc}") from exc


def format_date(value: date) -> str:
    """Dates as people here write them: 22-11-2026."""
    return value.strftime("%d-%m-%Y")


def load_catalog(root: Path, required_messages: Iterable[str] = ()) -> Catalog:
    """Read, check and index a content directory; raise ContentError listing every problem."""
    files = read_content(root)
    problems = check_files(files, required_messages)
    if problems:
        raise ContentError(problems)
    messages = {key: text for file in files.messages.values() for key, text in file.messages.items()}
    entries = {entry.id: entry for file in files.faqs.values() for entry in file.entries}
    menus_file = next(iter(files.menus.values()))
    keywords = next(iter(files.keywords.values()))
    return Catalog(
        messages=messages,
        entries=entries,
        menus=dict(menus_file.menus),
        main_menu=menus_file.main,
        intents=_index_words(keywords.intents),
        numbers={form: int(digit) for form, digit in _index_words(keywords.numbers).items()},
        matcher=Matcher.build(list(entries.values())),
        districts={district.id: district for district in _districts(files)},
        district_index=DistrictIndex.build(_districts(files)),
        finder=next(iter(files.finder.values()), None),
        words=next(iter(files.words.values()), None),
    )


def _districts(files: ContentFiles) -> list[District]:
    return [district for file in files.districts.values() for district in file.districts]


def check_catalog(root: Path, required_messages: Iterable[str] = ()) -> list[ContentProblem]:
    """Every problem in a content directory, for `python -m bot content check`."""
    files = read_content(root)
    return check_files(files, required_messages)


def _index_words(groups: Mapping[str, list[str]]) -> dict[str, str]:
    return {command_form(word): name for name, words in groups.items() for word in words}

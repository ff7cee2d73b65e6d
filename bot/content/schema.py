"""Pydantic shape of every content file in `content_hindi/` (stage one of validation)."""

from __future__ import annotations

import re
import string
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, field_validator

SCHEMA_VERSION = 1
ENTRY_ID_PATTERN = r"^[a-z]+\.[a-z0-9_]+$"
KEY_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"

EntryId = Annotated[str, StringConstraints(pattern=ENTRY_ID_PATTERN)]
MessageKey = Annotated[str, StringConstraints(pattern=KEY_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]


class Script(StrEnum):
    """The contact's language and script preference."""

    HI = "hi"  # Hindi in Devanagari
    HI_LATN = "hi_latn"  # Hindi in Roman letters
    EN = "en"  # English


class Channel(StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def placeholders(text: str) -> set[str]:
    """Names of the `{name}` variables in a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Text(Strict):
    """One user-facing text in each script, with optional shorter SMS editions."""

    hi: NonEmpty
    hi_latn: NonEmpty
    en: NonEmpty
    sms_hi: str | None = None
    sms_hi_latn: str | None = None
    sms_en: str | None = None
    # DLT template id per SMS edition name (e.g. {"sms_hi": "1107…"}); checked by the India SMS rules.
    # sms_hi / sms_hi_latn / sms_en name the SMS a contact reading hi / hi_latn / en receives.
    dlt_templates: dict[str, str] = Field(default_factory=dict)
    dlt_category: str = "service_implicit"  # DLT category the templates are registered under
    dlt_slots: dict[str, int] = Field(default_factory=dict)  # variable -> most characters it can hold
    dlt_skip: str | None = None  # why this text is never an SMS of its own (part of a menu, WhatsApp only)
    # This text heading a numbered list SMS: SMS edition -> number of lines -> DLT template id.
    dlt_lists: dict[str, dict[int, str]] = Field(default_factory=dict)

    @field_validator("hi", "hi_latn", "en", "sms_hi", "sms_hi_latn", "sms_en")
    @classmethod
    def _valid_placeholders(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            names = placeholders(value)
        except ValueError as exc:
            raise ValueError(f"broken {{placeholder}} syntax: {exc}") from exc
        bad = [name for name in names if not re.fullmatch(r"[a-z_][a-z0-9_]*", name)]
        if bad:
            raise ValueError(f"placeholder names must be snake_case identifiers, got {bad}")
        return value

    def edition(self, script: Script, channel: Channel) -> str:
        """The text to send for this script on this channel (SMS prefers its short edition)."""
        if channel == Channel.SMS:
            short = getattr(self, f"sms_{script.value}")
            if short is not None:
                return str(short).strip()
            if script == Script.EN and self.sms_hi_latn is not None:
                return self.sms_hi_latn.strip()
        return str(getattr(self, script.value)).strip()

    def editions(self) -> dict[str, str]:
        """Every non-empty edition by field name."""
        names = ("hi", "hi_latn", "en", "sms_hi", "sms_hi_latn", "sms_en")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


class Answer(Text):
    """An FAQ answer: the SMS editions are required (they become DLT templates)."""

    sms_hi: NonEmpty
    sms_hi_latn: NonEmpty


class EntryAction(StrEnum):
    """What the engine does when a free question lands on a system entry."""

    MENU = "menu"
    HELP = "help"
    LANGUAGE = "language"
    HUMAN = "human"
    OPTOUT_INFO = "optout_info"
    OPTIN_INFO = "optin_info"
    NEXT_MEETING = "next_meeting"
    FLOW = "flow"


class FaqEntry(Strict):
    id: EntryId
    title: Text
    questions: list[NonEmpty] = Field(min_length=8)
    keywords: list[NonEmpty] = Field(default_factory=list)
    answer: Answer
    follow_ups: list[EntryId] = Field(default_factory=list, max_length=5)
    source: HttpUrl | None = None
    verified_on: date | None = None
    action: EntryAction | None = None
    flow: str | None = None  # flow id started when action == flow


class FaqFile(Strict):
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    topic: Annotated[str, StringConstraints(pattern=r"^[a-z]+$")]
    entries: list[FaqEntry] = Field(min_length=1)


class MessagesFile(Strict):
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    messages: dict[MessageKey, Text]


class MenuItem(Strict):
    # A menu id ("menu.schemes"), an FAQ entry id ("scheme.mudra") or an action ("action.language").
    target: MessageKey
    label: MessageKey | None = None  # message key; defaults to the target's own title


class Menu(Strict):
    title: Text
    prompt: MessageKey
    items: list[MenuItem] = Field(min_length=1, max_length=9)
    dlt_templates: dict[str, str] = Field(default_factory=dict)  # the whole menu SMS, per SMS edition


class MenusFile(Strict):
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    main: MessageKey
    menus: dict[MessageKey, Menu]


class KeywordsFile(Strict):
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    # intent -> words or phrases that mean it when they are the whole message
    intents: dict[MessageKey, list[NonEmpty]]
    # "1".."9" -> number words (ek, एक, one…)
    numbers: dict[Annotated[str, StringConstraints(pattern=r"^[0-9]$")], list[NonEmpty]]


class Region(StrEnum):
    BUNDELKHAND = "bundelkhand"
    EASTERN_UP = "eastern_up"
    MP = "mp"
    OTHER = "other"


class District(Strict):
    """A district we serve (or "other"): names per script, spellings people type, region, coalition."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
    name: Text
    aliases: list[NonEmpty] = Field(default_factory=list)  # typos and other spellings: jhasi, झांसी
    region: Region
    state: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = None  # up / mp
    coalition: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")] | None = None


class DistrictsFile(Strict):
    schema_version: int = Field(ge=1, le=SCHEMA_VERSION)
    districts: list[District] = Field(min_length=1)

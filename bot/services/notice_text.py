"""The words of notices and reminders: coordinator text with {placeholders}, meeting details in IST,
the RSVP line from content. Pure functions of (catalog, announcement, meeting, contact)."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.content.catalog import Catalog, fill
from bot.content.schema import Channel, Script
from bot.content.segments import is_gsm7
from bot.models_announcements import Announcement, Meeting

MEETING_VARIABLES = frozenset({"name", "title", "date", "time", "venue"})
FREE_VARIABLES = frozenset({"name"})
NAME_CHARS = 20  # names are cut so a notice never grows past its checked SMS size
SAME_DAY = timedelta(hours=12)
NOTICE = "notice"


def reminder_kind(offset_minutes: int) -> str:
    return f"reminder_{offset_minutes}m"


def is_reminder(kind: str | None) -> bool:
    return bool(kind and kind.startswith("reminder_"))


def offset_of(kind: str) -> timedelta:
    """reminder_1440m -> 1 day."""
    return timedelta(minutes=int(kind.removeprefix("reminder_").removesuffix("m")))


def placeholders_in(text: str) -> set[str]:
    """The {names} in a text; ValueError on broken braces."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def meeting_variables(meeting: Meeting, zone: ZoneInfo) -> dict[str, str]:
    """title, date and time (IST, as people write them) and venue."""
    local = as_utc(meeting.starts_at).astimezone(zone)
    return {
        "title": meeting.title, "date": local.strftime("%d-%m-%Y"),
        "time": local.strftime("%H:%M"), "venue": meeting.venue,
    }


def name_for(raw: str | None, catalog: Catalog, script: Script, *, gsm_only: bool) -> str:
    """The contact's name, cut short; the content's friendly word when we have none (or it would
    turn a cheap GSM-7 SMS into an expensive Unicode one)."""
    name = str(raw or "").strip()[:NAME_CHARS]
    if not name or (gsm_only and not is_gsm7(name)):
        return catalog.render("announce.name_fallback", script, Channel.SMS)
    return name


def script_text(announcement: Announcement, script: Script) -> str:
    """The coordinator's text for this script, else the Hindi one."""
    return announcement.texts.get(script.value) or announcement.texts[Script.HI.value]


def render_body(
    catalog: Catalog, *, announcement: Announcement, meeting: Meeting | None, kind: str,
    script: Script, name: str | None, zone: ZoneInfo,
) -> str:
    """The full text one contact receives for one send (notice or reminder)."""
    variables = variables_for(catalog, announcement, meeting, script, name, zone)
    if is_reminder(kind) and meeting is not None:
        key = "announce.reminder_today" if offset_of(kind) <= SAME_DAY else "announce.reminder"
        body = catalog.render(key, script, Channel.WHATSAPP, **variables)
    else:
        body = fill(script_text(announcement, script), variables, f"announcement {announcement.id}")
    if meeting is None:
        return body
    return body.rstrip() + "\n" + catalog.render("announce.rsvp_prompt", script, Channel.SMS)


def variables_for(
    catalog: Catalog, announcement: Announcement, meeting: Meeting | None, script: Script,
    name: str | None, zone: ZoneInfo,
) -> dict[str, str]:
    """The values a notice's {placeholders} take for one contact."""
    gsm_only = is_gsm7(script_text(announcement, script))
    variables = {"name": name_for(name, catalog, script, gsm_only=gsm_only)}
    if meeting is not None:
        variables.update(meeting_variables(meeting, zone))
    return variables


def template_variables(announcement: Announcement, variables: dict[str, str], body: str) -> dict[str, str]:
    """WhatsApp template variables ({"1": "name", …} mapped to values; "text" is the whole notice)."""
    values = {**variables, "text": body}
    return {slot: values.get(source, "") for slot, source in announcement.whatsapp_variables.items()}


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)

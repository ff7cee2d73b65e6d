"""Request and response shapes of the coordinator API (/api/v1); every field is described for OpenAPI.

Times: send a time zone offset (2026-11-25T10:30:00+05:30); a time without one is read as IST.
Responses give times in UTC and again in IST (`*_ist`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Region = Literal["bundelkhand", "eastern_up", "mp"]
ChannelName = Literal["whatsapp", "sms"]
ScriptName = Literal["hi", "hi_latn", "en"]
TemplateSource = Literal["name", "title", "date", "time", "venue", "text"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MeetingIn(Strict):
    title: str = Field(min_length=3, max_length=80, description="Short title, e.g. 'उद्यमी बैठक: लोन और योजनाएँ'.")
    region: Region = Field(description="The coalition region (districts.yaml `region`).")
    districts: list[str] = Field(default_factory=list, description="District ids in the region; empty = all.")
    venue: str = Field(min_length=3, max_length=80, description="Where: a place people know, e.g. 'DIC हॉल, झाँसी'.")
    starts_at: datetime = Field(description="Start time; without an offset it is read as IST.")
    duration_minutes: int = Field(default=120, ge=15, le=12 * 60, description="Length; RSVPs count until it ends.")
    agenda: str = Field(default="", max_length=1000, description="What will be discussed (for staff and reports).")
    organiser: str = Field(default="", max_length=120, description="Who organises it (name or office).")
    online_link: str | None = Field(default=None, max_length=300, description="Optional video-call link.")


class MeetingPatch(Strict):
    title: str | None = Field(default=None, min_length=3, max_length=80, description="New title.")
    districts: list[str] | None = Field(default=None, description="New district ids.")
    venue: str | None = Field(default=None, min_length=3, max_length=80, description="New venue.")
    starts_at: datetime | None = Field(default=None, description="New start (reminders move with it).")
    duration_minutes: int | None = Field(default=None, ge=15, le=12 * 60, description="New length in minutes.")
    agenda: str | None = Field(default=None, max_length=1000, description="New agenda.")
    organiser: str | None = Field(default=None, max_length=120, description="New organiser.")
    online_link: str | None = Field(default=None, max_length=300, description="New online link.")


class MeetingOut(BaseModel):
    id: int = Field(description="Meeting id.")
    title: str = Field(description="Title.")
    region: str = Field(description="Coalition region.")
    districts: list[str] = Field(description="District ids (empty = whole region).")
    venue: str = Field(description="Venue.")
    starts_at: datetime = Field(description="Start, UTC.")
    starts_at_ist: str = Field(description="Start in IST, 'DD-MM-YYYY HH:MM'.")
    duration_minutes: int = Field(description="Length in minutes.")
    agenda: str = Field(description="Agenda.")
    organiser: str = Field(description="Organiser.")
    online_link: str | None = Field(description="Online link, if any.")
    status: Literal["scheduled", "cancelled", "done"] = Field(description="scheduled, cancelled or done.")


class AudienceIn(Strict):
    districts: list[str] = Field(default_factory=list, description="District ids; empty = the whole region.")
    sectors: list[str] = Field(default_factory=list, description="Sectors (profile 'sector'); empty = all.")
    scripts: list[ScriptName] = Field(default_factory=list, description="Languages; empty = all (unset = hi).")
    channels: list[ChannelName] = Field(
        default_factory=lambda: ["whatsapp", "sms"], min_length=1,
        description="Channels allowed; WhatsApp is preferred where the contact has it.",
    )


class TextsIn(Strict):
    hi: str = Field(min_length=5, max_length=1000, description="Devanagari text; may use {name} and, for a meeting, {title} {date} {time} {venue}.")
    hi_latn: str | None = Field(default=None, max_length=1000, description="Roman Hindi text (else hi is used).")
    en: str | None = Field(default=None, max_length=1000, description="English text (else hi is used).")


class WhatsAppTemplateIn(Strict):
    content_sid: str = Field(pattern=r"^HX[0-9a-fA-F]{32}$", description="Approved Content template SID (HX…), used outside the 24-hour window.")
    variables: dict[str, TemplateSource] = Field(
        default_factory=dict, description='Template slot -> value, e.g. {"1": "name", "2": "date", "3": "venue"}.'
    )


class AnnouncementIn(Strict):
    meeting_id: int | None = Field(default=None, description="The meeting it announces; empty for a free notice.")
    region: Region | None = Field(default=None, description="Region of a free notice (a meeting notice uses the meeting's).")
    texts: TextsIn = Field(description="The notice per script. Meeting notices get 'आएँगे? 1 हाँ / 2 नहीं' appended.")
    audience: AudienceIn = Field(default_factory=AudienceIn, description="Who receives it.")
    send_at: datetime = Field(description="When the notice goes out; without an offset it is IST.")
    reminder_offsets_minutes: list[int] | None = Field(
        default=None, description="Reminders before a meeting, in minutes (default 1440 and 120: a day and two hours)."
    )
    dlt_template_id: str | None = Field(default=None, pattern=r"^\d{19}$", description="DLT template id for SMS to Indian numbers.")
    whatsapp_template: WhatsAppTemplateIn | None = Field(default=None, description="Template for WhatsApp contacts outside the 24-hour window.")


class AnnouncementPatch(Strict):
    texts: TextsIn | None = Field(default=None, description="New texts.")
    audience: AudienceIn | None = Field(default=None, description="New audience.")
    send_at: datetime | None = Field(default=None, description="New send time.")
    reminder_offsets_minutes: list[int] | None = Field(default=None, description="New reminder offsets.")
    dlt_template_id: str | None = Field(default=None, pattern=r"^\d{19}$", description="New DLT template id.")
    whatsapp_template: WhatsAppTemplateIn | None = Field(default=None, description="New WhatsApp template.")


class AnnouncementOut(BaseModel):
    id: int = Field(description="Announcement id.")
    meeting_id: int | None = Field(description="Meeting it announces, if any.")
    region: str = Field(description="Region.")
    texts: dict[str, str] = Field(description="Text per script.")
    audience: dict[str, list[str]] = Field(description="Audience filter.")
    send_at: datetime = Field(description="Send time, UTC.")
    send_at_ist: str = Field(description="Send time in IST.")
    reminder_offsets_minutes: list[int] = Field(description="Reminder offsets in minutes.")
    dlt_template_id: str | None = Field(description="DLT template id.")
    whatsapp_content_sid: str | None = Field(description="WhatsApp template SID.")
    whatsapp_variables: dict[str, str] = Field(description="WhatsApp template variable mapping.")
    status: Literal["draft", "scheduled", "cancelled"] = Field(description="draft, scheduled or cancelled.")
    sends: list[SendOut] = Field(default_factory=list, description="Scheduled sends (notice and reminders).")


class SendOut(BaseModel):
    kind: str = Field(description="notice, or reminder_<minutes>m.")
    due_at: datetime = Field(description="When it goes out, UTC.")
    due_at_ist: str = Field(description="When it goes out, IST.")
    state: str = Field(description="pending, materialised, expired or cancelled.")
    rows: int = Field(description="Outbox rows written when it materialised.")


class ScriptPreview(BaseModel):
    script: str = Field(description="hi, hi_latn or en.")
    recipients: int = Field(description="Contacts reading this script.")
    text: str = Field(description="The notice as a sample contact receives it.")
    sms_segments: int = Field(description="SMS segments of that text.")
    sms_encoding: str = Field(description="GSM-7 or UCS-2.")


class PreviewOut(BaseModel):
    whatsapp: int = Field(description="Contacts reached on WhatsApp.")
    sms: int = Field(description="Contacts reached by SMS.")
    total: int = Field(description="All contacts reached.")
    excluded: dict[str, int] = Field(description="Left out, by reason: opted_out, no_consent, no_channel.")
    scripts: list[ScriptPreview] = Field(description="Rendered text and segments per script.")
    sends: int = Field(description="Sends per contact (the notice plus reminders).")
    estimated_cost: float = Field(description="Rough cost in INR: SMS segments and WhatsApp templates, all sends.")
    currency: str = Field(default="INR", description="Currency of the estimate.")


class RecipientOut(BaseModel):
    contact_id: int = Field(description="Contact id.")
    phone: str = Field(description="Masked address (last 4 digits).")
    kind: str = Field(description="notice or reminder_<minutes>m.")
    channel: str = Field(description="whatsapp or sms.")
    status: str = Field(description="queued, sending, accepted, sent, delivered, read, failed, undelivered or skipped.")
    reason: str | None = Field(description="Failure code or skip reason (opted_out, no_consent, cancelled …).")
    sent_at: datetime | None = Field(description="When the provider accepted it, UTC.")


class ReportOut(BaseModel):
    announcement_id: int = Field(description="Announcement id.")
    counts: dict[str, int] = Field(description="Rows per status.")
    skipped: dict[str, int] = Field(description="Skipped rows per reason.")
    failed: dict[str, int] = Field(description="Failed rows per provider error code.")
    rsvp: dict[str, int] = Field(description="Meeting answers: yes, no.")
    recipients: list[RecipientOut] = Field(description="Per-recipient status (paged with limit/offset).")


class TokenInfo(BaseModel):
    role: str = Field(description="coordinator or admin.")
    region: str | None = Field(description="Region the token is limited to, if any.")
AnnouncementOut.model_rebuild()

"""Rules checked for each bulk row when a sender has claimed it, not only when the audience was built.

In order: cancelled → skip; opted out or no consent → skip; quiet hours (IST) → hold until morning;
another notice of the same meeting within the gap → hold (a reminder is skipped instead); WhatsApp
inside the 24-hour window → free text, outside → the approved template, no template → SMS (when the
audience allows it) else skip; SMS through a DLT provider carries the announcement's DLT template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from bot.content.catalog import Catalog
from bot.content.schema import Channel, Script
from bot.content.segments import count_segments
from bot.models import Contact, Message, MessageStatus
from bot.models_announcements import Announcement, AnnouncementStatus, Meeting, MeetingStatus
from bot.services import india_sms
from bot.services.audience import Audience
from bot.services.materialise import Routing
from bot.services.notice_text import (
    as_utc,
    is_reminder,
    meeting_variables,
    template_variables,
    variables_for,
)
from bot.services.outbox import QueuedText

# Meta's window is 24 h from the user's last message; keep a margin for clock skew and queueing.
WHATSAPP_WINDOW = timedelta(hours=24) - timedelta(minutes=10)
DLT_SLOT_CHARS = 30
IN_FLIGHT = (MessageStatus.SENDING, MessageStatus.ACCEPTED, MessageStatus.SENT, MessageStatus.DELIVERED,
             MessageStatus.READ)


@dataclass(frozen=True)
class DeliveryRules:
    zone: ZoneInfo
    quiet_start: time
    quiet_end: time
    notice_gap: timedelta
    routing: Routing
    needs_dlt: Callable[[str], bool] = field(default=lambda provider: False)
    sms_reply_number: str = ""  # named in the footer of every Indian (DLT) SMS


@dataclass(frozen=True)
class Plan:
    """What to do with one claimed bulk row."""

    action: str  # send / skip / hold
    reason: str | None = None
    until: datetime | None = None
    content_sid: str | None = None
    content_variables: dict[str, str] | None = None
    template_id: str | None = None


def has_unfinished(session: Session) -> bool:
    """True while announcement rows wait to be sent or reconciled."""
    query = select(Message.id).where(
        col(Message.announcement_id).is_not(None), col(Message.status).in_((MessageStatus.QUEUED, MessageStatus.SENDING))
    ).limit(1)
    return session.execute(query).first() is not None


@dataclass
class Batch:
    """Rows claimed together. They do not count as each other's recent notices, except the ones
    already planned to go (two notices of one meeting to one contact never leave together)."""

    ids: frozenset[int] = frozenset()
    recent: dict[tuple[int, int], datetime] = field(default_factory=dict)  # (contact, meeting) -> last notice
    going: dict[tuple[int, int], datetime] = field(default_factory=dict)

    @classmethod
    def of(cls, session: Session, messages: list[Message], *, since: datetime) -> Batch:
        """The batch with the notices its contacts got since `since` (one query for all of them)."""
        ids = frozenset(message.id for message in messages if message.id is not None)
        return cls(ids=ids, recent=recent_notices(session, messages=messages, exclude=ids, since=since))


def claim_batch(session: Session, *, now: datetime, limit: int) -> list[Message]:
    """Claim up to `limit` due bulk rows in one conditional UPDATE (a row another sender took is not
    returned) and load them."""
    due = (
        select(Message.id)
        .where(col(Message.status) == MessageStatus.QUEUED, col(Message.announcement_id).is_not(None),
               col(Message.next_attempt_at) <= now)
        .order_by(col(Message.priority), col(Message.next_attempt_at), col(Message.id))
        .limit(limit)
    )
    claimed = session.execute(
        update(Message)
        .where(col(Message.id).in_(due.scalar_subquery()), col(Message.status) == MessageStatus.QUEUED)
        .values(status=MessageStatus.SENDING, locked_at=now, attempts=Message.attempts + 1)  # type: ignore[arg-type]
        .returning(Message.id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    if not claimed:
        return []
    return list(session.execute(select(Message).where(col(Message.id).in_(claimed)).order_by(col(Message.id))).scalars())


def preload(session: Session, messages: list[Message]) -> list[object]:
    """The batch's contacts, announcements and meetings in one query per table. plan_send then finds
    them in the session's identity map, which holds objects weakly: keep the returned list."""
    contact_ids = {message.contact_id for message in messages}
    announcement_ids = {message.announcement_id for message in messages}
    loaded: list[object] = list(session.execute(select(Contact).where(col(Contact.id).in_(contact_ids))).scalars())
    announcements = list(session.execute(select(Announcement).where(col(Announcement.id).in_(announcement_ids))).scalars())
    meeting_ids = {announcement.meeting_id for announcement in announcements if announcement.meeting_id}
    if meeting_ids:
        loaded += session.execute(select(Meeting).where(col(Meeting.id).in_(meeting_ids))).scalars()
    return [*loaded, *announcements]


def plan_send(
    session: Session, *, message: Message, catalog: Catalog, rules: DeliveryRules, now: datetime,
    batch: Batch | None = None,
) -> Plan:
    """Decide, for a claimed bulk row, whether it goes now, waits or is skipped (and on which channel)."""
    batch = batch or Batch.of(session, [message], since=now - rules.notice_gap)
    announcement = session.get(Announcement, message.announcement_id)
    contact = session.get(Contact, message.contact_id)
    assert announcement is not None and contact is not None
    meeting = session.get(Meeting, announcement.meeting_id) if announcement.meeting_id else None
    refusal = _refusal(announcement, meeting, contact, message, now)
    if refusal is not None:
        return Plan("skip", refusal)
    held = _held(message, meeting, rules, now, batch)
    if held is not None:
        return held
    plan = _channel_plan(message, contact, announcement, meeting, catalog, rules, now)
    if plan.action == "send" and meeting is not None and meeting.id is not None:
        batch.going[(message.contact_id, meeting.id)] = now
    return plan


def _refusal(
    announcement: Announcement, meeting: Meeting | None, contact: Contact, message: Message, now: datetime
) -> str | None:
    if announcement.status == AnnouncementStatus.CANCELLED:
        return "cancelled"
    if meeting is not None and meeting.status != MeetingStatus.SCHEDULED:
        return "cancelled"
    if contact.opted_out_at is not None:
        return "opted_out"
    if contact.consent_at is None:
        return "no_consent"
    if meeting is not None and is_reminder(message.kind) and as_utc(meeting.starts_at) <= now:
        return "meeting_started"
    return None


def _held(
    message: Message, meeting: Meeting | None, rules: DeliveryRules, now: datetime, batch: Batch
) -> Plan | None:
    morning = quiet_until(now, rules)
    if morning is not None:
        return Plan("hold", "quiet_hours", until=morning)
    if meeting is None or meeting.id is None:
        return None
    key = (message.contact_id, meeting.id)
    last = batch.going.get(key) or batch.recent.get(key)
    if last is None:
        return None
    if is_reminder(message.kind):
        return Plan("skip", "notified_recently")
    return Plan("hold", "notified_recently", until=last + rules.notice_gap)


def quiet_until(now: datetime, rules: DeliveryRules) -> datetime | None:
    """The end of the quiet hours (UTC) when `now` falls inside them, else None."""
    local = now.astimezone(rules.zone)
    start, end, clock = rules.quiet_start, rules.quiet_end, local.time()
    quiet = (clock >= start or clock < end) if start > end else (start <= clock < end)
    if not quiet:
        return None
    morning = datetime.combine(local.date(), end, tzinfo=rules.zone)
    if morning <= local:
        morning += timedelta(days=1)
    return morning.astimezone(now.tzinfo)


def recent_notices(
    session: Session, *, messages: list[Message], exclude: frozenset[int], since: datetime
) -> dict[tuple[int, int], datetime]:
    """(contact, meeting) -> when that contact was last sent (or is being sent) a notice of that
    meeting, later than `since`; rows in `exclude` (the batch itself) do not count."""
    moment = func.coalesce(Message.sent_at, Message.locked_at)
    contacts = {message.contact_id for message in messages}
    announcements = {message.announcement_id for message in messages}
    meetings = select(Announcement.meeting_id).where(col(Announcement.id).in_(announcements)).scalar_subquery()
    query = (
        select(Message.contact_id, Announcement.meeting_id, func.max(moment))
        .join(Announcement, col(Announcement.id) == col(Message.announcement_id))
        .where(col(Message.contact_id).in_(contacts), col(Announcement.meeting_id).in_(meetings),
               col(Message.id).not_in(exclude), col(Message.status).in_(IN_FLIGHT), moment > since)
        .group_by(col(Message.contact_id), col(Announcement.meeting_id))
    )
    return {(contact, meeting): as_utc(last) for contact, meeting, last in session.execute(query) if last is not None}


def _channel_plan(
    message: Message, contact: Contact, announcement: Announcement, meeting: Meeting | None,
    catalog: Catalog, rules: DeliveryRules, now: datetime,
) -> Plan:
    if message.channel == Channel.WHATSAPP.value:
        window = contact.last_inbound_whatsapp_at
        if window is not None and as_utc(window) > now - WHATSAPP_WINDOW:
            return Plan("send")
        if announcement.whatsapp_content_sid:
            script = Script(contact.script) if contact.script else Script.HI
            name = (contact.profile or {}).get("name") or contact.profile_name
            values = variables_for(catalog, announcement, meeting, script, name, rules.zone)
            variables = template_variables(announcement, values, message.body)
            return Plan("send", content_sid=announcement.whatsapp_content_sid, content_variables=variables)
        if not _switch_to_sms(message, contact, announcement, rules):
            return Plan("skip", "no_whatsapp_template")
    return _sms_plan(message, contact, announcement, meeting, catalog, rules)


def _switch_to_sms(message: Message, contact: Contact, announcement: Announcement, rules: DeliveryRules) -> bool:
    """Outside the window with no template: SMS instead, when the audience allows SMS."""
    address = contact.sms_address or contact.phone
    if address is None or Channel.SMS.value not in Audience.from_json(announcement.audience).channels:
        return False
    message.channel, message.address = Channel.SMS.value, address
    message.provider = rules.routing.provider(Channel.SMS, address)
    message.segments = count_segments(message.body).segments
    return True


def _sms_plan(
    message: Message, contact: Contact, announcement: Announcement, meeting: Meeting | None, catalog: Catalog,
    rules: DeliveryRules,
) -> Plan:
    if not rules.needs_dlt(message.provider):
        return Plan("send", template_id=announcement.dlt_template_id if message.address.startswith("+91") else None)
    if meeting is None:
        return Plan("skip", "no_dlt_template")  # a free text cannot match a registered template
    script = Script(contact.script) if contact.script else Script.HI
    key = "announce.sms_reminder" if is_reminder(message.kind) else "announce.sms_notice"
    body = catalog.render(key, script, Channel.SMS, **dlt_variables(meeting, rules.zone))
    [prepared] = india_sms.prepare_texts([QueuedText(key, body)], catalog=catalog, script=script,
                                         reply_number=rules.sms_reply_number)
    if prepared.template_id is None:
        return Plan("skip", "no_dlt_template")
    message.body, message.segments = prepared.text, count_segments(prepared.text).segments
    return Plan("send", template_id=prepared.template_id)


def dlt_variables(meeting: Meeting, zone: ZoneInfo) -> dict[str, str]:
    """Meeting details cut to DLT's 30-character slots."""
    return {name: value[:DLT_SLOT_CHARS] for name, value in meeting_variables(meeting, zone).items()}


def apply_plan(message: Message, *, plan: Plan, now: datetime) -> None:
    """Book a skip or a hold on the claimed row (a hold is not an attempt)."""
    message.locked_at = None
    if plan.action == "skip":
        message.status, message.error_code = MessageStatus.SKIPPED, plan.reason
        message.status_updated_at = now
    elif plan.action == "hold":
        message.status, message.next_attempt_at = MessageStatus.QUEUED, plan.until
        message.attempts = max(message.attempts - 1, 0)
        message.error_message = f"held: {plan.reason}"

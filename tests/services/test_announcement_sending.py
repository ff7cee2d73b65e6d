"""Announcements end to end against the fake Twilio API: materialise, channel rules, pacing, retries,
reconciliation of dead claims, quiet hours, the 10-minute gap, reminders and status callbacks."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import Session, col, select

from bot import reconcile, sender, worker
from bot.context import AppContext
from bot.models import Contact, Message, MessageStatus
from bot.models_announcements import AnnouncementSend
from bot.ratelimit import Pacers
from tests.conftest import Clock, Twilio
from tests.fakes.coalition import (
    TEMPLATE_SID,
    People,
    add_people,
    bulk_rows,
    phone,
    schedule_notice,
)
from tests.fakes.twilio_api import Failure, FakeTwilioApi


def _run(context: AppContext, clock: Clock) -> int:
    """Materialise what is due and drain it, with pacing waits moving the test clock."""
    sender.announce_tick(context)
    return sender.drain(context, max_seconds=30, sleep=lambda seconds: clock.advance(seconds=seconds))


def _statuses(context: AppContext) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in bulk_rows(context.engine):
        key = f"{row.status}:{row.error_code}" if row.error_code else str(row.status)
        counts[key] = counts.get(key, 0) + 1
    return counts


def test_each_contact_gets_the_notice_once_on_the_channel_it_can_receive(
    context: AppContext, clock: Clock, twilio_api: FakeTwilioApi
) -> None:
    add_people(context.engine, People(2, in_window=True), now=clock())
    add_people(context.engine, People(2, first=10), now=clock())
    add_people(context.engine, People(2, whatsapp=False, first=20), now=clock())
    schedule_notice(context)
    assert _run(context, clock) == 6
    by_to = {form["To"][0]: form for form in twilio_api.requests}
    assert sorted(by_to) == sorted(["whatsapp:" + phone(i) for i in (1, 2, 10, 11)] + [phone(20), phone(21)])
    in_window = by_to["whatsapp:" + phone(1)]
    assert in_window["Body"][0].startswith("नमस्ते Ram 1 जी, उद्यमी बैठक 26-11-2026 को 11:00 बजे")
    assert in_window["Body"][0].endswith("आएँगे? 1 हाँ / 2 नहीं")
    outside = by_to["whatsapp:" + phone(10)]
    assert outside["ContentSid"] == [TEMPLATE_SID] and "Body" not in outside
    assert json.loads(outside["ContentVariables"][0]) == {"1": "Ram 10", "2": "26-11-2026", "3": "DIC हॉल, झाँसी"}
    assert by_to[phone(20)]["Body"][0].startswith("नमस्ते Ram 20 जी")
    assert all(form["StatusCallback"][0].startswith("https://saathi.example.org/webhooks/twilio/status?mid=") for form in twilio_api.requests)
    assert _run(context, clock) == 0 and len(twilio_api.requests) == 6


def test_materialising_twice_adds_no_rows(context: AppContext, clock: Clock) -> None:
    add_people(context.engine, People(5), now=clock())
    schedule_notice(context)
    assert sender.announce_tick(context) == 5
    with Session(context.engine) as session:
        send = session.exec(select(AnnouncementSend).where(AnnouncementSend.kind == "notice")).one()
        send.state = "pending"  # as if the process died after writing rows but before marking the send
        session.add(send)
        session.commit()
    assert sender.announce_tick(context) == 0
    assert len(bulk_rows(context.engine)) == 5


def test_opt_out_and_withdrawn_consent_are_checked_at_send_time(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    ids = add_people(context.engine, People(3), now=clock())
    schedule_notice(context)
    sender.announce_tick(context)
    with Session(context.engine) as session:
        first, second = session.get(Contact, ids[0]), session.get(Contact, ids[1])
        assert first is not None and second is not None
        first.opted_out_at, second.consent_at = clock(), None
        session.add_all([first, second])
        session.commit()
    _run(context, clock)
    assert _statuses(context) == {"skipped:opted_out": 1, "skipped:no_consent": 1, "accepted": 1}
    assert len(twilio_api.requests) == 1


def test_quiet_hours_hold_bulk_until_morning_but_not_replies(
    context: AppContext, clock: Clock, twilio_api: FakeTwilioApi, twilio: Twilio
) -> None:
    clock.advance(hours=11)  # 22:00 IST
    add_people(context.engine, People(2), now=clock())
    schedule_notice(context)
    assert _run(context, clock) == 0
    held = bulk_rows(context.engine)
    assert {row.status for row in held} == {MessageStatus.QUEUED}
    assert {row.next_attempt_at.replace(tzinfo=None).isoformat() for row in held if row.next_attempt_at} == {"2026-11-24T03:30:00"}
    twilio.message("whatsapp:+919811111111", "नमस्ते")
    assert twilio_api.requests  # a reply at night still goes out
    replies = len(twilio_api.requests)
    clock.advance(hours=11)  # 09:00 IST
    assert _run(context, clock) == 2 and len(twilio_api.requests) == replies + 2


def test_a_reminder_right_after_the_notice_is_skipped(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    add_people(context.engine, People(1), now=clock())
    schedule_notice(context, starts_in=timedelta(hours=2, minutes=5), reminder_offsets_minutes=[120])
    assert _run(context, clock) == 1
    clock.advance(minutes=5)
    assert _run(context, clock) == 0
    assert _statuses(context) == {"accepted": 1, "skipped:notified_recently": 1}


def test_a_second_notice_of_the_same_meeting_waits_ten_minutes(context: AppContext, clock: Clock) -> None:
    add_people(context.engine, People(1), now=clock())
    meeting_id, _ = schedule_notice(context, reminder_offsets_minutes=[])
    _run(context, clock)
    _schedule_second(context, meeting_id)
    clock.advance(minutes=3)
    assert _run(context, clock) == 0
    clock.advance(minutes=7)
    assert _run(context, clock) == 1


def _schedule_second(context: AppContext, meeting_id: int) -> None:
    from bot.db import session_scope
    from bot.routes.api_v1 import limits_of
    from bot.services import announcements as announcement_service
    from bot.services.coalition_errors import Actor
    from bot.services.coalition_schemas import AnnouncementIn
    from tests.fakes.coalition import notice_body

    actor = Actor(role="admin")
    with session_scope(context.engine) as session:
        data = AnnouncementIn.model_validate(notice_body(meeting_id, context.clock(), reminder_offsets_minutes=[]))
        second = announcement_service.create_announcement(
            session, data=data, actor=actor, catalog=context.catalog, limits=limits_of(context), now=context.clock())
        assert second.id is not None
        announcement_service.schedule_announcement(session, announcement_id=second.id, actor=actor, now=context.clock())


def test_reminders_go_out_before_the_meeting_and_not_after_it(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    add_people(context.engine, People(1, whatsapp=False), now=clock())
    schedule_notice(context)
    _run(context, clock)
    clock.advance(days=2)  # 25-11 11:00 IST: a day before
    assert _run(context, clock) == 1
    assert twilio_api.bodies[-1].startswith("याद दिला दें: उद्यमी बैठक\n26-11-2026, 11:00 बजे")
    clock.advance(days=1, hours=1)  # the scheduler was down through the two-hour reminder and the start
    assert _run(context, clock) == 0
    with Session(context.engine) as session:
        states = {send.kind: send.state for send in session.exec(select(AnnouncementSend)).all()}
    assert states == {"notice": "materialised", "reminder_1440m": "materialised", "reminder_120m": "expired"}


def test_outside_the_window_without_a_template_sms_is_used(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    add_people(context.engine, People(1), now=clock())
    add_people(context.engine, People(1, first=5), now=clock())
    schedule_notice(context, whatsapp_template=None, audience={"channels": ["sms"]})
    with Session(context.engine) as session:  # the audience was WhatsApp when built; the rule is checked at send time
        for row in session.exec(select(Message)).all():
            session.delete(row)
        session.commit()
    _run(context, clock)
    assert sorted(form["To"][0] for form in twilio_api.requests) == [phone(1), phone(5)]


@pytest.mark.parametrize(
    "failure", [Failure(429, 20429), Failure(500), Failure(503)], ids=["429", "500", "503"]
)
def test_temporary_failures_are_retried_with_backoff(
    failure: Failure, context: AppContext, clock: Clock, twilio_api: FakeTwilioApi
) -> None:
    add_people(context.engine, People(1), now=clock())
    schedule_notice(context)
    twilio_api.fail_next(failure, failure)
    _run(context, clock)
    row = bulk_rows(context.engine)[0]
    assert row.status == MessageStatus.QUEUED and row.attempts == 1 and row.next_attempt_at is not None
    clock.advance(seconds=5)
    _run(context, clock)
    assert bulk_rows(context.engine)[0].attempts == 2
    clock.advance(minutes=1)
    _run(context, clock)
    assert bulk_rows(context.engine)[0].status == MessageStatus.ACCEPTED and len(twilio_api.requests) == 1


def test_a_permanent_failure_keeps_the_provider_code(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    add_people(context.engine, People(1), now=clock())
    schedule_notice(context)
    twilio_api.fail_next(Failure(400, 63016, "outside window"))
    _run(context, clock)
    assert _statuses(context) == {"failed:63016": 1}


@pytest.mark.parametrize("created", [True, False], ids=["provider took it", "provider never saw it"])
def test_a_timeout_is_reconciled_with_the_provider_before_any_resend(
    created: bool, context: AppContext, clock: Clock, twilio_api: FakeTwilioApi
) -> None:
    twilio_api.clock = clock
    add_people(context.engine, People(1, in_window=True), now=clock())
    schedule_notice(context)
    twilio_api.fail_next(Failure(0, timeout=True, created=created))
    _run(context, clock)
    assert bulk_rows(context.engine)[0].status == MessageStatus.SENDING
    clock.advance(seconds=context.settings.saathi_outbox_lease_seconds + 1)
    worker.sweep(context)  # the periodic job reconciles dead and unknown claims
    _run(context, clock)
    row = bulk_rows(context.engine)[0]
    assert row.status == MessageStatus.ACCEPTED and len(twilio_api.requests) == 1
    assert row.provider_id == twilio_api.messages[0]["sid"]


def test_a_claim_whose_sender_died_is_not_sent_twice(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    twilio_api.clock = clock
    add_people(context.engine, People(2, in_window=True), now=clock())
    schedule_notice(context)
    sender.announce_tick(context)
    first, second = bulk_rows(context.engine)
    assert first.id is not None and second.id is not None
    _died_after_the_provider_took_it(context, first.id)
    _died_before_the_request(context, second.id)
    clock.advance(seconds=context.settings.saathi_outbox_lease_seconds + 1)
    assert reconcile.reconcile_stale(context) == 2
    _run(context, clock)
    assert sorted(form["To"][0] for form in twilio_api.requests) == ["whatsapp:" + phone(1), "whatsapp:" + phone(2)]
    assert {row.status for row in bulk_rows(context.engine)} == {MessageStatus.ACCEPTED}


def _died_after_the_provider_took_it(context: AppContext, message_id: int) -> None:
    from bot.db import session_scope
    from bot.services import outbox

    with session_scope(context.engine) as session:
        message = outbox.claim(session, message_id=message_id, now=context.clock())
        assert message is not None
        request = outbox.send_request(message, status_callback_url=None)
    context.providers["twilio"].send(request)


def _died_before_the_request(context: AppContext, message_id: int) -> None:
    from bot.db import session_scope
    from bot.services import outbox

    with session_scope(context.engine) as session:
        assert outbox.claim(session, message_id=message_id, now=context.clock()) is not None


def test_bulk_is_paced_at_the_configured_rate_and_never_faster(
    context: AppContext, clock: Clock, twilio_api: FakeTwilioApi
) -> None:
    context.pacers = Pacers(4.0)
    twilio_api.clock = clock
    add_people(context.engine, People(9), now=clock())
    schedule_notice(context)
    start = clock()
    _run(context, clock)
    gaps = [(later - earlier).total_seconds() for earlier, later in zip(twilio_api.created_at, twilio_api.created_at[1:], strict=False)]
    assert len(gaps) == 8 and min(gaps) >= 0.25 - 1e-9
    assert (clock() - start).total_seconds() == pytest.approx(2.0)


def test_a_reply_goes_ahead_of_waiting_bulk_and_takes_a_slot(
    context: AppContext, clock: Clock, twilio_api: FakeTwilioApi, twilio: Twilio
) -> None:
    context.pacers = Pacers(1.0)
    add_people(context.engine, People(3), now=clock())
    schedule_notice(context)
    sender.announce_tick(context)
    twilio.message("whatsapp:+919811111111", "मदद")
    assert len(twilio_api.requests) >= 1  # answered at once, bulk still queued
    assert {row.status for row in bulk_rows(context.engine)} == {MessageStatus.QUEUED}
    pacer = context.pacers.of("twilio:whatsapp")
    assert pacer.wait_time(clock()) > 0  # the bulk sender now waits for the next slot


def test_status_callbacks_move_bulk_rows_forward(
    context: AppContext, clock: Clock, twilio_api: FakeTwilioApi, twilio: Twilio
) -> None:
    add_people(context.engine, People(2), now=clock())
    schedule_notice(context)
    _run(context, clock)
    for path, form in twilio_api.status_callbacks("delivered"):
        assert twilio.post(path, form).status_code == 200
    first_path, first_form = twilio_api.status_callbacks("read")[0]
    twilio.post(first_path, first_form)
    assert _statuses(context) == {"delivered": 1, "read": 1}


def test_the_scheduler_recovers_due_sends_at_start_up(context: AppContext) -> None:
    scheduler = BackgroundScheduler(timezone="UTC")
    sender.add_jobs(scheduler, context)
    scheduler.start(paused=True)
    try:
        job = scheduler.get_job("announcements")
        assert job is not None and job.next_run_time is not None
        assert job.next_run_time.timestamp() <= __import__("time").time() + 1
        assert scheduler.get_job("bulk-sender") is not None
    finally:
        scheduler.shutdown(wait=False)


def test_sweep_leaves_bulk_rows_to_the_paced_sender(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    add_people(context.engine, People(2), now=clock())
    schedule_notice(context)
    sender.announce_tick(context)
    worker.sweep(context)
    assert twilio_api.requests == []
    with Session(context.engine) as session:
        assert session.exec(select(Message).where(col(Message.status) == MessageStatus.QUEUED)).all()

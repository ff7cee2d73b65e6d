"""The outbox: retries with backoff, permanent failures, opt-out from send errors, claims, stale claims."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from bot import worker
from bot.content.parts import split_parts
from bot.context import AppContext
from bot.models import Contact, Message, MessageStatus
from bot.services import outbox
from tests.conftest import Clock, Twilio
from tests.fakes.twilio_api import Failure, FakeTwilioApi

WHATSAPP = "whatsapp:+919800000001"


def _replies(context: AppContext) -> list[Message]:
    with Session(context.engine) as session:
        return list(session.exec(select(Message).where(col(Message.direction) == "out").order_by(col(Message.id))))


def test_temporary_failure_is_retried_later_with_backoff(
    twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext, clock: Clock
) -> None:
    twilio_api.fail_next(Failure(429, 20429), Failure(0, timeout=True))
    twilio.message(WHATSAPP, "मदद")  # welcome + help: both first sends fail
    rate_limited, timed_out = _replies(context)
    assert rate_limited.status == MessageStatus.QUEUED and rate_limited.error_code == "20429"
    assert rate_limited.attempts == 1 and rate_limited.next_attempt_at is not None
    # A timeout is ambiguous: the row stays claimed until reconciliation asks Twilio.
    assert timed_out.status == MessageStatus.SENDING
    assert worker.sweep(context) == 0  # nothing due yet
    clock.advance(minutes=2)
    worker.sweep(context)
    assert [row.status for row in _replies(context)] == [MessageStatus.ACCEPTED, MessageStatus.SENDING]
    clock.advance(seconds=context.settings.saathi_outbox_lease_seconds)
    worker.sweep(context)  # Twilio never got it: queued again
    worker.sweep(context)
    assert {row.status for row in _replies(context)} == {MessageStatus.ACCEPTED}
    assert len(twilio_api.sent_to(WHATSAPP)) == 2


def test_a_reply_twilio_took_before_timing_out_is_not_sent_twice(
    twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext, clock: Clock
) -> None:
    twilio_api.clock = clock  # Twilio's clock and ours agree
    twilio_api.fail_next(Failure(0, timeout=True, created=True))
    twilio.message("+14155550123", "मदद")
    assert _replies(context)[0].status == MessageStatus.SENDING
    clock.advance(seconds=context.settings.saathi_outbox_lease_seconds + 1)
    worker.sweep(context)
    worker.sweep(context)
    bodies = twilio_api.sent_to("+14155550123")
    assert len(bodies) == len(set(bodies)) == len(_replies(context))
    assert {row.status for row in _replies(context)} == {MessageStatus.ACCEPTED}


def test_permanent_failure_is_recorded_with_the_provider_code(
    twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext
) -> None:
    twilio_api.fail_next(Failure(400, 21211, "invalid To"))
    twilio.message(WHATSAPP, "hi")
    first = _replies(context)[0]
    assert first.status == MessageStatus.FAILED and first.error_code == "21211"


def test_opted_out_error_on_send_marks_the_contact(twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext) -> None:
    twilio_api.fail_next(Failure(400, 21610, "unsubscribed"))
    twilio.message(WHATSAPP, "hi")
    with Session(context.engine) as session:
        assert session.exec(select(Contact)).one().opted_out_at is not None


def test_retries_stop_after_the_limit(twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext, clock: Clock) -> None:
    limit = context.settings.saathi_outbox_max_attempts
    twilio_api.fail_next(*[Failure(503)] * 50)
    twilio.message("+14155550123", "मदद")
    for _ in range(limit + 2):
        clock.advance(hours=2)
        worker.sweep(context)
    rows = _replies(context)
    assert all(row.status == MessageStatus.FAILED and row.attempts == limit for row in rows)


def test_a_claimed_row_is_not_claimed_twice(twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext) -> None:
    twilio_api.fail_next(Failure(500))
    twilio.message(WHATSAPP, "hi")
    row = _replies(context)[0]
    with Session(context.engine) as session:
        session.execute(Message.__table__.update().where(Message.id == row.id).values(status="queued", next_attempt_at=None))  # type: ignore[attr-defined]
        session.commit()
    with Session(context.engine) as first, Session(context.engine) as second:
        assert outbox.claim(first, message_id=row.id or 0, now=context.clock()) is not None
        first.commit()
        assert outbox.claim(second, message_id=row.id or 0, now=context.clock()) is None


def test_a_stale_claim_is_released_after_the_lease(context: AppContext, twilio: Twilio, clock: Clock) -> None:
    twilio.message(WHATSAPP, "hi")
    row = _replies(context)[0]
    with Session(context.engine) as session:
        session.execute(Message.__table__.update().where(Message.id == row.id).values(status="sending", locked_at=clock()))  # type: ignore[attr-defined]
        session.commit()
        assert outbox.release_stale_claims(session, now=clock() + timedelta(minutes=1)) == 0
        assert outbox.release_stale_claims(session, now=clock() + outbox.SENDING_LEASE + timedelta(seconds=1)) == 1
        session.commit()


def test_a_stranded_inbound_message_is_answered_by_the_sweep(context: AppContext, clock: Clock, twilio_api: FakeTwilioApi) -> None:
    """The process died between storing and answering: the sweep answers it."""
    from bot.db import session_scope
    from bot.services import conversation
    from tests.services.test_concurrency import _inbound

    with session_scope(context.engine) as session:
        conversation.store_inbound(session, inbound=_inbound("नमस्ते"), now=clock())
    clock.advance(minutes=1)
    worker.sweep(context)
    assert twilio_api.sent_to("whatsapp:+919800000009")


@pytest.mark.parametrize("attempts", [1, 2, 5, 20])
def test_backoff_grows_and_is_capped(attempts: int) -> None:
    delay = outbox.backoff(attempts, rng=random.Random(7)).total_seconds()
    ceiling = min(outbox.BACKOFF_MAX_SECONDS, outbox.BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
    assert ceiling / 2 <= delay <= ceiling


def test_long_replies_are_split_into_numbered_parts() -> None:
    parts = split_parts("शब्द " * 400, 320)
    assert len(parts) > 1 and all(len(part) <= 320 for part in parts)
    assert parts[0].startswith(f"(1/{len(parts)}) ") and parts[-1].startswith(f"({len(parts)}/{len(parts)}) ")
    assert split_parts("छोटा", 320) == ["छोटा"]

"""Units of work for announcements: materialise due sends, drain bulk rows at the paced rate.

Each opens its own transactions. The scheduler (bot/main.py) runs them; `python -m bot send` runs
them in a process of its own. Both may be killed at any moment: every step is committed state, and a
row claimed by a dead sender is reconciled with the provider before it is sent again (bot/reconcile.py).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler
from sqlmodel import Session

from bot import worker
from bot.config import quiet_hours
from bot.config_india import sms_routes
from bot.content.schema import Channel
from bot.context import AppContext
from bot.db import session_scope
from bot.integrations.base import SendError, SendRequest, SendResult
from bot.models import Message
from bot.services import delivery, india_sms, materialise, routing
from bot.services import outbox as outbox_service
from bot.services.outbox import OUTCOME_UNKNOWN

logger = logging.getLogger("saathi.sender")
BATCH = 50  # most rows claimed at once
CLAIM_SECONDS = 1.0  # a batch is about this much sending; the pacer's catch-up absorbs the claim itself
RECORD_BATCH = 10  # accepted sends recorded per commit
RECORD_SECONDS = 0.5  # …or after this long, whichever comes first
DRAIN_SECONDS = 5.0  # one job run; shutdown waits at most this long
Sleep = Callable[[float], None]


def announce_tick(ctx: AppContext) -> int:
    """Materialise every due send (each in its own transaction); returns the rows written."""
    with session_scope(ctx.engine) as session:
        due = materialise.due_send_ids(session, now=ctx.clock())
    written = 0
    for send_id in due:
        with session_scope(ctx.engine) as session:
            written += materialise.materialise(
                session, send_id=send_id, catalog=ctx.catalog, routing=routing_of(ctx),
                zone=ctx.settings.tz, now=ctx.clock(),
            )
    if due:
        logger.info("materialised sends=%d rows=%d", len(due), written)
    return written


@dataclass(frozen=True)
class Ready:
    """A claimed row that passed the delivery rules: what to send, through which sender."""

    message_id: int
    request: SendRequest
    provider: str
    sender_key: str
    last_try: bool


def drain(ctx: AppContext, *, max_seconds: float, sleep: Sleep = time.sleep, stop: threading.Event | None = None) -> int:
    """Send due bulk rows, paced per sender, for about `max_seconds`; returns how many went out.

    Rows are claimed a small batch at a time (one commit per batch). The next batch is claimed while
    the last row of the current one waits for its slot, so claiming never costs a send slot; every
    send is recorded soon after the provider answers, several per commit (a commit costs a disk
    flush; a row whose record a crash lost is still `sending` and is reconciled with the provider).
    Claimed rows are always sent and recorded before returning (the deadline only stops new claims).
    """
    deadline = time.monotonic() + max_seconds
    queue: deque[Ready] = deque()
    sent, exhausted = 0, False
    with _Recorder(ctx) as recorder:
        while True:
            step = _next_step(queue, exhausted, deadline, stop)
            if step == "done":
                return sent
            if step == "claim":
                batch = claim_ready(ctx)
                exhausted = batch is None
                queue.extend(batch or [])
                continue
            if step == "wait":
                continue
            ready = queue.popleft()
            _wait_for_slot(ctx, ready.sender_key, sleep)
            sent += _send(ctx, ready, recorder) == "sent"


def _next_step(queue: deque[Ready], exhausted: bool, deadline: float, stop: threading.Event | None) -> str:
    claiming = not exhausted and time.monotonic() < deadline and not (stop and stop.is_set())
    if claiming and len(queue) <= 1:
        return "claim"
    if not queue:
        return "wait" if claiming else "done"  # the whole batch was skipped or held: claim again
    return "send"


class _Recorder:
    """Records accepted sends in small batches: one commit per RECORD_BATCH sends or RECORD_SECONDS."""

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx
        self._pending: list[tuple[int, SendResult]] = []
        self._oldest = 0.0

    def __enter__(self) -> _Recorder:
        return self

    def __exit__(self, *_: object) -> None:
        self.flush()

    def add(self, message_id: int, result: SendResult) -> None:
        if not self._pending:
            self._oldest = time.monotonic()
        self._pending.append((message_id, result))
        if len(self._pending) >= RECORD_BATCH or time.monotonic() - self._oldest >= RECORD_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        with session_scope(self._ctx.engine) as session:
            for message_id, result in self._pending:
                outbox_service.record_sent(session, message_id=message_id, result=result, now=self._ctx.clock())
        self._pending = []


def claim_ready(ctx: AppContext) -> list[Ready] | None:
    """Claim a batch, apply the delivery rules (skips and holds are booked at once); None when
    nothing is due."""
    now = ctx.clock()
    size = max(1, min(BATCH, int(ctx.settings.saathi_send_rate_per_second * CLAIM_SECONDS)))
    with session_scope(ctx.engine) as session:
        claimed = delivery.claim_batch(session, now=now, limit=size)
        if not claimed:
            return None
        rules = rules_of(ctx)
        loaded = delivery.preload(session, claimed)  # noqa: F841  (held: the identity map is weak)
        batch = delivery.Batch.of(session, claimed, since=now - rules.notice_gap)
        with session.no_autoflush:  # the plan's queries must not flush the whole batch each time
            return [ready for message in claimed if (ready := _plan(ctx, session, message, rules, batch, now))]


def _plan(
    ctx: AppContext, session: Session, message: Message, rules: delivery.DeliveryRules, batch: delivery.Batch,
    now: datetime,
) -> Ready | None:
    plan = delivery.plan_send(session, message=message, catalog=ctx.catalog, rules=rules, now=now, batch=batch)
    if plan.action != "send":
        delivery.apply_plan(message, plan=plan, now=now)
        return None
    if plan.content_sid:
        message.flags = [*message.flags, "template"]
    assert message.id is not None
    return Ready(message.id, _request(ctx, message, plan), message.provider, f"{message.provider}:{message.channel}",
                 last_try=message.attempts >= ctx.settings.saathi_outbox_max_attempts)


def _wait_for_slot(ctx: AppContext, sender_key: str, sleep: Sleep) -> None:
    pacer = ctx.pacers.of(sender_key)
    while not pacer.take(ctx.clock()):
        sleep(pacer.wait_time(ctx.clock()))


def _send(ctx: AppContext, ready: Ready, recorder: _Recorder) -> str:
    provider = ctx.providers.get(ready.provider)
    try:
        if provider is None:
            raise SendError(f"provider {ready.provider!r} is not configured", code="no_provider")
        result = provider.send(ready.request)
    except SendError as error:
        if error.code in OUTCOME_UNKNOWN and not ready.last_try:
            # The provider may have taken it: the row stays claimed, and after the lease
            # bot/reconcile.py asks the provider before it is sent again.
            logger.warning("bulk send outcome unknown message_id=%s; left for reconciliation", ready.message_id)
            return "unknown"
        logger.warning("bulk send failed message_id=%s code=%s retryable=%s", ready.message_id, error.code, error.retryable)
        _record_failure(ctx, ready.message_id, error)
        return "failed"
    except Exception as exc:  # a bug or an unexpected library error: keep the row, retry later
        logger.exception("bulk send crashed message_id=%s", ready.message_id)
        _record_failure(ctx, ready.message_id, SendError(repr(exc), code="exception", retryable=True))
        return "failed"
    recorder.add(ready.message_id, result)
    return "sent"


def _record_failure(ctx: AppContext, message_id: int, error: SendError) -> None:
    with session_scope(ctx.engine) as session:
        outbox_service.record_failure(
            session, message_id=message_id, error=error, now=ctx.clock(),
            max_attempts=ctx.settings.saathi_outbox_max_attempts,
        )


def _request(ctx: AppContext, message: Message, plan: delivery.Plan) -> SendRequest:
    request = outbox_service.send_request(message, status_callback_url=worker.status_callback_url(ctx, message))
    extra: dict[str, object] = {}
    if plan.content_sid:
        extra.update(content_sid=plan.content_sid, content_variables=plan.content_variables or {})
    if plan.template_id:
        extra["template_id"] = plan.template_id
    return dataclasses.replace(request, **extra) if extra else request


def routing_of(ctx: AppContext) -> materialise.Routing:
    """The configured provider per channel (SMS routes may send +91 through an Indian provider)."""
    routes = sms_routes(ctx.settings)

    def sms_provider(address: str) -> str:
        return routing.provider_for(channel=Channel.SMS, address=address, default=ctx.default_provider,
                                    routes=routes)

    return materialise.Routing(default=ctx.default_provider, sms_provider_for=sms_provider)


def rules_of(ctx: AppContext) -> delivery.DeliveryRules:
    start, end = quiet_hours(ctx.settings.saathi_quiet_hours)
    return delivery.DeliveryRules(
        zone=ctx.settings.tz, quiet_start=start, quiet_end=end, routing=routing_of(ctx),
        notice_gap=timedelta(minutes=ctx.settings.saathi_notice_gap_minutes), needs_dlt=routing.needs_dlt,
        sms_reply_number=india_sms.sms_settings(ctx.settings).reply_number,
    )


def add_jobs(scheduler: BaseScheduler, ctx: AppContext) -> None:
    """The announcement jobs: materialise due sends (at once on start-up, so nothing due is lost
    while the process was down) and drain the bulk outbox, paced. Jobs stay in memory; the rows are
    the schedule, so a restart recovers every due or future send."""
    scheduler.add_job(
        announce_tick, "interval", args=[ctx], seconds=ctx.settings.saathi_announce_interval_seconds,
        id="announcements", max_instances=1, coalesce=True, next_run_time=datetime.now(UTC),
    )
    scheduler.add_job(
        drain, "interval", args=[ctx], kwargs={"max_seconds": DRAIN_SECONDS}, seconds=1,
        id="bulk-sender", max_instances=1, coalesce=True,
    )

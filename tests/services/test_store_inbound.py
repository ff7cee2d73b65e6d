"""Storing an inbound message is idempotent by provider id, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from bot.context import AppContext
from bot.db import session_scope
from bot.services import conversation
from tests.conftest import Clock
from tests.services.test_concurrency import _inbound


def test_a_redelivery_is_reported_as_duplicate(context: AppContext, clock: Clock) -> None:
    message = _inbound("नमस्ते")
    with session_scope(context.engine) as session:
        first = conversation.store_inbound(session, inbound=message, now=clock())
    with session_scope(context.engine) as session:
        again = conversation.store_inbound(session, inbound=message, now=clock())
    assert not first.duplicate and again.duplicate
    assert again.message_id == first.message_id

"""Units of work for the India SMS channel (each owns its transaction, like bot.worker)."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot import worker
from bot.context import AppContext
from bot.db import session_scope
from bot.integrations.exotel.inbound import MissedCall
from bot.services import india_sms, missed_calls

logger = logging.getLogger("saathi.india_worker")


def call_settings(ctx: AppContext) -> missed_calls.CallSettings:
    """Missed-call settings from the context's Settings."""
    settings = ctx.settings
    return missed_calls.CallSettings(
        provider=ctx.default_provider, sms=india_sms.sms_settings(settings),
        meeting_number=settings.meeting_missed_call_number,
        menu_window=timedelta(minutes=settings.missed_call_menu_minutes),
    )


def handle_missed_call(ctx: AppContext, call: MissedCall) -> list[int]:
    """Record the call, queue its SMS and send it (runs after the caller's ringing has ended)."""
    try:
        with session_scope(ctx.engine) as session:
            ids = missed_calls.handle_call(
                session, call=call, catalog=ctx.catalog, settings=call_settings(ctx), now=ctx.clock()
            )
    except Exception:
        logger.exception("missed call failed call_sid=%s", call.call_sid)
        return []
    worker.dispatch(ctx, ids)
    return ids

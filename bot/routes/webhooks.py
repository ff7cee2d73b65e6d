"""Twilio webhooks: inbound messages and delivery status callbacks.

https://www.twilio.com/docs/messaging/guides/webhook-request
"""

from __future__ import annotations

import dataclasses
import logging

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from twilio.twiml.messaging_response import MessagingResponse

from bot import worker
from bot.deps import ContextDep
from bot.integrations.twilio.inbound import Form, InboundError, parse_inbound, parse_status
from bot.integrations.twilio.signature import is_valid_signature, public_url

router = APIRouter(prefix="/webhooks/twilio", tags=["webhooks"])
logger = logging.getLogger("saathi.webhooks")
EMPTY_TWIML = str(MessagingResponse())


def twiml_ok() -> Response:
    """Empty TwiML: we never reply inline, every reply goes through the outbox."""
    return Response(content=EMPTY_TWIML, media_type="application/xml")


async def verified_form(request: Request, ctx: ContextDep) -> Form:
    """The form parameters, once X-Twilio-Signature matches; 403 otherwise."""
    form: FormData = await request.form()
    if ctx.settings.twilio_validate_signature:
        url = public_url(ctx.settings.public_base_url, request.url.path, request.url.query)
        signature = request.headers.get("X-Twilio-Signature")
        if not is_valid_signature(ctx.settings.twilio_auth_token, url, form, signature):
            reason = "missing signature" if not signature else "invalid signature"
            logger.warning("rejected %s: %s url=%s", request.url.path, reason, url)
            raise HTTPException(status_code=403, detail=reason)
    return {key: [str(value) for value in form.getlist(key)] for key in form.keys()}


async def _reject(ctx: ContextDep, endpoint: str, form: Form, error: InboundError) -> HTTPException:
    logger.warning("bad request on %s: %s", endpoint, error)
    await run_in_threadpool(worker.record_rejection, ctx, endpoint=endpoint, reason=str(error), payload=dict(form))
    return HTTPException(status_code=400, detail=str(error))


@router.post("/messaging")
async def inbound_message(request: Request, background: BackgroundTasks, ctx: ContextDep) -> Response:
    """Store the message, answer it, send the replies after the response."""
    form = await verified_form(request, ctx)
    try:
        inbound = parse_inbound(form)
    except InboundError as error:
        raise await _reject(ctx, request.url.path, form, error) from error
    received = await run_in_threadpool(worker.receive, ctx, inbound)
    if received.reply_ids:
        background.add_task(worker.dispatch, ctx, received.reply_ids)
    return twiml_ok()


@router.post("/status")
async def status_callback(request: Request, ctx: ContextDep) -> Response:
    """Move the stored message's status forward."""
    form = await verified_form(request, ctx)
    try:
        update = parse_status(form)
    except InboundError as error:
        raise await _reject(ctx, request.url.path, form, error) from error
    update = dataclasses.replace(update, message_id=_our_message_id(request))
    applied = await run_in_threadpool(worker.apply_status, ctx, update)
    if not applied:
        logger.info("status %s for %s not applied (unknown or stale)", update.status, update.provider_id)
    return twiml_ok()


def _our_message_id(request: Request) -> int | None:
    """The `mid` we put in the StatusCallback URL (signed with it, so it cannot be forged)."""
    value = request.query_params.get(worker.MESSAGE_ID_PARAM, "")
    return int(value) if value.isdigit() else None

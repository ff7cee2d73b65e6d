"""Kaleyra callbacks: inbound SMS on our VMN and delivery reports, through our callback profiles.

Kaleyra does not sign callbacks either, so the same guard as Exotel applies (secret path, optional
IP allow-list) and, because a Kaleyra callback profile can add static headers, an optional token
header (KALEYRA_CALLBACK_TOKEN in X-Saathi-Token).
https://developers.kaleyra.io/docs/create-sms-callback-profile-to-receive-incoming-sms-messages
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from bot import worker
from bot.config import Settings
from bot.deps import ContextDep
from bot.integrations.kaleyra.inbound import AUTH_HEADER, parse_sms, parse_status
from bot.integrations.twilio.inbound import InboundError
from bot.routes.callback_guard import CallbackGuard

router = APIRouter(prefix="/webhooks/kaleyra/{secret}", tags=["webhooks"], include_in_schema=False)
logger = logging.getLogger("saathi.webhooks.kaleyra")


def guard(settings: Settings) -> CallbackGuard:
    """The checks every Kaleyra callback must pass."""
    return CallbackGuard(
        "kaleyra", settings.kaleyra_callback_secret, settings.kaleyra_allowed_cidrs, settings.trusted_proxy_header,
        token_header=AUTH_HEADER, token=settings.kaleyra_callback_token,
    )


@router.api_route("/sms", methods=["GET", "POST"])
async def inbound_sms(secret: str, request: Request, background: BackgroundTasks, ctx: ContextDep) -> Response:
    """An SMS to our VMN (the body our callback profile defines; a GET trigger URL sends it as a query)."""
    guard(ctx.settings).verify(request, secret)
    payload = await _payload(request)
    try:
        inbound = parse_sms(payload)
    except InboundError as error:
        raise await _bad_request(ctx, "kaleyra/sms", payload, error) from error
    received = await run_in_threadpool(worker.receive, ctx, inbound)
    if received.reply_ids:
        background.add_task(worker.dispatch, ctx, received.reply_ids)
    return Response(content="", media_type="text/plain")


@router.api_route("/status", methods=["GET", "POST"])
async def status_callback(secret: str, request: Request, ctx: ContextDep) -> Response:
    """A delivery report ({"id", "status", "description"})."""
    guard(ctx.settings).verify(request, secret)
    payload = await _payload(request)
    try:
        update = parse_status(payload)
    except InboundError as error:
        raise await _bad_request(ctx, "kaleyra/status", payload, error) from error
    await run_in_threadpool(worker.apply_status, ctx, update)
    return Response(content="", media_type="text/plain")


async def _payload(request: Request) -> dict[str, object]:
    """JSON body, form body or query string, whichever the callback profile uses."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}
    if request.method == "POST":
        form = await request.form()
        return {key: str(form.get(key)) for key in form.keys()}
    return {key: request.query_params.get(key) for key in request.query_params.keys()}


async def _bad_request(ctx: ContextDep, endpoint: str, payload: dict[str, object], error: InboundError) -> HTTPException:
    logger.warning("bad kaleyra request on %s: %s", endpoint, error)
    params = {key: [str(value)] for key, value in payload.items()}
    await run_in_threadpool(worker.record_rejection, ctx, endpoint=endpoint, reason=str(error), payload=params)
    return HTTPException(status_code=400, detail=str(error))

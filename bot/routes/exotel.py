"""Exotel callbacks: inbound SMS (JSON POST, legacy GET/HEAD), delivery status, missed calls.

Exotel does not sign callbacks, so every path carries a long random secret (compared in constant
time) and, when configured, the caller's address must be in EXOTEL_ALLOWED_CIDRS.
https://developer.exotel.com/docs/advanced-config/network-requirements
"""

from __future__ import annotations

import json
import logging

from fastapi import APIRouter, BackgroundTasks, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from bot import india_worker, worker
from bot.config import Settings
from bot.deps import ContextDep
from bot.integrations.exotel.inbound import (
    parse_call,
    parse_sms_json,
    parse_sms_legacy,
    parse_status,
)
from bot.integrations.twilio.inbound import InboundError
from bot.routes.callback_guard import CallbackGuard

router = APIRouter(prefix="/webhooks/exotel/{secret}", tags=["webhooks"])
logger = logging.getLogger("saathi.webhooks.exotel")


def plain_ok() -> Response:
    """Empty text/plain: no inline reply (Exotel would send the body as an SMS)."""
    return Response(content="", media_type="text/plain")


def verify(request: Request, settings: Settings, secret: str) -> None:
    """403 (logged) unless the path secret matches and the caller's address is allowed."""
    CallbackGuard(
        "exotel", settings.exotel_callback_secret, settings.exotel_allowed_cidrs, settings.trusted_proxy_header,
    ).verify(request, secret)


def _params(request: Request) -> dict[str, list[str]]:
    return {key: request.query_params.getlist(key) for key in request.query_params.keys()}


async def _bad_request(ctx: ContextDep, endpoint: str, params: dict[str, list[str]], error: InboundError) -> HTTPException:
    logger.warning("bad exotel request on %s: %s", endpoint, error)
    await run_in_threadpool(worker.record_rejection, ctx, endpoint=endpoint, reason=str(error), payload=params)
    return HTTPException(status_code=400, detail=str(error))


@router.post("/sms")
async def inbound_sms(secret: str, request: Request, background: BackgroundTasks, ctx: ContextDep) -> Response:
    """The 2-way SMS callback (JSON; a form body is accepted too)."""
    verify(request, ctx.settings, secret)
    payload = await _body(request)
    try:
        inbound = parse_sms_json(payload, keyword=ctx.settings.exotel_sms_keyword)
    except InboundError as error:
        raise await _bad_request(ctx, "exotel/sms", {k: [str(v)] for k, v in payload.items()}, error) from error
    return await _receive(ctx, inbound, background)


@router.api_route("/sms", methods=["GET", "HEAD"])
async def inbound_sms_legacy(secret: str, request: Request, background: BackgroundTasks, ctx: ContextDep) -> Response:
    """The legacy SMS-app GET; Exotel sends HEAD first and wants the same headers."""
    verify(request, ctx.settings, secret)
    if request.method == "HEAD":
        return plain_ok()
    params = _params(request)
    try:
        inbound = parse_sms_legacy(params, keyword=ctx.settings.exotel_sms_keyword)
    except InboundError as error:
        raise await _bad_request(ctx, "exotel/sms", params, error) from error
    return await _receive(ctx, inbound, background)


async def _receive(ctx: ContextDep, inbound, background: BackgroundTasks) -> Response:  # type: ignore[no-untyped-def]
    received = await run_in_threadpool(worker.receive, ctx, inbound)
    if received.reply_ids:
        background.add_task(worker.dispatch, ctx, received.reply_ids)
    return plain_ok()


@router.post("/status")
async def status_callback(secret: str, request: Request, ctx: ContextDep) -> Response:
    """Delivery report (form POST)."""
    verify(request, ctx.settings, secret)
    form = await request.form()
    params = {key: [str(value) for value in form.getlist(key)] for key in form.keys()}
    try:
        update = parse_status(params)
    except InboundError as error:
        raise await _bad_request(ctx, "exotel/status", params, error) from error
    if update.error_code and update.error_message and update.error_message.startswith("DLT"):
        logger.error("exotel DLT rejection sid=%s code=%s", update.provider_id, update.error_code)
    await run_in_threadpool(worker.apply_status, ctx, update)
    return plain_ok()


@router.api_route("/call", methods=["GET", "HEAD"])
async def missed_call(secret: str, request: Request, background: BackgroundTasks, ctx: ContextDep) -> Response:
    """Passthru: answer 200 at once (the caller hears rings until we do); the SMS goes out afterwards."""
    verify(request, ctx.settings, secret)
    if request.method == "HEAD":
        return plain_ok()
    params = _params(request)
    try:
        call = parse_call(params)
    except InboundError as error:
        logger.warning("bad exotel call callback: %s", error)
        raise HTTPException(status_code=400, detail=str(error)) from error
    background.add_task(india_worker.handle_missed_call, ctx, call)
    return plain_ok()


async def _body(request: Request) -> dict[str, object]:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}
    form = await request.form()
    return {key: str(form.get(key)) for key in form.keys()}

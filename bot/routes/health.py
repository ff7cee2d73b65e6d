"""Readiness: the database answers and the content is loaded."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from bot.db import ping
from bot.deps import ContextDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(ctx: ContextDep) -> JSONResponse:
    """200 when ready; 503 with the reason when the database is unreachable."""
    try:
        await run_in_threadpool(ping, ctx.engine)
    except SQLAlchemyError as exc:
        return JSONResponse({"status": "unavailable", "database": f"unreachable: {type(exc).__name__}"}, 503)
    return JSONResponse({"status": "ok", "database": "ok", "content_entries": len(ctx.catalog.entries)})

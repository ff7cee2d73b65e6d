"""The application factory and its lifespan: load content, check the database, run the outbox sweeper."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from apscheduler.schedulers.background import BackgroundScheduler
from fastapi import FastAPI

from bot import sender, worker
from bot.config import Settings, get_settings
from bot.context import AppContext, build_context
from bot.migrate import is_up_to_date
from bot.routes import api_v1, exotel, health, kaleyra, webhooks

logger = logging.getLogger("saathi")


class DatabaseNotMigrated(RuntimeError):
    pass


def create_app(settings: Settings | None = None, context: AppContext | None = None) -> FastAPI:
    """Build the app; with no context given, one is built from settings at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = context or build_context(settings or get_settings())
        if not is_up_to_date(ctx.engine, ctx.settings.database_url):
            raise DatabaseNotMigrated("the database is not at the newest migration: run `python -m bot migrate`")
        app.state.context = ctx
        scheduler = _start_scheduler(ctx) if ctx.settings.saathi_run_scheduler else None
        logger.info("saathi ready: sender=%s entries=%d", ctx.default_provider, len(ctx.catalog.entries))
        try:
            yield
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=True)
            if context is None:
                ctx.close()

    app = FastAPI(title="Saathi", version="0.1.0", lifespan=lifespan)
    app.include_router(health.router)
    app.include_router(webhooks.router)
    app.include_router(api_v1.router)
    app.include_router(exotel.router)
    app.include_router(kaleyra.router)
    return app


def _start_scheduler(ctx: AppContext) -> BackgroundScheduler:
    """One in-process scheduler (one web worker); the database rows are the truth, jobs stay in memory."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler.add_job(
        worker.sweep, "interval", args=[ctx], seconds=ctx.settings.saathi_outbox_interval_seconds,
        id="outbox-sweep", max_instances=1, coalesce=True,
    )
    sender.add_jobs(scheduler, ctx)
    scheduler.start()
    return scheduler

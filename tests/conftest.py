"""Shared fixtures: a migrated database per test, the fake Twilio API, a controllable clock, the app.

Set DATABASE_URL=postgresql+psycopg://… to run the whole suite on PostgreSQL; each run gets its own
schema there, so parallel runs do not collide.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from bot.config import PROJECT_ROOT, Settings
from bot.content.catalog import Catalog, load_catalog
from bot.context import AppContext, build_context
from bot.flows.engine import REQUIRED_MESSAGES
from bot.main import create_app
from bot.migrate import upgrade
from tests.fakes.twilio_api import FakeTwilioApi
from tests.fakes.twilio_forms import inbound_form, sign

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC_BASE_URL = "https://saathi.example.org"
POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USE_POSTGRES = POSTGRES_URL.startswith("postgresql")


class Clock:
    """Time that only moves when a test says so."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="session")
def _database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite: a migrated template file; PostgreSQL: a migrated schema of this run's own."""
    if USE_POSTGRES:
        schema = f"t_{uuid.uuid4().hex[:10]}"
        admin = create_engine(POSTGRES_URL)
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        url = f"{POSTGRES_URL}{'&' if '?' in POSTGRES_URL else '?'}options=-csearch_path%3D{schema}"
        upgrade(url)
        yield url
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
        return
    template = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite:///{template}")
    yield str(template)


@pytest.fixture
def database_url(_database_template: str, tmp_path: Path) -> str:
    """A freshly migrated, empty database for one test."""
    if USE_POSTGRES:
        _truncate_all(_database_template)
        return _database_template
    copy = tmp_path / "saathi.db"
    shutil.copy(_database_template, copy)
    return f"sqlite:///{copy}"


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version'")
        ).scalars().all()
        if tables:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 5, 30, tzinfo=UTC))  # 11:00 IST


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        twilio_account_sid="AC" + "1" * 32,
        twilio_auth_token=AUTH_TOKEN,
        twilio_sms_from="+14155550100",
        twilio_whatsapp_from="whatsapp:+14155550100",
        public_base_url=PUBLIC_BASE_URL,
        saathi_run_scheduler=False,
        saathi_content_dir=PROJECT_ROOT / "content_hindi",
    )


@pytest.fixture
def twilio_api() -> FakeTwilioApi:
    return FakeTwilioApi()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real content, loaded once per run (it is immutable)."""
    return load_catalog(PROJECT_ROOT / "content_hindi", REQUIRED_MESSAGES)


@pytest.fixture
def context(settings: Settings, clock: Clock, twilio_api: FakeTwilioApi, catalog: Catalog) -> Iterator[AppContext]:
    ctx = build_context(settings, clock=clock, catalog=catalog, twilio_transport=twilio_api.transport())
    yield ctx
    ctx.close()


@pytest.fixture
def client(context: AppContext) -> Iterator[TestClient]:
    with TestClient(create_app(context=context), base_url=PUBLIC_BASE_URL) as test_client:
        yield test_client


class Twilio:
    """Posts signed webhooks the way Twilio does."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def post(self, path: str, form: dict[str, str], *, signature: str | None = "valid"):  # type: ignore[no-untyped-def]
        headers = {}
        if signature == "valid":
            headers["X-Twilio-Signature"] = sign(AUTH_TOKEN, PUBLIC_BASE_URL + path, form)
        elif signature is not None:
            headers["X-Twilio-Signature"] = signature
        return self.client.post(path, data=form, headers=headers)

    def message(self, sender: str, body: str = "", **extra: str):  # type: ignore[no-untyped-def]
        return self.post("/webhooks/twilio/messaging", inbound_form(sender=sender, body=body, **extra))

    def status(self, sid: str, status: str, **extra: str):  # type: ignore[no-untyped-def]
        form = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "1" * 32, **extra}
        return self.post("/webhooks/twilio/status", form)


@pytest.fixture
def twilio(client: TestClient) -> Twilio:
    return Twilio(client)

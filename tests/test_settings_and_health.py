"""Settings from the environment, refusing bad values by name; readiness; start-up guards."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from bot.config import PROJECT_ROOT, SenderKind, Settings
from bot.context import AppContext, build_context
from bot.main import DatabaseNotMigrated, create_app


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"SAATHI_TIMEZONE": "Mars/Olympus"}, "saathi_timezone"),
        ({"PUBLIC_BASE_URL": "saathi.example.org"}, "public_base_url"),
        ({"DATABASE_URL": "mysql://x"}, "database_url"),
        ({"SAATHI_SENDER": "pigeon"}, "saathi_sender"),
        ({"SAATHI_SENDER": "twilio"}, "SAATHI_SENDER=twilio"),
        ({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "x"}, "TWILIO_MESSAGING_SERVICE_SID"),
        ({"SAATHI_SESSION_IDLE_MINUTES": "0"}, "saathi_session_idle_minutes"),
    ],
)
def test_invalid_setting_names_itself(env: dict[str, str], name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError) as error:
        Settings(_env_file=None)  # type: ignore[call-arg]
    assert name in str(error.value)


def test_defaults_are_sqlite_and_console(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(("TWILIO_", "DATABASE_URL", "SAATHI_", "PUBLIC_BASE_URL")):
            monkeypatch.delenv(key)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url.startswith("sqlite:///")
    assert settings.sender_kind == SenderKind.CONSOLE
    assert settings.saathi_timezone == "Asia/Kolkata" and settings.twilio_validate_signature


def test_start_up_with_a_bad_setting_exits_with_its_name(tmp_path: object) -> None:
    env = {**os.environ, "SAATHI_TIMEZONE": "Mars/Olympus"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "migrate"], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "SAATHI_TIMEZONE" in result.stderr and "Traceback" not in result.stderr


def test_healthz_reports_ready(client: TestClient, context: AppContext) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok" and response.json()["content_entries"] == len(context.catalog.entries)


def test_healthz_reports_an_unreachable_database(settings: Settings, catalog: object, client: TestClient, context: AppContext) -> None:
    context.engine.dispose()
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:9/nothing?connect_timeout=2"
    broken = build_context(settings.model_copy(update={"database_url": unreachable}), catalog=catalog)  # type: ignore[arg-type]
    client.app.state.context = broken  # type: ignore[attr-defined]
    response = client.get("/healthz")
    assert response.status_code == 503 and "unreachable" in response.json()["database"]


def test_app_refuses_to_start_on_an_unmigrated_database(settings: Settings, catalog: object, tmp_path: object) -> None:
    fresh = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path}/empty.db"})
    context = build_context(fresh, catalog=catalog)  # type: ignore[arg-type]
    with pytest.raises(DatabaseNotMigrated):
        with TestClient(create_app(context=context)):
            pass

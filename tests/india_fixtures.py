"""Fixtures for the India SMS tests: Exotel configured, a fake Exotel API, callbacks by secret path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.config import Settings
from bot.content.catalog import Catalog
from bot.context import AppContext, build_context
from bot.main import create_app
from tests.conftest import PUBLIC_BASE_URL, Clock
from tests.fakes.exotel_api import FakeExotelApi
from tests.fakes.twilio_api import FakeTwilioApi

SECRET = "s3cret-" + "x" * 40
VMN = "+918000000001"  # the long code users text and miss-call
MEETING_VMN = "+918000000002"
EXOTEL = {
    "exotel_account_sid": "saathi1", "exotel_api_key": "key-123", "exotel_api_token": "token-456",
    "exotel_api_base_url": "https://exotel.test", "exotel_sms_number": VMN, "exotel_sender_id": "SATHII",
    "dlt_entity_id": "1101000000000000001", "exotel_callback_secret": SECRET,
    "meeting_missed_call_number": MEETING_VMN,
}


def india_settings(settings: Settings, **extra: object) -> Settings:
    return Settings(**{**settings.model_dump(), **EXOTEL, **extra})


@pytest.fixture
def exotel_api() -> FakeExotelApi:
    return FakeExotelApi()


@pytest.fixture
def india_context(
    settings: Settings, clock: Clock, twilio_api: FakeTwilioApi, exotel_api: FakeExotelApi, catalog: Catalog
) -> Iterator[AppContext]:
    ctx = build_context(india_settings(settings), clock=clock, catalog=catalog, twilio_transport=twilio_api.transport(),
                        exotel_transport=exotel_api.transport())
    yield ctx
    ctx.close()


@pytest.fixture
def india_client(india_context: AppContext) -> Iterator[TestClient]:
    with TestClient(create_app(context=india_context), base_url=PUBLIC_BASE_URL) as client:
        yield client


class Exotel:
    """Calls our Exotel callbacks the way Exotel does."""

    def __init__(self, client: TestClient, secret: str = SECRET) -> None:
        self.client, self.secret = client, secret
        self.count = 0

    def path(self, endpoint: str, secret: str | None = None) -> str:
        return f"/webhooks/exotel/{secret or self.secret}/{endpoint}"

    def sms(self, sender: str, body: str, *, sid: str | None = None, **headers: str):  # type: ignore[no-untyped-def]
        self.count += 1
        payload = {"SmsSid": sid or f"sms{self.count:06d}", "Direction": "incoming", "Sender": sender,
                   "ReceivedOn": VMN, "MessageBody": body, "ReceivedTime": "2026-11-23T05:30:00Z"}
        return self.client.post(self.path("sms"), json=payload, headers=headers)

    def call(self, caller: str, *, to: str = VMN, sid: str | None = None, **headers: str):  # type: ignore[no-untyped-def]
        self.count += 1
        params = {"CallSid": sid or f"call{self.count:06d}", "CallFrom": caller, "CallTo": to,
                  "Direction": "incoming", "CallStatus": "ringing", "digits": '""'}
        return self.client.get(self.path("call"), params=params, headers=headers)


@pytest.fixture
def exotel(india_client: TestClient) -> Exotel:
    return Exotel(india_client)

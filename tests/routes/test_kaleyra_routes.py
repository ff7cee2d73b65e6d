"""Kaleyra callbacks end to end: secret path, token header, IP allow-list, SMS in -> DLT SMS out, status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session, select

from bot.config import Settings
from bot.content.catalog import Catalog
from bot.context import AppContext, build_context
from bot.main import create_app
from bot.models import Message, RejectedRequest
from tests.conftest import PUBLIC_BASE_URL, Clock
from tests.fakes.kaleyra_api import FakeKaleyraApi

SECRET = "k-" + "y" * 40
TOKEN = "static-header-token-7f3a"
VMN = "+918000000009"
USER = "+919812345678"
KALEYRA = {
    "kaleyra_sid": "HXIN1", "kaleyra_api_key": "kal-key", "kaleyra_sender_id": "SATHII",
    "kaleyra_api_base_url": "https://kaleyra.test", "kaleyra_sms_number": VMN,
    "kaleyra_callback_secret": SECRET, "kaleyra_callback_token": TOKEN,
    "kaleyra_callback_profile_id": "cbp-42", "saathi_sms_routes": "+91:kaleyra,*:twilio",
}


def kaleyra_settings(settings: Settings, **extra: object) -> Settings:
    return Settings(**{**settings.model_dump(), **KALEYRA, **extra})


class Kaleyra:
    """Calls our Kaleyra callbacks the way our callback profiles make Kaleyra call them."""

    def __init__(self, client: TestClient) -> None:
        self.client, self.count = client, 0

    def path(self, endpoint: str, secret: str = SECRET) -> str:
        return f"/webhooks/kaleyra/{secret}/{endpoint}"

    def sms(self, body: str, *, sid: str | None = None, token: str | None = TOKEN, **headers: str):  # type: ignore[no-untyped-def]
        self.count += 1
        payload = {"id": sid or f"kal{self.count:05d}", "source": USER.removeprefix("+"), "recipient": VMN,
                   "message": body, "keyword": "", "timestamp": "2026-11-23 11:00:00"}
        return self.client.post(self.path("sms"), json=payload, headers=_headers(token, headers))

    def status(self, payload: dict[str, str], *, token: str | None = TOKEN):  # type: ignore[no-untyped-def]
        return self.client.post(self.path("status"), json=payload, headers=_headers(token, {}))


def _headers(token: str | None, extra: dict[str, str]) -> dict[str, str]:
    return {**({"X-Saathi-Token": token} if token is not None else {}), **extra}


@pytest.fixture
def kaleyra_api() -> FakeKaleyraApi:
    return FakeKaleyraApi()


def _context(settings: Settings, clock: Clock, api: FakeKaleyraApi, catalog: Catalog) -> AppContext:
    return build_context(settings, clock=clock, catalog=catalog, kaleyra_transport=api.transport())


@pytest.fixture
def kaleyra_context(settings: Settings, clock: Clock, kaleyra_api: FakeKaleyraApi, catalog: Catalog) -> Iterator[AppContext]:
    ctx = _context(kaleyra_settings(settings), clock, kaleyra_api, catalog)
    yield ctx
    ctx.close()


@pytest.fixture
def kaleyra(kaleyra_context: AppContext) -> Iterator[Kaleyra]:
    with TestClient(create_app(context=kaleyra_context), base_url=PUBLIC_BASE_URL) as client:
        yield Kaleyra(client)


def outbound(ctx: AppContext) -> list[Message]:
    with Session(ctx.engine) as session:
        return list(session.exec(select(Message).where(Message.direction == "out").order_by(Message.id)))


def test_sms_in_reply_out_through_kaleyra_with_dlt_ids(kaleyra: Kaleyra, kaleyra_api: FakeKaleyraApi,
                                                       kaleyra_context: AppContext) -> None:
    response = kaleyra.sms("नमस्ते")
    assert (response.status_code, response.text) == (200, "")
    assert kaleyra_api.requests and set(kaleyra_api.paths) == {"/v1/HXIN1/sms"} and set(kaleyra_api.keys) == {"kal-key"}
    for form in kaleyra_api.requests:
        assert (form["to"], form["sender"], form["type"], form["unicode"]) == (USER, "SATHII", "TXN", "1")
        assert form["callback_profile_id"] == "cbp-42" and len(form["template_id"]) == 19
        assert form["body"].endswith(f"जवाब {VMN} पर")
    rows = outbound(kaleyra_context)
    assert [(row.provider, row.status, row.template_id) for row in rows] == [
        ("kaleyra", "accepted", form["template_id"]) for form in kaleyra_api.requests
    ]


@pytest.mark.parametrize(("label", "secret", "token", "status"), [
    ("right secret and token", SECRET, TOKEN, 200),
    ("wrong secret", "k-" + "z" * 40, TOKEN, 403),
    ("empty secret segment", " ", TOKEN, 403),
    ("no token header", SECRET, None, 403),
    ("wrong token", SECRET, "static-header-token-7f3b", 403),
], ids=lambda value: value if isinstance(value, str) and " " in value else None)
def test_secret_and_token_header(label: str, secret: str, token: str | None, status: int, kaleyra: Kaleyra,
                                 kaleyra_api: FakeKaleyraApi, caplog: pytest.LogCaptureFixture) -> None:
    payload = {"id": "a1", "source": "919812345678", "message": "help"}
    headers = _headers(token, {})
    assert kaleyra.client.post(kaleyra.path("sms", secret), json=payload, headers=headers).status_code == status
    assert kaleyra.client.post(kaleyra.path("status", secret), json={"id": "x", "status": "sent"},
                               headers=headers).status_code == status
    if status == 403:
        assert "rejected kaleyra" in caplog.text and kaleyra_api.requests == []


def test_without_a_configured_token_no_header_is_needed(settings: Settings, clock: Clock,
                                                         kaleyra_api: FakeKaleyraApi, catalog: Catalog) -> None:
    ctx = _context(kaleyra_settings(settings, kaleyra_callback_token=""), clock, kaleyra_api, catalog)
    with TestClient(create_app(context=ctx), base_url=PUBLIC_BASE_URL) as client:
        assert Kaleyra(client).sms("help", token=None).status_code == 200
    ctx.close()
    assert kaleyra_api.requests


@pytest.mark.parametrize(("forwarded", "status"), [("203.0.113.7", 200), ("192.0.2.1", 403), (None, 403)])
def test_ip_allow_list_behind_trusted_proxy(forwarded: str | None, status: int, settings: Settings, clock: Clock,
                                            kaleyra_api: FakeKaleyraApi, catalog: Catalog) -> None:
    config = kaleyra_settings(settings, kaleyra_allowed_cidrs="203.0.113.0/24", trusted_proxy_header="X-Forwarded-For")
    ctx = _context(config, clock, kaleyra_api, catalog)
    with TestClient(create_app(context=ctx), base_url=PUBLIC_BASE_URL) as client:
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        assert Kaleyra(client).sms("help", **headers).status_code == status
    ctx.close()


def test_duplicate_id_is_answered_once(kaleyra: Kaleyra, kaleyra_api: FakeKaleyraApi) -> None:
    kaleyra.sms("help", sid="dup")
    sent = len(kaleyra_api.requests)
    assert sent and kaleyra.sms("help", sid="dup").status_code == 200
    assert len(kaleyra_api.requests) == sent


def test_get_trigger_url_is_read_from_the_query(kaleyra: Kaleyra, kaleyra_api: FakeKaleyraApi) -> None:
    params = {"id": "g1", "source": "09812345678", "message": "help"}
    response = kaleyra.client.get(kaleyra.path("sms"), params=params, headers=_headers(TOKEN, {}))
    assert response.status_code == 200 and kaleyra_api.requests
    assert {form["to"] for form in kaleyra_api.requests} == {USER}


@pytest.mark.parametrize(("report", "stored"), [
    ({"status": "DELIVRD"}, ("delivered", None)),
    ({"status": "REJECTED", "description": "template mismatch"}, ("failed", "rejected")),
])
def test_delivery_report_updates_the_row(report: dict[str, str], stored: tuple[str, str | None], kaleyra: Kaleyra,
                                         kaleyra_context: AppContext) -> None:
    kaleyra.sms("help")
    row = outbound(kaleyra_context)[-1]
    assert kaleyra.status({"id": str(row.provider_id), **report}).status_code == 200
    updated = next(m for m in outbound(kaleyra_context) if m.id == row.id)
    assert (updated.status, updated.error_code) == stored


def test_bad_callback_is_400_and_kept_for_staff(kaleyra: Kaleyra, kaleyra_context: AppContext) -> None:
    assert kaleyra.client.post(kaleyra.path("sms"), json={"source": "919812345678"},
                               headers=_headers(TOKEN, {})).status_code == 400
    assert kaleyra.status({"id": "m1", "status": "teleported"}).status_code == 400
    with Session(kaleyra_context.engine) as session:
        endpoints = [row.endpoint for row in session.exec(select(RejectedRequest))]
    assert endpoints == ["kaleyra/sms", "kaleyra/status"]


@pytest.mark.parametrize(("extra", "error"), [
    ({"kaleyra_callback_secret": ""}, "KALEYRA_CALLBACK_SECRET not set"),
    ({"kaleyra_callback_secret": "short"}, "at least 32"),
    ({"kaleyra_sender_id": ""}, "KALEYRA_SENDER_ID not set"),
    ({"kaleyra_sms_number": ""}, "KALEYRA_SMS_NUMBER or EXOTEL_SMS_NUMBER not set"),
    ({"kaleyra_allowed_cidrs": "10.0.0.0/8, nope"}, "KALEYRA_ALLOWED_CIDRS: 'nope' is not a network"),
])
def test_half_configured_kaleyra_is_refused(extra: dict[str, str], error: str, settings: Settings) -> None:
    with pytest.raises(ValidationError, match=error):
        kaleyra_settings(settings, **extra)

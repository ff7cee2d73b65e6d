"""Our SendRequest -> the exact request Twilio receives, and Twilio's answers -> SendResult/SendError."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx
import pytest

from bot.content.schema import Channel
from bot.integrations.base import SendError, SendRequest
from bot.integrations.twilio.sender import TwilioProvider

ACCOUNT = "AC" + "a" * 32


@dataclass(frozen=True)
class OutgoingCase:
    label: str
    request: SendRequest
    response: tuple[int, dict[str, object]]
    expected_form: dict[str, str] = field(default_factory=dict)
    provider_id: str | None = None
    error: dict[str, object] | None = None
    messaging_service: str = ""


OK = (201, {"sid": "SM123", "status": "queued"})
CASES = [
    OutgoingCase(
        "sms text", SendRequest(1, Channel.SMS, "+14155550123", "नमस्ते", "https://s.example/cb"), OK,
        {"To": "+14155550123", "From": "+14155550100", "Body": "नमस्ते", "StatusCallback": "https://s.example/cb"}, "SM123",
    ),
    OutgoingCase(
        "whatsapp text", SendRequest(2, Channel.WHATSAPP, "whatsapp:+919800000001", "hi"), OK,
        {"To": "whatsapp:+919800000001", "From": "whatsapp:+14155550199", "Body": "hi"}, "SM123",
    ),
    OutgoingCase(
        "whatsapp template",
        SendRequest(3, Channel.WHATSAPP, "whatsapp:+919800000001", "", content_sid="HX" + "b" * 32,
                    content_variables={"1": "राम", "2": "15-12-2026"}),
        OK, {"ContentSid": "HX" + "b" * 32, "ContentVariables": json.dumps({"1": "राम", "2": "15-12-2026"}, ensure_ascii=False)},
        "SM123",
    ),
    OutgoingCase(
        "messaging service when no sender number", SendRequest(4, Channel.SMS, "+14155550123", "hi"), OK,
        {"MessagingServiceSid": "MG" + "c" * 32}, "SM123", messaging_service="MG" + "c" * 32,
    ),
    OutgoingCase(
        "rate limited", SendRequest(5, Channel.SMS, "+14155550123", "hi"),
        (429, {"code": 20429, "message": "Too Many Requests", "status": 429}),
        error={"code": "20429", "retryable": True, "opted_out": False},
    ),
    OutgoingCase(
        "opted out", SendRequest(6, Channel.SMS, "+14155550123", "hi"),
        (400, {"code": 21610, "message": "unsubscribed", "status": 400}),
        error={"code": "21610", "retryable": False, "opted_out": True},
    ),
    OutgoingCase(
        "outside the whatsapp window", SendRequest(7, Channel.WHATSAPP, "whatsapp:+919800000001", "hi"),
        (400, {"code": 63016, "message": "outside window", "status": 400}),
        error={"code": "63016", "retryable": False, "needs_template": True},
    ),
    OutgoingCase(
        "server error", SendRequest(8, Channel.SMS, "+14155550123", "hi"), (503, {"message": "unavailable", "status": 503}),
        error={"retryable": True},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.label)
def test_send(case: OutgoingCase) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(case.response[0], json=case.response[1])

    provider = TwilioProvider(
        account_sid=ACCOUNT, auth_token="token", messaging_service_sid=case.messaging_service,
        sms_from="" if case.messaging_service else "+14155550100",
        whatsapp_from="" if case.messaging_service else "+14155550199",
        api_base_url="http://fake-twilio.test", transport=httpx.MockTransport(handler),
    )
    if case.error:
        with pytest.raises(SendError) as raised:
            provider.send(case.request)
        for name, value in case.error.items():
            assert getattr(raised.value, name) == value
    else:
        assert provider.send(case.request).provider_id == case.provider_id
    request = seen[0]
    assert request.url == httpx.URL(f"http://fake-twilio.test/2010-04-01/Accounts/{ACCOUNT}/Messages.json")
    assert request.headers["authorization"].startswith("Basic ")
    sent = {key: values[0] for key, values in parse_qs(request.content.decode()).items()}
    for key, value in case.expected_form.items():
        assert sent[key] == value
    if case.request.content_sid:
        assert "Body" not in sent

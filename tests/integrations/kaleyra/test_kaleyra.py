"""Kaleyra, the second provider: inbound callback-profile bodies and the exact outbound request."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
import pytest

from bot.content.dlt import DltTemplate
from bot.content.schema import Channel
from bot.integrations.base import SendError, SendRequest
from bot.integrations.kaleyra.inbound import parse_sms, parse_status
from bot.integrations.kaleyra.sender import KaleyraProvider
from bot.integrations.twilio.inbound import InboundError

TEMPLATE = DltTemplate("1107000000000000201", "service_implicit", "help", "sms_hi", "मदद: 0 भेजें")

INBOUND = [
    ("source without plus, keyword stripped", {"id": "k1", "source": "919812345678", "recipient": "+918000000001",
     "message": "SAATHI loan", "keyword": "SAATHI", "circle": "UP EAST"}, ("k1", "+919812345678", "loan")),
    ("default route, no keyword", {"id": "k2", "source": "9812345678", "message": "१"}, ("k2", "+919812345678", "१")),
    ("no id", {"source": "919812345678", "message": "hi"}, "id"),
    ("bad source", {"id": "k3", "source": "12", "message": "hi"}, "source"),
]


@pytest.mark.parametrize(("label", "payload", "expected"), INBOUND, ids=[case[0] for case in INBOUND])
def test_inbound(label: str, payload: dict[str, str], expected: object) -> None:
    if isinstance(expected, str):
        with pytest.raises(InboundError, match=expected):
            parse_sms(payload)
        return
    message = parse_sms(payload)
    assert (message.provider_id, message.phone, message.body) == expected
    assert message.provider == "kaleyra" and message.address == message.phone


def test_status() -> None:
    assert parse_status({"id": "m1", "status": "DELIVRD"}).status == "delivered"
    failed = parse_status({"id": "m1", "status": "REJECTED", "description": "template mismatch"})
    assert (failed.status, failed.error_code, failed.error_message) == ("failed", "rejected", "template mismatch")


def test_outbound_request_and_guard() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, json={"id": "batch1", "data": [{"message_id": "msg-1"}]})

    provider = KaleyraProvider(sid="HXIN1", api_key="kal-key", sender_id="SATHII", templates={TEMPLATE.id: TEMPLATE},
                               api_base_url="https://kaleyra.test", transport=httpx.MockTransport(handle))
    result = provider.send(SendRequest(5, Channel.SMS, "+919812345678", "मदद: 0 भेजें", template_id=TEMPLATE.id))
    assert result.provider_id == "msg-1"
    (request,) = seen
    assert (request.url.path, request.headers["api-key"]) == ("/v1/HXIN1/sms", "kal-key")
    form = {key: values[0] for key, values in parse_qs(request.content.decode()).items()}
    assert form == {"to": "+919812345678", "sender": "SATHII", "type": "TXN", "body": "मदद: 0 भेजें",
                    "template_id": TEMPLATE.id, "unicode": "1", "ref_custom": "5"}
    with pytest.raises(SendError, match="does not match"):
        provider.send(SendRequest(6, Channel.SMS, "+919812345678", "free text", template_id=TEMPLATE.id))
    assert len(seen) == 1

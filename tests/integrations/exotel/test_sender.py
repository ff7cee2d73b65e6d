"""Our outbound message -> the exact HTTP request Exotel receives; Exotel's answer -> result or error."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from bot.content.dlt import DltTemplate, marker
from bot.content.schema import Channel
from bot.integrations.base import SendError, SendRequest, SendResult
from bot.integrations.exotel.sender import ExotelProvider
from tests.fakes.exotel_api import ExotelFailure, FakeExotelApi

HINDI = DltTemplate("1107000000000000101", "service_implicit", "welcome", "sms_hi",
                    "नमस्ते! मैं साथी हूँ।\nजवाब " + marker("number") + " पर SMS करें -साथी", {"number": 15})
ROMAN = DltTemplate("1107000000000000102", "service_explicit", "welcome", "sms_hi_latn",
                    "Namaste " + marker("name") + "! Main Saathi hoon.", {"name": 20})
TEMPLATES = {template.id: template for template in (HINDI, ROMAN)}
HINDI_BODY = "नमस्ते! मैं साथी हूँ।\nजवाब 08000000001 पर SMS करें -साथी"
CALLBACK = "https://saathi.example.org/webhooks/exotel/secret/status"


def provider(api: FakeExotelApi) -> ExotelProvider:
    return ExotelProvider(
        account_sid="saathi1", api_key="key-123", api_token="token-456", sender_id="SATHII",
        entity_id="1101000000000000001", templates=TEMPLATES, api_base_url="https://exotel.test/",
        status_callback_url=CALLBACK, transport=api.transport(),
    )


@dataclass(frozen=True)
class OutCase:
    label: str
    request: SendRequest
    form: dict[str, str]


OUT_CASES = [
    OutCase("Devanagari reply: unicode, DLT ids, our id in CustomField",
            SendRequest(7, Channel.SMS, "+919812345678", HINDI_BODY, template_id=HINDI.id),
            {"From": "SATHII", "To": "+919812345678", "Body": HINDI_BODY, "DltEntityId": "1101000000000000001",
             "DltTemplateId": HINDI.id, "SmsType": "transactional", "EncodingType": "unicode",
             "CustomField": "7", "StatusCallback": CALLBACK}),
    OutCase("Roman Hindi: plain encoding; explicit-consent category",
            SendRequest(8, Channel.SMS, "+919812345678", "Namaste Sita! Main Saathi hoon.", template_id=ROMAN.id),
            {"From": "SATHII", "To": "+919812345678", "Body": "Namaste Sita! Main Saathi hoon.",
             "DltEntityId": "1101000000000000001", "DltTemplateId": ROMAN.id, "SmsType": "transactional_opt_in",
             "EncodingType": "plain", "CustomField": "8", "StatusCallback": CALLBACK}),
]


@pytest.mark.parametrize("case", OUT_CASES, ids=[case.label for case in OUT_CASES])
def test_outbound_request(case: OutCase) -> None:
    api = FakeExotelApi()
    result = provider(api).send(case.request)
    assert api.requests == [case.form]
    assert api.paths == ["/v1/Accounts/saathi1/Sms/send.json"]
    assert api.auths == [("key-123", "token-456")]
    assert isinstance(result, SendResult) and result.status == "accepted" and result.provider_id


REFUSED = [
    ("text differs from its template", SendRequest(1, Channel.SMS, "+919812345678", "Free text!", template_id=HINDI.id), "dlt_mismatch"),
    ("slot value longer than declared", SendRequest(2, Channel.SMS, "+919812345678",
     "Namaste " + "x" * 21 + "! Main Saathi hoon.", template_id=ROMAN.id), "dlt_mismatch"),
    ("no template id", SendRequest(3, Channel.SMS, "+919812345678", HINDI_BODY), "dlt_no_template"),
    ("unknown template id", SendRequest(4, Channel.SMS, "+919812345678", HINDI_BODY, template_id="1107999"), "dlt_no_template"),
]


@pytest.mark.parametrize(("label", "request_", "code"), REFUSED, ids=[case[0] for case in REFUSED])
def test_unregistered_text_is_refused_before_any_network_call(label: str, request_: SendRequest, code: str) -> None:
    api = FakeExotelApi()
    with pytest.raises(SendError) as error:
        provider(api).send(request_)
    assert (error.value.code, error.value.retryable) == (code, False)
    assert api.requests == []


ERRORS = [
    ("DLT template not found (630) is configuration", ExotelFailure(400, 630, "Template not found"), "630", False),
    ("DLT entity/header mismatch (623)", ExotelFailure(400, 623, "PEID mismatch"), "623", False),
    ("Exotel overloaded", ExotelFailure(503, None, "busy"), "503", True),
    ("rate limited", ExotelFailure(429, 429, "slow down"), "429", True),
    ("bad number", ExotelFailure(400, 13224, "invalid To"), "13224", False),
]


@pytest.mark.parametrize(("label", "failure", "code", "retryable"), ERRORS, ids=[case[0] for case in ERRORS])
def test_exotel_errors(label: str, failure: ExotelFailure, code: str, retryable: bool) -> None:
    api = FakeExotelApi()
    api.fail_next(failure)
    with pytest.raises(SendError) as error:
        provider(api).send(SendRequest(9, Channel.SMS, "+919812345678", HINDI_BODY, template_id=HINDI.id))
    assert (error.value.code, error.value.retryable) == (code, retryable)


def test_network_error_is_retryable() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("down", request=request)

    sender = ExotelProvider(account_sid="a", api_key="k", api_token="t", sender_id="SATHII", entity_id="1",
                            templates=TEMPLATES, api_base_url="https://exotel.test", transport=httpx.MockTransport(fail))
    with pytest.raises(SendError) as error:
        sender.send(SendRequest(9, Channel.SMS, "+919812345678", HINDI_BODY, template_id=HINDI.id))
    assert error.value.retryable

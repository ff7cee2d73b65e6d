"""Send SMS through Exotel's API with the DLT fields TRAI requires.

POST {base}/v1/Accounts/{sid}/Sms/send.json, HTTP Basic (API key : API token), form-encoded.
https://developer.exotel.com/docs/sms-api/api-reference/send-sms
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx

from bot.content.dlt import DltCategory, DltTemplate
from bot.content.segments import is_gsm7
from bot.integrations.base import SendError, SendRequest, SendResult
from bot.integrations.dlt_guard import TemplateSmsProvider
from bot.integrations.exotel.error_codes import is_dlt_error, is_retryable
from bot.integrations.exotel.inbound import STATUS_MAP

logger = logging.getLogger("saathi.exotel")
# Exotel's SmsType per DLT category: Service Implicit goes out as "transactional".
SMS_TYPES = {
    DltCategory.SERVICE_IMPLICIT.value: "transactional",
    DltCategory.TRANSACTIONAL.value: "transactional",
    DltCategory.SERVICE_EXPLICIT.value: "transactional_opt_in",
    DltCategory.PROMOTIONAL.value: "promotional",
    DltCategory.GOVERNMENT.value: "transactional",
}


class ExotelProvider(TemplateSmsProvider):
    """Indian SMS: every body checked against its DLT template before any network call."""

    name = "exotel"

    def __init__(
        self, *, account_sid: str, api_key: str, api_token: str, sender_id: str, entity_id: str,
        templates: Mapping[str, DltTemplate], api_base_url: str, status_callback_url: str | None = None,
        timeout: float = 10.0, transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._url = f"{api_base_url.rstrip('/')}/v1/Accounts/{account_sid}/Sms/send.json"
        self._client = httpx.Client(auth=(api_key, api_token), timeout=timeout, transport=transport)
        self._sender_id = sender_id
        self._entity_id = entity_id
        self._templates = templates
        self._status_callback_url = status_callback_url

    def form(self, request: SendRequest, template: DltTemplate) -> dict[str, str]:
        """The exact form Exotel receives."""
        form = {
            "From": self._sender_id, "To": request.to, "Body": request.body,
            "DltEntityId": self._entity_id, "DltTemplateId": template.id,
            "SmsType": SMS_TYPES.get(template.category, "transactional"),
            "EncodingType": "plain" if is_gsm7(request.body) else "unicode",
            "CustomField": str(request.message_id),
        }
        callback = request.status_callback_url or self._status_callback_url
        if callback:
            form["StatusCallback"] = callback
        return form

    def result(self, response: httpx.Response) -> SendResult:
        return _result(response)

    def close(self) -> None:
        self._client.close()



def _result(response: httpx.Response) -> SendResult:
    body = _json(response)
    if response.is_success:
        message = body.get("SMSMessage") or {}
        sid = str(message.get("Sid") or "")
        if not sid:
            raise SendError("exotel answered without an SMS Sid", code="exotel_no_sid", retryable=True)
        return SendResult(provider_id=sid, status=STATUS_MAP.get(str(message.get("Status", "")).lower(), "accepted"))
    raise _send_error(response.status_code, body)


def _send_error(status: int, body: dict[str, object]) -> SendError:
    problem = body.get("RestException") if isinstance(body.get("RestException"), dict) else {}
    assert isinstance(problem, dict)
    code = str(problem.get("Code") or status)
    text = str(problem.get("Message") or "exotel error")
    if is_dlt_error(code):
        logger.error("DLT configuration error from Exotel code=%s: %s", code, text)
        return SendError(f"DLT configuration error {code}: {text}", code=code, retryable=False)
    return SendError(f"exotel {status}: {text}", code=code, retryable=is_retryable(status, code))


def _json(response: httpx.Response) -> dict[str, object]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}

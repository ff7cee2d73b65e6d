"""Send SMS through Kaleyra: POST {base}/v1/{sid}/sms with the `api-key` header.

For Indian traffic `template_id` carries the DLT template id; the entity and header binding lives
in the Kaleyra account. https://developers.kaleyra.io/docs/sms-api-send-the-first-sms
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from bot.content.dlt import DltCategory, DltTemplate
from bot.content.segments import is_gsm7
from bot.integrations.base import SendError, SendRequest, SendResult
from bot.integrations.dlt_guard import TemplateSmsProvider

# Kaleyra's message type per DLT category.
TYPES = {DltCategory.PROMOTIONAL.value: "MKT"}
RETRYABLE_HTTP = frozenset({408, 429, 500, 502, 503, 504})


class KaleyraProvider(TemplateSmsProvider):
    """Indian SMS through Kaleyra; the same DLT guard as Exotel."""

    name = "kaleyra"

    def __init__(
        self, *, sid: str, api_key: str, sender_id: str, templates: Mapping[str, DltTemplate],
        api_base_url: str, timeout: float = 10.0, transport: httpx.BaseTransport | None = None,
        callback_profile_id: str = "",
    ) -> None:
        self._url = f"{api_base_url.rstrip('/')}/v1/{sid}/sms"
        self._client = httpx.Client(headers={"api-key": api_key}, timeout=timeout, transport=transport)
        self._sender_id = sender_id
        self._templates = templates
        self._callback_profile_id = callback_profile_id  # delivery reports to /webhooks/kaleyra/{secret}/status

    def form(self, request: SendRequest, template: DltTemplate) -> dict[str, str]:
        """The exact form Kaleyra receives."""
        form = {
            "to": request.to, "sender": self._sender_id, "type": TYPES.get(template.category, "TXN"),
            "body": request.body, "template_id": template.id,
            "unicode": "0" if is_gsm7(request.body) else "1", "ref_custom": str(request.message_id),
        }
        if self._callback_profile_id:
            form["callback_profile_id"] = self._callback_profile_id
        return form

    def result(self, response: httpx.Response) -> SendResult:
        return _result(response)

    def close(self) -> None:
        self._client.close()



def _result(response: httpx.Response) -> SendResult:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if response.is_success:
        data = (body.get("data") or [{}])[0] if isinstance(body, dict) else {}
        sid = str(data.get("message_id") or body.get("id") or "")
        if sid:
            return SendResult(provider_id=sid, status="accepted")
    error = body.get("error", {}) if isinstance(body, dict) else {}
    code = str(error.get("code") or response.status_code) if isinstance(error, dict) else str(response.status_code)
    raise SendError(f"kaleyra {response.status_code}: {error}", code=code,
                    retryable=response.status_code in RETRYABLE_HTTP)

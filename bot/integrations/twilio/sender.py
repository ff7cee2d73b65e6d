"""Send through Twilio's REST API with the twilio library over an httpx transport we control.

The transport seam lets tests, benchmarks and staging point TWILIO_API_BASE_URL at a fake Twilio.
https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

import httpx
from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.content.schema import Channel
from bot.integrations.base import SendError, SendRequest, SendResult
from bot.integrations.twilio.error_codes import meaning_of
from bot.integrations.twilio.inbound import STATUS_MAP, WHATSAPP_PREFIX

TWILIO_API = "https://api.twilio.com"
RECONCILE_LOOKBACK = 50  # newest messages to one address examined when reconciling a dead claim
logger = logging.getLogger("saathi.twilio")


class HttpxTwilioClient(HttpClient):
    """twilio-python's HTTP seam, implemented with httpx and an explicit timeout."""

    def __init__(self, base_url: str, timeout: float, transport: httpx.BaseTransport | None = None):
        super().__init__(logger=logger, is_async=False, timeout=timeout)
        self._base_url = base_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout, transport=transport)

    def request(  # type: ignore[override]
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        url = self._base_url + uri.removeprefix(TWILIO_API) if uri.startswith(TWILIO_API) else uri
        response = self._client.request(
            method, url, params=params, data=data, headers=headers, auth=auth,
            timeout=timeout or self.timeout, follow_redirects=allow_redirects,
        )
        return Response(response.status_code, response.text, dict(response.headers))

    def close(self) -> None:
        self._client.close()


class TwilioProvider:
    """SMS and WhatsApp through one Twilio account."""

    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        messaging_service_sid: str = "",
        sms_from: str = "",
        whatsapp_from: str = "",
        api_base_url: str = TWILIO_API,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = HttpxTwilioClient(api_base_url, timeout, transport)
        self._client = Client(account_sid, auth_token, http_client=self._http)
        self._messaging_service_sid = messaging_service_sid
        self._sms_from = sms_from
        self._whatsapp_from = _whatsapp_address(whatsapp_from) if whatsapp_from else ""

    def send(self, request: SendRequest) -> SendResult:
        """Create the message; map Twilio's errors to SendError flags."""
        try:
            message = self._client.messages.create(**self._fields(request))
        except TwilioRestException as exc:
            raise _send_error(exc) from exc
        except httpx.TimeoutException as exc:
            raise SendError(f"timeout: {exc!r}", code="timeout", retryable=True) from exc
        except httpx.TransportError as exc:  # connection failures: nothing reached Twilio
            raise SendError(f"network error: {exc!r}", code="network", retryable=True) from exc
        status = STATUS_MAP.get(str(message.status or "").lower(), "accepted")
        return SendResult(provider_id=str(message.sid), status=status)

    def _fields(self, request: SendRequest) -> dict[str, Any]:
        fields: dict[str, Any] = {"to": request.to}
        sender = self._whatsapp_from if request.channel == Channel.WHATSAPP else self._sms_from
        if sender:
            fields["from_"] = sender
        else:
            fields["messaging_service_sid"] = self._messaging_service_sid
        if request.content_sid:
            fields["content_sid"] = request.content_sid
            fields["content_variables"] = json.dumps(dict(request.content_variables or {}), ensure_ascii=False)
        else:
            fields["body"] = request.body
        if request.status_callback_url:
            fields["status_callback"] = request.status_callback_url
        return fields

    def find_sent(self, request: SendRequest, *, since: datetime) -> SendResult | None:
        """The message we may already have created for this request (crash recovery, bot/reconcile.py).

        Messages.json has no idempotency key, so: list the newest messages to the address, keep those
        created since the claim, and match the body (a template send matches any template message).
        No DateSent filter: a message still queued at Twilio has no date_sent yet.
        """
        try:
            listed = self._client.messages.list(to=request.to, limit=RECONCILE_LOOKBACK)
        except TwilioRestException as exc:
            raise _send_error(exc) from exc
        for message in listed:
            created = message.date_created
            if created is None or created < since or str(message.direction or "").startswith("inbound"):
                continue
            if request.content_sid or (message.body or "") == request.body:
                status = STATUS_MAP.get(str(message.status or "").lower(), "accepted")
                return SendResult(provider_id=str(message.sid), status=status)
        return None

    def close(self) -> None:
        self._http.close()


def _whatsapp_address(number: str) -> str:
    return number if number.startswith(WHATSAPP_PREFIX) else WHATSAPP_PREFIX + number


def _send_error(exc: TwilioRestException) -> SendError:
    code = str(exc.code) if exc.code is not None else None
    meaning = meaning_of(code)
    temporary = exc.status == 429 or exc.status >= 500
    return SendError(
        f"twilio {exc.status}: {exc.msg}",
        code=code or str(exc.status),
        retryable=meaning.retryable or temporary,
        opted_out=meaning.opted_out,
        needs_template=meaning.needs_template,
    )

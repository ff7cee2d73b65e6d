"""The last check before an Indian SMS leaves: its body must match its registered DLT template.

Operators silently drop SMS that do not match a template, so refusing here (with the reason on
the outbound row and in the log) is the only way anyone learns about it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import httpx

from bot.content.dlt import DltTemplate
from bot.integrations.base import SendError, SendRequest, SendResult

logger = logging.getLogger("saathi.dlt")


def require_template(templates: Mapping[str, DltTemplate], request: SendRequest) -> DltTemplate:
    """The request's template when the body matches it; SendError (never retried) otherwise."""
    template = templates.get(request.template_id or "")
    if template is None:
        reason = f"no registered DLT template {request.template_id!r} for this text"
        code = "dlt_no_template"
    elif not template.matches(request.body):
        reason = f"text does not match DLT template {template.id} ({template.key}.{template.edition})"
        code = "dlt_mismatch"
    else:
        return template
    logger.error("refused Indian SMS message_id=%s code=%s: %s", request.message_id, code, reason)
    raise SendError(reason, code=code, retryable=False)


class TemplateSmsProvider:
    """An Indian SMS provider: refuse unregistered text before any network call, POST the
    provider's form, map its answer. Subclasses set `_client`, `_url`, `_templates` and give
    `form` and `result`."""

    _client: httpx.Client
    _url: str
    _templates: Mapping[str, DltTemplate]

    def send(self, request: SendRequest) -> SendResult:
        """Refuse an unregistered text, else send it; map the answer to SendResult/SendError."""
        template = require_template(self._templates, request)
        try:
            response = self._client.post(self._url, data=self.form(request, template))
        except httpx.TransportError as exc:
            raise SendError(f"network error: {exc!r}", retryable=True) from exc
        return self.result(response)

    def form(self, request: SendRequest, template: DltTemplate) -> dict[str, str]:
        raise NotImplementedError

    def result(self, response: httpx.Response) -> SendResult:
        raise NotImplementedError

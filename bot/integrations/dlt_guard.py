"""The last check before an Indian SMS leaves: its body must match its registered DLT template.

Operators silently drop SMS that do not match a template, so refusing here (with the reason on
the outbound row and in the log) is the only way anyone learns about it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.content.dlt import DltTemplate
from bot.integrations.base import SendError, SendRequest

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

"""The console provider: with no credentials, replies are stored and printed, nothing is sent."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from bot.integrations.base import SendRequest, SendResult

logger = logging.getLogger("saathi.console")


class ConsoleProvider:
    """Prints each outbound message; the message is marked sent with a local id."""

    name = "console"

    def __init__(self, echo: Callable[[str], None] | None = None) -> None:
        self._echo = echo

    def send(self, request: SendRequest) -> SendResult:
        """Log (and optionally echo) the message instead of sending it."""
        logger.info("console send to=%s channel=%s body=%r", request.to, request.channel, request.body)
        if self._echo is not None:
            self._echo(request.body)
        return SendResult(provider_id=f"console-{uuid.uuid4().hex}", status="sent")

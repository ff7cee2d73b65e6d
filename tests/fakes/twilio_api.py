"""A fake Twilio REST API at the HTTP boundary: records every request, fails on demand, lists the
messages it holds (as Twilio's Messages.json GET does) and produces status callbacks.

Use `transport()` in-process, or `tests.fakes.twilio_server` to reach it from another process.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import parse_qs, urlsplit

import httpx


@dataclass(frozen=True)
class Failure:
    status: int
    code: int | None = None
    message: str = "fake failure"
    timeout: bool = False
    created: bool = False  # with timeout: Twilio took the message, but the answer never arrived


@dataclass
class FakeTwilioApi:
    """An httpx transport handler; use `transport()` with the real TwilioProvider."""

    requests: list[dict[str, list[str]]] = field(default_factory=list)  # every accepted create
    paths: list[str] = field(default_factory=list)
    failures: deque[Failure] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)
    messages: list[dict[str, str]] = field(default_factory=list)  # what Twilio holds, oldest first
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    created_at: list[datetime] = field(default_factory=list)  # exact time of each accepted create
    answer_delay: float = 0.0  # served over HTTP (twilio_server): seconds each create's answer is held

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def fail_next(self, *failures: Failure) -> None:
        self.failures.extend(failures)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            if request.method == "GET":
                return self._list(request)
            form = parse_qs(request.content.decode(), keep_blank_values=True)
            failure = self.failures.popleft() if self.failures else None
            if failure and failure.timeout:
                if failure.created:
                    self._create(request, form)
                raise httpx.ReadTimeout("fake timeout", request=request)
            if failure:
                body = {"code": failure.code, "message": failure.message, "status": failure.status}
                return httpx.Response(failure.status, json=body)
            message = self._create(request, form)
            return httpx.Response(201, content=json.dumps(message).encode())

    def _create(self, request: httpx.Request, form: dict[str, list[str]]) -> dict[str, str]:
        self.requests.append(form)
        self.paths.append(request.url.path)
        message = _message("SM" + uuid.uuid4().hex, form, self.clock())
        self.messages.append(message)
        self.created_at.append(self.clock())
        return message

    def _list(self, request: httpx.Request) -> httpx.Response:
        """Messages.json GET: newest first, filtered by To, one page."""
        to = request.url.params.get("To")
        size = int(request.url.params.get("PageSize", "50"))
        found = [message for message in reversed(self.messages) if to is None or message["to"] == to][:size]
        page = {"messages": found, "next_page_uri": None, "page": 0, "page_size": size, "uri": request.url.path}
        return httpx.Response(200, content=json.dumps(page).encode())

    @property
    def bodies(self) -> list[str]:
        return [form.get("Body", [""])[0] for form in self.requests]

    def sent_to(self, address: str) -> list[str]:
        return [form.get("Body", [""])[0] for form in self.requests if form.get("To", [""])[0] == address]

    def status_callbacks(self, status: str = "delivered", **extra: str) -> list[tuple[str, dict[str, str]]]:
        """(path with query, form) of the callback Twilio would post for each message that asked for one."""
        callbacks = []
        for message in self.messages:
            if message["status_callback"]:
                url = urlsplit(message["status_callback"])
                path = url.path + (f"?{url.query}" if url.query else "")
                form = {"MessageSid": message["sid"], "MessageStatus": status, "AccountSid": "AC" + "1" * 32,
                        "To": message["to"], **extra}
                callbacks.append((path, form))
        return callbacks


def _message(sid: str, form: dict[str, list[str]], now: datetime) -> dict[str, str]:
    def value(name: str) -> str:
        return form.get(name, [""])[0]

    return {
        "sid": sid, "status": "queued", "direction": "outbound-api", "to": value("To"), "from": value("From"),
        "body": value("Body"), "content_sid": value("ContentSid"), "status_callback": value("StatusCallback"),
        "num_segments": "1", "account_sid": "AC" + "0" * 32, "date_created": format_datetime(now, usegmt=True),
    }

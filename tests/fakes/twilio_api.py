"""A fake Twilio REST API at the HTTP boundary: records every request, fails on demand."""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx


@dataclass(frozen=True)
class Failure:
    status: int
    code: int | None = None
    message: str = "fake failure"
    timeout: bool = False


@dataclass
class FakeTwilioApi:
    """An httpx transport handler; use `transport()` with the real TwilioProvider."""

    requests: list[dict[str, list[str]]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    failures: deque[Failure] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def fail_next(self, *failures: Failure) -> None:
        self.failures.extend(failures)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            form = parse_qs(request.content.decode(), keep_blank_values=True)
            failure = self.failures.popleft() if self.failures else None
            if failure and failure.timeout:
                raise httpx.ReadTimeout("fake timeout", request=request)
            if failure:
                body = {"code": failure.code, "message": failure.message, "status": failure.status}
                return httpx.Response(failure.status, json=body)
            self.requests.append(form)
            self.paths.append(request.url.path)
            sid = "SM" + uuid.uuid4().hex
            return httpx.Response(201, content=json.dumps(_message(sid, form)).encode())

    @property
    def bodies(self) -> list[str]:
        return [form.get("Body", [""])[0] for form in self.requests]

    def sent_to(self, address: str) -> list[str]:
        return [form.get("Body", [""])[0] for form in self.requests if form.get("To", [""])[0] == address]


def _message(sid: str, form: dict[str, list[str]]) -> dict[str, object]:
    return {
        "sid": sid,
        "status": "queued",
        "to": form.get("To", [""])[0],
        "from": form.get("From", [""])[0],
        "body": form.get("Body", [""])[0],
        "num_segments": "1",
        "account_sid": "AC" + "0" * 32,
    }

"""A fake Exotel SMS API at the HTTP boundary: records every request (form + auth), fails on demand."""

from __future__ import annotations

import base64
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx


@dataclass(frozen=True)
class ExotelFailure:
    status: int
    code: int | None = None
    message: str = "fake failure"


@dataclass
class FakeExotelApi:
    """An httpx transport handler; use `transport()` with the real ExotelProvider."""

    requests: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    auths: list[tuple[str, str]] = field(default_factory=list)
    failures: deque[ExotelFailure] = field(default_factory=deque)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def fail_next(self, *failures: ExotelFailure) -> None:
        self.failures.extend(failures)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            form = {key: values[0] for key, values in parse_qs(request.content.decode(), keep_blank_values=True).items()}
            self.requests.append(form)
            self.paths.append(request.url.path)
            user, _, password = base64.b64decode(request.headers["Authorization"].split()[1]).decode().partition(":")
            self.auths.append((user, password))
            if self.failures:
                failure = self.failures.popleft()
                body = {"RestException": {"Status": failure.status, "Code": failure.code, "Message": failure.message}}
                return httpx.Response(failure.status, json=body)
            sid = uuid.uuid4().hex
            return httpx.Response(200, json={"SMSMessage": {"Sid": sid, "Status": "queued", "To": form.get("To")}})

    def bodies_to(self, number: str) -> list[str]:
        return [form["Body"] for form in self.requests if form.get("To") == number]

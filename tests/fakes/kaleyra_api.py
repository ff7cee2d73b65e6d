"""A fake Kaleyra SMS API at the HTTP boundary: records every form and its api-key header."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import httpx


@dataclass
class FakeKaleyraApi:
    """An httpx transport handler; use `transport()` with the real KaleyraProvider."""

    requests: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            form = {key: values[0] for key, values in parse_qs(request.content.decode(), keep_blank_values=True).items()}
            self.requests.append(form)
            self.paths.append(request.url.path)
            self.keys.append(request.headers.get("api-key", ""))
            return httpx.Response(202, json={"id": uuid.uuid4().hex, "data": [{"message_id": uuid.uuid4().hex}]})

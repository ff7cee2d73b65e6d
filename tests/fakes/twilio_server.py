"""The fake Twilio API served over real HTTP (uvicorn on 127.0.0.1, a free port), so a sender in
another process can use it and be killed mid-request. It records into the same FakeTwilioApi."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.fakes.twilio_api import FakeTwilioApi


def asgi_app(fake: FakeTwilioApi) -> Starlette:
    """Every request goes to `fake.handle`; `fake.answer_delay` (changeable at any time) holds the
    answer after the message is created: the window in which a sender dies with it taken but unrecorded."""

    async def endpoint(request: Request) -> Response:
        body = await request.body()
        outgoing = httpx.Request(request.method, str(request.url), content=body, headers=request.headers.raw)
        try:
            answer = fake.handle(outgoing)
        except httpx.TimeoutException:
            await asyncio.sleep(60)  # the client gives up first
            return Response(status_code=504)
        if fake.answer_delay and request.method == "POST":
            await asyncio.sleep(fake.answer_delay)
        return Response(answer.content, status_code=answer.status_code, media_type="application/json")

    return Starlette(routes=[Route("/{path:path}", endpoint, methods=["GET", "POST"])])


@contextmanager
def serve(fake: FakeTwilioApi) -> Iterator[str]:
    """Serve the fake in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # answers are written in two parts
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(asgi_app(fake), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

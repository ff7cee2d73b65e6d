"""Missed-call callback latency (the caller hears rings until we answer) vs a bare FastAPI endpoint.

    .venv/bin/python bench/missed_call.py [--requests 500]

Both apps are served by uvicorn on 127.0.0.1 in this process. Every call comes from a new number,
so each one does the full work after the response (contact, missed_call row, menu SMS through a
fake Exotel API with its DLT check). A new connection per call, as Exotel makes. Target: p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI, Request, Response

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings  # noqa: E402
from bot.context import build_context  # noqa: E402
from bot.main import create_app  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from tests.fakes.exotel_api import FakeExotelApi  # noqa: E402
from tests.india_fixtures import EXOTEL, SECRET, VMN  # noqa: E402

PATH = f"/webhooks/exotel/{SECRET}/call"


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get(PATH)
    async def bare(request: Request) -> Response:
        dict(request.query_params)
        return Response("", media_type="text/plain")

    return app


def serve(app: FastAPI, port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def timings(port: int, count: int, first_number: int) -> list[float]:
    samples = []
    for index in range(count):
        params = {"CallSid": f"bench-{first_number + index}", "CallFrom": f"0{first_number + index}", "CallTo": VMN,
                  "Direction": "incoming", "CallStatus": "ringing", "digits": '""'}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            started = time.perf_counter()
            response = client.get(PATH, params=params)
            samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return samples


def _wait_for(exotel: FakeExotelApi, count: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while len(exotel.requests) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def report(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{name:10s} n={len(samples)} median={statistics.median(samples):6.2f} ms  p99={p99:6.2f} ms  max={ordered[-1]:6.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bench.db"
    url = f"sqlite:///{database}"
    upgrade(url)
    settings = Settings(database_url=url, saathi_run_scheduler=False, public_base_url="http://127.0.0.1:8765",
                        saathi_log_level="WARNING", **EXOTEL)
    exotel = FakeExotelApi()
    ctx = build_context(settings, exotel_transport=exotel.transport())
    saathi, bare = serve(create_app(context=ctx), 8765), serve(bare_app(), 8766)
    timings(8766, 20, 9700000000)  # warm-up
    timings(8765, 20, 9700000000)
    _wait_for(exotel, 20)
    baseline = timings(8766, args.requests, 9800000000)
    full = timings(8765, args.requests, 9800000000)
    _wait_for(exotel, args.requests + 20)  # the menu SMS go out after each response
    print(report("missed", full))
    print(report("bare", baseline))
    print(f"menu SMS sent to the fake Exotel: {len(exotel.requests)} (expected {args.requests + 20})")
    saathi.should_exit = bare.should_exit = True
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

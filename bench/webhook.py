"""Webhook hot path vs a bare FastAPI endpoint, both served by uvicorn on 127.0.0.1 in this process.

    .venv/bin/python bench/webhook.py [--requests 500]

The bare endpoint parses the same form and returns the same empty TwiML; the ratio of medians is
what the full path (signature check, two transactions, engine, outbox rows) costs on top.
Replies go through the console provider, after the response, as in production.
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
from bot.routes.webhooks import EMPTY_TWIML  # noqa: E402
from tests.fakes.twilio_forms import inbound_form, sign  # noqa: E402

TOKEN = "bench-token"
PATH = "/webhooks/twilio/messaging"


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.post(PATH)
    async def bare(request: Request) -> Response:
        await request.form()
        return Response(EMPTY_TWIML, media_type="application/xml")

    return app


def serve(app: FastAPI, port: int) -> uvicorn.Server:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def timings(port: int, count: int, messages: list[str]) -> list[float]:
    base = f"http://127.0.0.1:{port}"
    samples = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for index in range(count):
            form = inbound_form(sender=f"whatsapp:+9198{index % 200:08d}", body=messages[index % len(messages)])
            headers = {"X-Twilio-Signature": sign(TOKEN, base + PATH, form)}
            started = time.perf_counter()
            response = client.post(PATH, data=form, headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
    return samples


def describe(name: str, samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    median, p99 = statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]
    print(f"{name:10} n={len(samples):5}  median {median:7.2f} ms  p99 {p99:7.2f} ms")
    return median, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        settings = Settings(
            database_url=url, twilio_account_sid="AC" + "0" * 32, twilio_auth_token=TOKEN,
            twilio_sms_from="+14155550100", saathi_sender="console", saathi_run_scheduler=False,
            public_base_url="http://127.0.0.1:8781",
        )
        context = build_context(settings)
        messages = ["नमस्ते", "1", "2", "mudra loan kaise milega", "0", "pmegp me subsidy kitni"]
        bare_server, full_server = serve(bare_app(), 8780), serve(create_app(context=context), 8781)
        timings(8780, 50, messages), timings(8781, 50, messages)  # warm up
        bare = describe("bare", timings(8780, args.requests, messages))
        full = describe("webhook", timings(8781, args.requests, messages))
        print(f"ratio      median {full[0] / bare[0]:5.1f}x  p99 {full[1] / bare[1]:5.1f}x  (webhook / bare, SQLite)")
        bare_server.should_exit = full_server.should_exit = True
        context.close()


if __name__ == "__main__":
    main()

"""The coordinator API: bearer tokens, meetings, announcements, precise 422s, preview, schedule, report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot import sender
from bot.context import AppContext
from tests.conftest import Clock
from tests.fakes.coalition import People, add_people, api_token, meeting_body, notice_body


@pytest.fixture
def auth(context: AppContext, clock: Clock) -> dict[str, str]:
    return api_token(context.engine, now=clock())


def _meeting(client: TestClient, auth: dict[str, str], clock: Clock, **changes: Any) -> dict[str, Any]:
    response = client.post("/api/v1/meetings", json=meeting_body(clock() + timedelta(days=3), **changes), headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}],
                         ids=["missing", "unknown", "not bearer"])
def test_requests_without_a_valid_token_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    assert client.get("/api/v1/meetings", headers=headers).status_code in (401, 403)


def test_only_the_hash_of_a_token_is_stored(context: AppContext, clock: Clock) -> None:
    header = api_token(context.engine, now=clock())
    token = header["Authorization"].removeprefix("Bearer ")
    with context.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT token_hash FROM api_token").scalars().all()
    assert stored and token not in stored and all(len(value) == 64 for value in stored)


def test_meeting_times_are_stored_in_utc_and_shown_in_ist(client: TestClient, auth: dict[str, str], clock: Clock) -> None:
    body = meeting_body(clock() + timedelta(days=3))
    body["starts_at"] = "2026-11-26T11:00:00"  # no offset: IST
    created = client.post("/api/v1/meetings", json=body, headers=auth).json()
    assert created["starts_at"].startswith("2026-11-26T05:30:00")
    assert created["starts_at_ist"] == "26-11-2026 11:00"


def test_a_region_token_cannot_touch_another_region(client: TestClient, auth: dict[str, str], clock: Clock) -> None:
    body = meeting_body(clock() + timedelta(days=3), region="mp", districts=["dewas"])
    assert client.post("/api/v1/meetings", json=body, headers=auth).status_code == 403


@dataclass(frozen=True)
class Refusal:
    label: str
    meeting_changes: dict[str, Any]
    notice_changes: dict[str, Any]
    location: list[Any]
    words: str


REFUSALS = [
    Refusal("unknown district", {}, {"audience": {"districts": ["jhansii"]}}, ["body", "audience", "districts", 0], "unknown district"),
    Refusal("district of another region", {}, {"audience": {"districts": ["dewas"]}}, ["body", "audience", "districts", 0], "unknown district"),
    Refusal("send time in the past", {}, {"send_at": "2026-11-20T10:00:00+05:30"}, ["body", "send_at"], "in the past"),
    Refusal("send time after the meeting", {}, {"send_at": "2026-12-30T10:00:00+05:30"}, ["body", "send_at"], "before the meeting"),
    Refusal("SMS text over its DLT template's limit", {}, {"texts": {"hi": "बहुत लंबा संदेश " * 20}}, ["body", "texts", "hi"], "SMS segments"),
    Refusal("WhatsApp without a template", {}, {"whatsapp_template": None}, ["body", "whatsapp_template"], "template"),
    Refusal("unknown placeholder", {}, {"texts": {"hi": "नमस्ते {naam} जी"}}, ["body", "texts", "hi"], "unknown placeholders"),
    Refusal("broken braces", {}, {"texts": {"hi": "नमस्ते {name जी"}}, ["body", "texts", "hi"], "placeholder"),
    Refusal("unknown DLT template", {}, {"dlt_template_id": "1107999999999999999"}, ["body", "dlt_template_id"], "unknown DLT"),
]


@pytest.mark.parametrize("case", REFUSALS, ids=lambda case: case.label)
def test_invalid_notices_are_refused_with_a_precise_422(
    case: Refusal, client: TestClient, auth: dict[str, str], clock: Clock, context: AppContext
) -> None:
    context.settings.saathi_dlt_templates = {"1107000000000000001": 3}
    meeting = _meeting(client, auth, clock, **case.meeting_changes)
    body = notice_body(meeting["id"], clock() + timedelta(hours=1), **case.notice_changes)
    response = client.post("/api/v1/announcements", json=body, headers=auth)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"][0]
    assert detail["loc"] == case.location and case.words in detail["msg"]


def test_a_meeting_in_the_past_is_refused(client: TestClient, auth: dict[str, str], clock: Clock) -> None:
    body = meeting_body(clock() - timedelta(hours=1))
    response = client.post("/api/v1/meetings", json=body, headers=auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "starts_at"]


def test_preview_counts_the_audience_by_channel_and_prices_it(
    client: TestClient, auth: dict[str, str], clock: Clock, context: AppContext
) -> None:
    add_people(context.engine, People(6, whatsapp=True), now=clock())
    add_people(context.engine, People(3, whatsapp=False, first=100), now=clock())
    add_people(context.engine, People(2, opted_out=True, first=200), now=clock())
    add_people(context.engine, People(1, consent=False, first=300), now=clock())
    add_people(context.engine, People(4, district="dewas", first=400), now=clock())
    meeting = _meeting(client, auth, clock)
    created = client.post("/api/v1/announcements", json=notice_body(meeting["id"], clock() + timedelta(hours=1)), headers=auth).json()
    preview = client.get(f"/api/v1/announcements/{created['id']}/preview", headers=auth).json()
    assert (preview["whatsapp"], preview["sms"], preview["total"]) == (6, 3, 9)
    assert preview["excluded"] == {"opted_out": 2, "no_consent": 1, "no_channel": 0}
    hindi = next(item for item in preview["scripts"] if item["script"] == "hi")
    assert hindi["recipients"] == 9 and hindi["text"].endswith("आएँगे? 1 हाँ / 2 नहीं")
    assert "26-11-2026" in hindi["text"] and hindi["sms_encoding"] == "UCS-2" and hindi["sms_segments"] >= 2
    assert preview["sends"] == 3  # notice, a day before, two hours before
    expected = 3 * (3 * hindi["sms_segments"] * 0.25 + 6 * 0.80)
    assert preview["estimated_cost"] == pytest.approx(expected, abs=0.01)


def test_schedule_plans_the_notice_and_default_reminders(
    client: TestClient, auth: dict[str, str], clock: Clock
) -> None:
    meeting = _meeting(client, auth, clock)
    created = client.post("/api/v1/announcements", json=notice_body(meeting["id"], clock() + timedelta(hours=1)), headers=auth).json()
    assert created["status"] == "draft" and created["reminder_offsets_minutes"] == [1440, 120]
    scheduled = client.post(f"/api/v1/announcements/{created['id']}/schedule", headers=auth).json()
    assert [send["kind"] for send in scheduled["sends"]] == ["notice", "reminder_1440m", "reminder_120m"]
    assert scheduled["sends"][1]["due_at_ist"] == "25-11-2026 11:00"


def test_moving_the_meeting_moves_pending_reminders(client: TestClient, auth: dict[str, str], clock: Clock) -> None:
    meeting = _meeting(client, auth, clock)
    created = client.post("/api/v1/announcements", json=notice_body(meeting["id"], clock() + timedelta(hours=1)), headers=auth).json()
    client.post(f"/api/v1/announcements/{created['id']}/schedule", headers=auth)
    later = (clock() + timedelta(days=4)).isoformat()
    assert client.patch(f"/api/v1/meetings/{meeting['id']}", json={"starts_at": later}, headers=auth).status_code == 200
    sends = client.get(f"/api/v1/announcements/{created['id']}", headers=auth).json()["sends"]
    assert [send["due_at_ist"] for send in sends[1:]] == ["26-11-2026 11:00", "27-11-2026 09:00"]


def test_report_shows_each_recipient_and_the_rsvp_counts(
    client: TestClient, auth: dict[str, str], clock: Clock, context: AppContext
) -> None:
    add_people(context.engine, People(3), now=clock())
    add_people(context.engine, People(1, first=50, consent=False), now=clock())
    meeting = _meeting(client, auth, clock)
    created = client.post("/api/v1/announcements", json=notice_body(meeting["id"], clock()), headers=auth).json()
    client.post(f"/api/v1/announcements/{created['id']}/schedule", headers=auth)
    sender.announce_tick(context)
    sender.drain(context, max_seconds=10, sleep=lambda seconds: clock.advance(seconds=seconds))
    report = client.get(f"/api/v1/announcements/{created['id']}/report", headers=auth).json()
    assert report["counts"] == {"accepted": 3}
    assert report["rsvp"] == {"yes": 0, "no": 0}
    assert len(report["recipients"]) == 3 and all(row["phone"].startswith("…") for row in report["recipients"])


def test_cancelling_skips_what_has_not_gone_out(client: TestClient, auth: dict[str, str], clock: Clock, context: AppContext) -> None:
    add_people(context.engine, People(2), now=clock())
    meeting = _meeting(client, auth, clock)
    created = client.post("/api/v1/announcements", json=notice_body(meeting["id"], clock()), headers=auth).json()
    client.post(f"/api/v1/announcements/{created['id']}/schedule", headers=auth)
    sender.announce_tick(context)
    client.post(f"/api/v1/meetings/{meeting['id']}/cancel", headers=auth)
    report = client.get(f"/api/v1/announcements/{created['id']}/report", headers=auth).json()
    assert report["counts"] == {"skipped": 2} and report["skipped"] == {"cancelled": 2}
    sends = client.get(f"/api/v1/announcements/{created['id']}", headers=auth).json()["sends"]
    assert {send["state"] for send in sends[1:]} == {"cancelled"}


def test_openapi_describes_every_field(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    ours = ["MeetingIn", "MeetingOut", "AnnouncementIn", "AnnouncementOut", "PreviewOut", "ReportOut", "RecipientOut"]
    missing = [f"{name}.{field}" for name in ours for field, spec in schemas[name]["properties"].items()
               if not spec.get("description")]
    assert missing == []

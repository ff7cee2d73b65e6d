"""Indian SMS (Exotel, DLT): a meeting notice goes as its registered template with the meeting in
slots and the reply-to footer; a free text cannot; a missed call to the meeting number is a yes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot import sender
from bot.context import AppContext
from bot.flows.sms_templates import templates_for
from bot.models_announcements import Rsvp
from tests.conftest import Clock
from tests.fakes.coalition import (
    People,
    add_people,
    api_token,
    bulk_rows,
    meeting_body,
    notice_body,
    phone,
    schedule_notice,
)
from tests.fakes.exotel_api import FakeExotelApi
from tests.india_fixtures import (  # noqa: F401
    MEETING_VMN,
    Exotel,
    exotel,
    exotel_api,
    india_client,
    india_context,
)


def test_a_meeting_notice_goes_as_its_dlt_template(india_context: AppContext, clock: Clock, exotel_api: FakeExotelApi) -> None:  # noqa: F811
    add_people(india_context.engine, People(1, whatsapp=False), now=clock())
    schedule_notice(india_context, audience={"channels": ["sms"]}, whatsapp_template=None)
    sender.announce_tick(india_context)
    sender.drain(india_context, max_seconds=10, sleep=lambda seconds: clock.advance(seconds=seconds))
    [form] = exotel_api.requests
    assert form["To"] == phone(1)
    assert form["Body"].startswith("सूचना: उद्यमी बैठक, 26-11-2026 को 11:00 बजे, DIC हॉल, झाँसी। आएँगे? 1 हाँ / 2 नहीं\n")
    template = templates_for(india_context.catalog)[form["DltTemplateId"]]
    assert template.key == "announce.sms_notice" and template.matches(form["Body"])
    assert bulk_rows(india_context.engine)[0].status == "accepted"


def test_a_free_notice_cannot_go_by_indian_sms(india_client: TestClient, india_context: AppContext, clock: Clock) -> None:  # noqa: F811
    auth = api_token(india_context.engine, now=clock())
    body = notice_body(None, clock(), region="bundelkhand", texts={"hi": "कल बाज़ार बंद रहेगा।"},
                       audience={"channels": ["sms"]}, whatsapp_template=None)
    response = india_client.post("/api/v1/announcements", json=body, headers=auth)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body", "audience", "channels"]


def test_a_missed_call_to_the_meeting_number_is_a_yes(
    exotel: Exotel, india_client: TestClient, india_context: AppContext, clock: Clock  # noqa: F811
) -> None:
    auth = api_token(india_context.engine, now=clock())
    [contact_id] = add_people(india_context.engine, People(1, whatsapp=False), now=clock())
    meeting = india_client.post("/api/v1/meetings", json=meeting_body(clock().replace(day=26)), headers=auth).json()
    assert exotel.call(phone(1), to=MEETING_VMN).status_code == 200
    with Session(india_context.engine) as session:
        answers = [(row.meeting_id, row.contact_id, row.answer) for row in session.exec(select(Rsvp)).all()]
    assert answers == [(meeting["id"], contact_id, "yes")]

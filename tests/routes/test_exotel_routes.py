"""Exotel callbacks end to end: secret paths, IP allow-list, duplicates, SMS in -> DLT SMS out, missed calls."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bot import worker
from bot.content.schema import Channel
from bot.context import AppContext, build_context
from bot.db import session_scope
from bot.main import create_app
from bot.models import Contact, Message
from bot.models_india import MissedCall
from bot.services import outbox as outbox_service
from bot.services.outbox import QueuedText
from tests.conftest import PUBLIC_BASE_URL, Clock, Twilio
from tests.fakes.exotel_api import ExotelFailure, FakeExotelApi
from tests.fakes.twilio_api import FakeTwilioApi
from tests.india_fixtures import (  # noqa: F401  (fixtures)
    MEETING_VMN,
    SECRET,
    VMN,
    Exotel,
    exotel,
    exotel_api,
    india_client,
    india_context,
    india_settings,
)

USER = "+919812345678"


def rows(ctx: AppContext, model: type) -> list:  # type: ignore[type-arg]
    with Session(ctx.engine) as session:
        return list(session.exec(select(model)))


def test_sms_in_reply_out_with_dlt_ids_and_unicode(exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext) -> None:
    response = exotel.sms("09812345678", "नमस्ते")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    assert response.text == ""
    assert exotel_api.requests  # the welcome (and whatever else has a registered template)
    for form in exotel_api.requests:
        assert form["To"] == USER and form["From"] == "SATHII" and form["EncodingType"] == "unicode"
        assert form["DltEntityId"] == "1101000000000000001" and len(form["DltTemplateId"]) == 19
        assert form["SmsType"] == "transactional" and form["StatusCallback"].endswith(f"/webhooks/exotel/{SECRET}/status")
        assert form["Body"].endswith(f"जवाब {VMN} पर")
    assert "नमस्ते! मैं साथी" in exotel_api.requests[0]["Body"]
    outbound = [m for m in rows(india_context, Message) if m.direction == "out"]
    sent = [m for m in outbound if m.status == "accepted"]
    assert {(m.provider, m.template_id) for m in sent} == {("exotel", form["DltTemplateId"]) for form in exotel_api.requests}
    assert all(m.provider == "exotel" for m in outbound)


def test_menu_choice_and_answer_keep_their_templates(exotel: Exotel, exotel_api: FakeExotelApi) -> None:
    exotel.sms(USER, "menu")
    exotel.sms(USER, "1")
    exotel.sms(USER, "2")
    ids = [form["DltTemplateId"] for form in exotel_api.requests]
    assert len(ids) >= 4 and len(set(ids)) == len(ids), ids  # welcome, main menu, schemes menu, Mudra answer


def test_duplicate_sms_is_answered_once(exotel: Exotel, exotel_api: FakeExotelApi) -> None:
    exotel.sms(USER, "help", sid="dup1")
    count = len(exotel_api.requests)
    assert exotel.sms(USER, "help", sid="dup1").status_code == 200
    assert len(exotel_api.requests) == count


@pytest.mark.parametrize("word", ["STOP", "band", "BAND", "बंद"])
def test_stop_words_by_sms(word: str, exotel: Exotel, india_context: AppContext) -> None:
    exotel.sms(USER, "hi")
    exotel.sms(USER, word)
    (contact,) = rows(india_context, Contact)
    assert contact.opted_out_at is not None


def test_wrong_secret_is_403_and_logged(exotel: Exotel, exotel_api: FakeExotelApi, caplog: pytest.LogCaptureFixture) -> None:
    wrong = exotel.client.post(exotel.path("sms", "x" * 47), json={"SmsSid": "a", "Sender": USER, "MessageBody": "hi"})
    assert wrong.status_code == 403 and "wrong callback secret" in caplog.text
    assert exotel.client.get(exotel.path("call", "nope"), params={"CallSid": "c", "CallFrom": USER}).status_code == 403
    assert exotel.client.post(exotel.path("status", SECRET[:-1]), data={"SmsSid": "s", "Status": "sent"}).status_code == 403
    assert exotel_api.requests == []


@pytest.fixture
def allow_listed(settings, clock: Clock, twilio_api: FakeTwilioApi, exotel_api: FakeExotelApi):  # type: ignore[no-untyped-def]
    config = india_settings(settings, exotel_allowed_cidrs="203.0.113.0/24, 2001:db8::/32",
                            trusted_proxy_header="X-Forwarded-For")
    ctx = build_context(config, clock=clock, twilio_transport=twilio_api.transport(), exotel_transport=exotel_api.transport())
    with TestClient(create_app(context=ctx), base_url=PUBLIC_BASE_URL) as client:
        yield Exotel(client)
    ctx.close()


@pytest.mark.parametrize(("forwarded", "status"), [
    ("203.0.113.7", 200), ("198.51.100.1, 203.0.113.9", 200), ("203.0.113.9, 198.51.100.1", 403),
    ("2001:db8::5", 200), ("192.0.2.1", 403), ("not-an-ip", 403), (None, 403),
])
def test_ip_allow_list_behind_trusted_proxy(forwarded: str | None, status: int, allow_listed: Exotel) -> None:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    assert allow_listed.sms(USER, "help", **headers).status_code == status


def test_missed_call_answers_at_once_then_sends_the_menu(exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext) -> None:
    response = exotel.call("09812345678")
    assert response.status_code == 200 and response.text == ""
    (form,) = exotel_api.requests
    assert form["To"] == USER and form["Body"].startswith("नमस्ते, मैं साथी।") and form["EncodingType"] == "unicode"
    assert form["Body"].endswith(f"जवाब {VMN} पर")
    (call,) = rows(india_context, MissedCall)
    assert (call.outcome, call.phone) == ("menu_sent", USER)
    exotel.sms(USER, "1")  # the reply to the menu SMS picks from the main menu
    assert "योजना" in exotel_api.requests[-1]["Body"]


def test_missed_calls_within_ten_minutes_get_one_menu(exotel: Exotel, exotel_api: FakeExotelApi, clock: Clock, india_context: AppContext) -> None:
    exotel.call(USER)
    clock.advance(minutes=9)
    exotel.call(USER)
    assert len(exotel_api.requests) == 1
    clock.advance(minutes=2)
    exotel.call(USER)
    assert len(exotel_api.requests) == 2
    assert [c.outcome for c in rows(india_context, MissedCall)] == ["menu_sent", "rate_limited", "menu_sent"]


def test_duplicate_call_sid_is_dropped(exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext) -> None:
    exotel.call(USER, sid="same")
    exotel.call(USER, sid="same")
    assert len(exotel_api.requests) == 1 and len(rows(india_context, MissedCall)) == 1


def test_missed_call_after_stop_opts_back_in(exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext) -> None:
    exotel.sms(USER, "बंद")
    assert rows(india_context, Contact)[0].opted_out_at is not None
    before = len(exotel_api.requests)
    exotel.call(USER)
    assert rows(india_context, Contact)[0].opted_out_at is None
    bodies = [form["Body"] for form in exotel_api.requests[before:]]
    assert bodies[0].startswith("स्वागत है!") and bodies[1].startswith("नमस्ते, मैं साथी।")


def test_call_to_the_meeting_number_is_recorded_for_rsvp(exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext) -> None:
    exotel.call(USER, to="08000000002")
    (call,) = rows(india_context, MissedCall)
    # The meetings feature records the RSVP (tests/services/test_announcement_india_sms.py); with no
    # meeting ahead the call is recorded as such and the caller is told.
    assert call.outcome == "no_meeting" and len(exotel_api.requests) == 1


def test_head_and_legacy_get(exotel: Exotel, exotel_api: FakeExotelApi) -> None:
    head = exotel.client.head(exotel.path("sms"))
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/plain")
    legacy = exotel.client.get(exotel.path("sms"), params={"SmsSid": "L1", "From": "9812345678", "To": VMN, "Body": "help"})
    assert legacy.status_code == 200 and exotel_api.bodies_to(USER)


def test_bad_callback_is_400(exotel: Exotel) -> None:
    assert exotel.client.post(exotel.path("sms"), json={"Sender": USER}).status_code == 400
    assert exotel.client.get(exotel.path("call"), params={"CallFrom": USER}).status_code == 400


def test_status_callback_and_dlt_rejection(exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext) -> None:
    exotel.sms(USER, "help")
    sid = [m for m in rows(india_context, Message) if m.direction == "out"][-1].provider_id
    reply = exotel.client.post(exotel.path("status"), data={"SmsSid": sid, "Status": "failed", "DetailedStatusCode": "630",
                                                              "DetailedStatus": "Template not found", "CustomField": "1"})
    assert reply.status_code == 200
    message = next(m for m in rows(india_context, Message) if m.provider_id == sid)
    assert (message.status, message.error_code) == ("failed", "630")


def test_dlt_rejection_on_send_is_not_retried(exotel: Exotel, exotel_api: FakeExotelApi, india_context: AppContext) -> None:
    exotel_api.fail_next(ExotelFailure(400, 623, "PEID does not match header"))
    exotel.sms(USER, "help")
    failed = [m for m in rows(india_context, Message) if m.direction == "out" and m.status == "failed"]
    assert [m.error_code for m in failed] == ["623"]


def test_unregistered_text_is_refused_with_an_error_on_the_row(exotel: Exotel, exotel_api: FakeExotelApi,
                                                                india_context: AppContext, caplog: pytest.LogCaptureFixture) -> None:
    exotel.sms(USER, "help")
    registered = next(m for m in rows(india_context, Message) if m.status == "accepted")
    sent = len(exotel_api.requests)
    with session_scope(india_context.engine) as session:
        contact = session.exec(select(Contact)).one()
        queued = outbox_service.queue_messages(
            session, contact=contact, channel=Channel.SMS, address=USER, provider="exotel", now=india_context.clock(),
            texts=[QueuedText("help", "Free text nobody registered"),
                   QueuedText("help", registered.body + " and a tail", template_id=registered.template_id)],
        )
        ids = [row.id for row in queued]
    worker.dispatch(india_context, ids)
    refused = {m.error_code: m for m in rows(india_context, Message) if m.id in ids}
    assert set(refused) == {"dlt_no_template", "dlt_mismatch"}
    assert all(m.status == "failed" and m.error_message for m in refused.values())
    assert len(exotel_api.requests) == sent  # nothing reached Exotel
    assert caplog.text.count("refused Indian SMS") == 2


def test_one_contact_across_whatsapp_and_sms(exotel: Exotel, india_client: TestClient, twilio_api: FakeTwilioApi,
                                             india_context: AppContext) -> None:
    Twilio(india_client).message(f"whatsapp:{USER}", "नमस्ते")
    exotel.sms("09812345678", "help")
    exotel.call("919812345678")
    (contact,) = rows(india_context, Contact)
    assert (contact.phone, contact.sms_address, contact.whatsapp_address) == (USER, USER, f"whatsapp:{USER}")
    assert twilio_api.requests and all(form["To"][0].startswith("whatsapp:") for form in twilio_api.requests)

"""The coordinator's "सूचना" flow through the real signed webhook; nobody else can start it."""

from __future__ import annotations

from sqlmodel import Session, select

from bot import sender
from bot.context import AppContext
from bot.db import session_scope
from bot.models_announcements import Announcement
from bot.services import coordinators
from tests.conftest import Clock, Twilio
from tests.fakes.coalition import People, add_people, phone
from tests.fakes.twilio_api import FakeTwilioApi

COORDINATOR = "+919811110000"
ADDRESS = "whatsapp:" + COORDINATOR
TEXT = "कल 11 बजे DIC हॉल में बैठक है। ज़रूर आएँ।"


def _register(context: AppContext, clock: Clock) -> None:
    with session_scope(context.engine) as session:
        coordinators.add_coordinator(session, phone=COORDINATOR, region="bundelkhand", name="Sunita", now=clock())


def _say(twilio: Twilio, twilio_api: FakeTwilioApi, text: str) -> str:
    twilio.message(ADDRESS, text)
    return twilio_api.sent_to(ADDRESS)[-1]


def _announcements(context: AppContext) -> list[Announcement]:
    with Session(context.engine) as session:
        return list(session.exec(select(Announcement)).all())


def test_a_coordinator_creates_a_notice_by_phone(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    _register(context, clock)
    add_people(context.engine, People(2, in_window=True), now=clock())
    add_people(context.engine, People(1, whatsapp=False, first=10), now=clock())
    add_people(context.engine, People(4, district="dewas", first=20), now=clock())
    assert _say(twilio, twilio_api, "सूचना").startswith("सूचना का संदेश लिखकर भेजें")
    assert _say(twilio, twilio_api, TEXT).startswith("कब भेजें?")
    preview = _say(twilio, twilio_api, "23-11 15:00")
    assert preview == "23-11-2026, 15:00 बजे 3 लोगों को जाएगी:\nWhatsApp 2, SMS 1 (हर SMS 1 हिस्से)\nभेजें? 1 हाँ / 2 नहीं"
    assert _say(twilio, twilio_api, "1") == "ठीक है, सूचना 23-11-2026, 15:00 बजे भेज दी जाएगी।"
    [created] = _announcements(context)
    assert created.region == "bundelkhand" and created.send_at.replace(tzinfo=None).isoformat() == "2026-11-23T09:30:00"
    clock.advance(hours=4)
    sender.announce_tick(context)
    sender.drain(context, max_seconds=10, sleep=lambda seconds: clock.advance(seconds=seconds))
    assert twilio_api.sent_to("whatsapp:" + phone(1)) == [TEXT] and twilio_api.sent_to(phone(10)) == [TEXT]


def test_somebody_else_saying_notice_gets_the_usual_answer(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    twilio.message("whatsapp:+919822220000", "सूचना")
    replies = twilio_api.sent_to("whatsapp:+919822220000")
    assert replies and not any(reply.startswith("सूचना का संदेश") for reply in replies)


def test_a_long_text_a_bad_time_and_a_past_time_are_asked_again(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    _register(context, clock)
    _say(twilio, twilio_api, "notice")
    assert _say(twilio, twilio_api, "बहुत लंबी सूचना " * 20).startswith("संदेश लंबा है: SMS में")
    _say(twilio, twilio_api, TEXT)
    assert _say(twilio, twilio_api, "परसों सुबह").startswith("तारीख समझ नहीं आई")
    assert _say(twilio, twilio_api, "23-11 09:00") == "यह समय बीत चुका है। आगे का समय लिखें।"


def test_two_drops_the_notice(context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi) -> None:
    _register(context, clock)
    for text in ("सूचना", TEXT, "अभी"):
        _say(twilio, twilio_api, text)
    assert _say(twilio, twilio_api, "2") == "ठीक है, सूचना नहीं भेजी जाएगी।"
    assert _announcements(context) == []

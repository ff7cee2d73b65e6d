"""RSVP through the real signed webhook: "1 हाँ / 2 नहीं" answers the invitation, never the menu."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bot import sender
from bot.context import AppContext
from bot.models_announcements import Rsvp
from tests.conftest import Clock, Twilio
from tests.fakes.coalition import People, add_people, phone, schedule_notice
from tests.fakes.twilio_api import FakeTwilioApi

ADDRESS = "whatsapp:" + phone(1)
THANKS = "धन्यवाद! आपका नाम लिख लिया। 26-11-2026, 11:00 बजे DIC हॉल, झाँसी में मिलते हैं।"
NOT_THIS_TIME = "ठीक है, बताने के लिए धन्यवाद। अगली बैठक की खबर भी भेजेंगे।"


def _invited(context: AppContext, clock: Clock, **changes: object) -> int:
    add_people(context.engine, People(1, in_window=True), now=clock())
    meeting_id, _ = schedule_notice(context, **changes)  # type: ignore[arg-type]
    sender.announce_tick(context)
    sender.drain(context, max_seconds=10, sleep=lambda seconds: clock.advance(seconds=seconds))
    return meeting_id


def _answers(context: AppContext) -> dict[int, str]:
    with Session(context.engine) as session:
        return {row.meeting_id: row.answer for row in session.exec(select(Rsvp)).all()}


def _last_reply(twilio_api: FakeTwilioApi) -> str:
    return twilio_api.sent_to(ADDRESS)[-1]


def test_one_after_the_notice_is_a_yes_and_is_thanked(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    meeting_id = _invited(context, clock)
    twilio.message(ADDRESS, "1")
    assert _answers(context) == {meeting_id: "yes"}
    assert _last_reply(twilio_api) == THANKS


def test_a_later_no_replaces_the_yes(context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi) -> None:
    meeting_id = _invited(context, clock)
    twilio.message(ADDRESS, "१")
    twilio.message(ADDRESS, "नहीं")
    assert _answers(context) == {meeting_id: "no"}
    assert _last_reply(twilio_api) == NOT_THIS_TIME


def test_yes_in_words_answers_even_after_other_questions(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    meeting_id = _invited(context, clock)
    twilio.message(ADDRESS, "मदद")
    twilio.message(ADDRESS, "haan")
    assert _answers(context) == {meeting_id: "yes"}


def test_a_bare_number_after_another_question_stays_a_menu_choice(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    _invited(context, clock)
    twilio.message(ADDRESS, "0")  # the main menu is now the last thing we asked
    twilio.message(ADDRESS, "2")
    assert _answers(context) == {}
    assert _last_reply(twilio_api) != NOT_THIS_TIME


def test_after_the_meeting_a_one_is_not_an_answer(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    _invited(context, clock, reminder_offsets_minutes=[])
    clock.advance(days=4)
    twilio.message(ADDRESS, "1")
    assert _answers(context) == {}


def test_the_answer_counts_for_the_latest_invitation(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    _invited(context, clock, reminder_offsets_minutes=[])
    clock.advance(minutes=30)
    second, _ = schedule_notice(context, starts_in=timedelta(days=5), reminder_offsets_minutes=[],
                                meeting={"title": "दूसरी बैठक"})
    sender.announce_tick(context)
    sender.drain(context, max_seconds=10, sleep=lambda seconds: clock.advance(seconds=seconds))
    twilio.message(ADDRESS, "1")
    assert _answers(context) == {second: "yes"}


def test_next_meeting_answers_with_the_invited_meeting(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    _invited(context, clock)
    twilio.message(ADDRESS, "अगली बैठक कब है")
    assert _last_reply(twilio_api) == "अगली बैठक: उद्यमी बैठक\nतारीख: 26-11-2026, 11:00 बजे\nजगह: DIC हॉल, झाँसी"


def test_next_meeting_without_one_falls_back_to_the_entry(
    context: AppContext, clock: Clock, twilio: Twilio, twilio_api: FakeTwilioApi
) -> None:
    twilio.message(ADDRESS, "अगली बैठक कब है")
    assert "तय नहीं" in _last_reply(twilio_api)

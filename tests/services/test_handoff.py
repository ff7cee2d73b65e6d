"""Staff side of "talk to a person": list and close from the command line; the bot then answers again."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.__main__ import main
from bot.context import AppContext
from bot.models_guided import Handoff, HandoffStatus
from tests.conftest import Twilio
from tests.fakes.twilio_api import FakeTwilioApi

ADDRESS = "whatsapp:+919811700001"


def _handoffs(context: AppContext) -> list[Handoff]:
    with Session(context.engine) as session:
        return list(session.exec(select(Handoff)))


def test_staff_close_lets_the_bot_answer_again(
    twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext, database_url: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    twilio.message(ADDRESS, "0")
    twilio.message(ADDRESS, "मेरा लोन अटका है")
    twilio.message(ADDRESS, "kisi se baat karni hai")
    [handoff] = _handoffs(context)
    assert handoff.status == HandoffStatus.OPEN
    assert [m["body"] for m in handoff.context["messages"]][-1] == "kisi se baat karni hai"
    assert "मेरा लोन अटका है" in [m["body"] for m in handoff.context["messages"]]
    quiet_before = len(twilio_api.sent_to(ADDRESS))
    twilio.message(ADDRESS, "hello?")
    assert len(twilio_api.sent_to(ADDRESS)) == quiet_before

    assert main(["handoff", "list"]) == 0
    assert f"#{handoff.id}" in capsys.readouterr().out
    assert main(["handoff", "close", str(handoff.id), "--by", "asha"]) == 0
    assert main(["handoff", "close", str(handoff.id)]) == 1

    [closed] = _handoffs(context)
    assert (closed.status, closed.closed_by) == (HandoffStatus.CLOSED, "asha")
    twilio.message(ADDRESS, "1")
    assert len(twilio_api.sent_to(ADDRESS)) == quiet_before + 1

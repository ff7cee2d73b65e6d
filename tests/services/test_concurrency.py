"""Two messages from one person at the same moment: one contact, one session, both answered."""

from __future__ import annotations

import threading

from sqlmodel import Session, select

from bot import worker
from bot.content.schema import Channel
from bot.context import AppContext
from bot.integrations.base import InboundMessage
from bot.models import Contact, FlowSession, Message, MessageStatus
from tests.fakes.twilio_forms import new_sid


def _inbound(body: str) -> InboundMessage:
    return InboundMessage(
        provider="twilio", provider_id=new_sid(), channel=Channel.WHATSAPP,
        address="whatsapp:+919800000009", phone="+919800000009", body=body,
    )


def _run_together(context: AppContext, bodies: list[str]) -> list[worker.Received]:
    barrier = threading.Barrier(len(bodies))
    results: list[worker.Received] = []
    errors: list[BaseException] = []

    def run(body: str) -> None:
        barrier.wait()
        try:
            results.append(worker.receive(context, _inbound(body)))
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_simultaneous_first_messages_make_one_contact_and_one_session(context: AppContext) -> None:
    results = _run_together(context, ["नमस्ते", "1", "mudra loan", "2"])
    assert len(results) == 4 and all(result.reply_ids for result in results)
    with Session(context.engine) as session:
        assert len(session.exec(select(Contact)).all()) == 1
        assert len(session.exec(select(FlowSession)).all()) == 1
        inbound = session.exec(select(Message).where(Message.direction == "in")).all()
        assert {message.status for message in inbound} == {MessageStatus.PROCESSED}


def test_interleaved_messages_leave_a_consistent_session(context: AppContext) -> None:
    worker.receive(context, _inbound("नमस्ते"))
    _run_together(context, ["1", "2", "3", "#", "0", "8"])
    with Session(context.engine) as session:
        flow_session = session.exec(select(FlowSession)).one()
        data = flow_session.data
        assert data["node"] is None or data["node"].startswith(("menu:", "language", "more", "followups"))
        assert isinstance(data["options"], list) and isinstance(data["stack"], list)

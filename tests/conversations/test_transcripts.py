"""Conversation transcripts as data, run through the real signed webhook.

Format of `tests/conversations/*.yaml`:

    contact: {channel: whatsapp, phone: "+919800000001"}   # default for every case
    cases:
      - name: greeting shows the main menu
        contact: {channel: sms, phone: "+919800000002"}     # optional, per case
        turns:
          - user: "नमस्ते"              # what the user sends (Body)
            after: 31m                  # optional: advance the clock first (s, m, h, d)
            sid: SM000…                 # optional: a fixed MessageSid (to test redelivery)
            media: true                 # optional: attach one image
            replies: [welcome, menu.main]   # optional: content keys of the replies, exactly, in order
            contains: ["साथी"]          # optional: substrings that must appear in the replies
            not_contains: ["…"]         # optional: substrings that must not appear
            expect:                     # optional: stored state after the turn
              opted_out: true
              script: hi_latn
              query: scheme.mudra       # the query log row of this message matched this entry
              answered: true
              replies_sent: 2           # number of replies the fake Twilio received this turn
              district: jhansi          # guided flows: Contact.district
              profile: {stage: idea}    # guided flows: these keys of Contact.profile
              consent: true             # guided flows: meeting-notice consent stored (with its time)
              handoff: open             # guided flows: status of the latest handoff (or none)
              useful: true              # guided flows: query_log.useful of the latest query

Each case runs on a fresh database. Replies are read from the outbound rows the turn queued, and
their bodies must equal what the fake Twilio API received.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import Session, col, select

from bot.context import AppContext
from bot.models import Contact, Direction, Message, QueryLog
from bot.models_guided import Handoff
from tests.conftest import Clock, Twilio
from tests.fakes.twilio_api import FakeTwilioApi
from tests.fakes.twilio_forms import inbound_form

HERE = Path(__file__).parent
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def _cases() -> list[Any]:
    params = []
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            contact = case.get("contact", data.get("contact"))
            params.append(pytest.param(contact, case, id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize(("contact", "case"), _cases())
def test_transcript(
    contact: dict[str, str], case: dict[str, Any], twilio: Twilio, twilio_api: FakeTwilioApi,
    context: AppContext, clock: Clock,
) -> None:
    address = f"whatsapp:{contact['phone']}" if contact["channel"] == "whatsapp" else contact["phone"]
    last_id = 0
    for number, turn in enumerate(case["turns"], 1):
        if "after" in turn:
            clock.advance(**_duration(turn["after"]))
        sent_before = len(twilio_api.sent_to(address))
        response = twilio.post("/webhooks/twilio/messaging", _form(address, turn))
        assert response.status_code == 200, f"turn {number}: HTTP {response.status_code} {response.text}"
        rows = _replies_since(context, address, last_id)
        last_id = max([last_id, *(row.id or 0 for row in rows)])
        sent = twilio_api.sent_to(address)[sent_before:]
        _check_turn(number, turn, rows, sent, context, address)


def _form(address: str, turn: dict[str, Any]) -> dict[str, str]:
    extra: dict[str, str] = {}
    if turn.get("media"):
        extra = {"NumMedia": "1", "MediaUrl0": "https://api.twilio.com/media/ME1", "MediaContentType0": "image/jpeg"}
    if "sid" in turn:
        extra["sid"] = turn["sid"]
    return inbound_form(sender=address, body=str(turn.get("user", "")), **extra)


def _duration(text: str) -> dict[str, float]:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd])", str(text))
    assert match, f"bad duration {text!r}"
    return {UNITS[match.group(2)]: float(match.group(1))}


def _replies_since(context: AppContext, address: str, last_id: int) -> list[Message]:
    with Session(context.engine) as session:
        query = (
            select(Message)
            .where(col(Message.direction) == Direction.OUTBOUND, col(Message.address) == address)
            .where(col(Message.id) > last_id)
            .order_by(col(Message.id))
        )
        return list(session.exec(query))


def _check_turn(
    number: int, turn: dict[str, Any], rows: list[Message], sent: list[str], context: AppContext, address: str
) -> None:
    keys = [row.content_key for row in rows]
    text = "\n".join(row.body for row in rows)
    where = f"turn {number} ({turn.get('user')!r}) replied {keys}:\n{text}"
    assert sent == [row.body for row in rows], f"{where}\nbut the provider received {sent}"
    if "replies" in turn:
        assert keys == turn["replies"], where
    for needle in turn.get("contains", []):
        assert needle in text, f"{where}\nmissing {needle!r}"
    for needle in turn.get("not_contains", []):
        assert needle not in text, f"{where}\nunexpected {needle!r}"
    if "expect" in turn:
        _check_state(turn["expect"], context, address, len(sent), where)


def _check_state(expect: dict[str, Any], context: AppContext, address: str, sent: int, where: str) -> None:
    with Session(context.engine) as session:
        contact = _contact(session, address)
        if "opted_out" in expect:
            assert (contact.opted_out_at is not None) == expect["opted_out"], where
        if "script" in expect:
            assert contact.script == expect["script"], where
        if "query" in expect or "answered" in expect:
            query = session.exec(
                select(QueryLog).where(col(QueryLog.contact_id) == contact.id).order_by(col(QueryLog.id).desc())
            ).first()
            assert query is not None, f"{where}\nno query logged"
            if "query" in expect:
                assert query.matched_id == expect["query"], f"{where}\nlogged {query.matched_id}"
            if "answered" in expect:
                assert query.answered == expect["answered"], where
        _check_guided(expect, session, contact, where)
    if "replies_sent" in expect:
        assert sent == expect["replies_sent"], where


def _check_guided(expect: dict[str, Any], session: Session, contact: Contact, where: str) -> None:
    if "district" in expect:
        assert contact.district == expect["district"], f"{where}\ndistrict {contact.district}"
    for key, value in expect.get("profile", {}).items():
        assert contact.profile.get(key) == value, f"{where}\nprofile {contact.profile}"
    if "consent" in expect:
        assert (contact.consent_at is not None) == expect["consent"], where
    if "handoff" in expect:
        handoff = session.exec(
            select(Handoff).where(col(Handoff.contact_id) == contact.id).order_by(col(Handoff.id).desc())
        ).first()
        assert (handoff.status if handoff else "none") == expect["handoff"], where
    if "useful" in expect:
        query = session.exec(
            select(QueryLog).where(col(QueryLog.contact_id) == contact.id, col(QueryLog.useful).is_not(None))
        ).first()
        assert query is not None and query.useful == expect["useful"], f"{where}\nno feedback stored"


def _contact(session: Session, address: str) -> Contact:
    column = Contact.whatsapp_address if address.startswith("whatsapp:") else Contact.sms_address
    contact = session.exec(select(Contact).where(column == address)).first()
    assert contact is not None, f"no contact for {address}"
    return contact

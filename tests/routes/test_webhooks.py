"""The Twilio webhooks as Twilio calls them: signatures, bad input, idempotency, status callbacks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session, col, select

from bot.context import AppContext
from bot.models import Contact, Direction, Message, MessageStatus, QueryLog, RejectedRequest
from tests.conftest import AUTH_TOKEN, PUBLIC_BASE_URL, Twilio
from tests.fakes.twilio_api import FakeTwilioApi
from tests.fakes.twilio_forms import inbound_form, new_sid, sign

INBOUND = "/webhooks/twilio/messaging"
STATUS = "/webhooks/twilio/status"
WHATSAPP = "whatsapp:+919800000001"


def _rows(context: AppContext, model: type, *where: object) -> list:  # type: ignore[type-arg]
    with Session(context.engine) as session:
        return list(session.exec(select(model).where(*where)))


def _inbound(context: AppContext) -> list[Message]:
    return _rows(context, Message, col(Message.direction) == Direction.INBOUND)


def _outbound(context: AppContext) -> list[Message]:
    return _rows(context, Message, col(Message.direction) == Direction.OUTBOUND)


# --- signatures ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignatureCase:
    label: str
    signature: str | None
    status: int


SIGNATURE_CASES = [
    SignatureCase("valid", "valid", 200),
    SignatureCase("missing", None, 403),
    SignatureCase("wrong", "bm90IGEgc2lnbmF0dXJl", 403),
    SignatureCase("empty", "", 403),
]


@pytest.mark.parametrize("case", SIGNATURE_CASES, ids=lambda case: case.label)
def test_signature_is_required(case: SignatureCase, twilio: Twilio, context: AppContext) -> None:
    response = twilio.post(INBOUND, inbound_form(sender=WHATSAPP, body="नमस्ते"), signature=case.signature)
    assert response.status_code == case.status
    assert len(_inbound(context)) == (1 if case.status == 200 else 0)


def test_signature_over_a_different_url_is_refused(twilio: Twilio, context: AppContext) -> None:
    form = inbound_form(sender=WHATSAPP, body="hi")
    forged = sign(AUTH_TOKEN, "https://attacker.example" + INBOUND, form)
    assert twilio.post(INBOUND, form, signature=forged).status_code == 403
    assert _inbound(context) == []


def test_signature_uses_the_public_url_not_the_proxied_one(twilio: Twilio, context: AppContext) -> None:
    """Behind a proxy the app sees http://internal:8000; Twilio signed PUBLIC_BASE_URL."""
    form = inbound_form(sender=WHATSAPP, body="hi")
    signature = sign(AUTH_TOKEN, PUBLIC_BASE_URL + INBOUND, form)
    response = twilio.client.post(
        "http://internal:8000" + INBOUND, data=form, headers={"X-Twilio-Signature": signature}
    )
    assert response.status_code == 200


def test_signature_covers_the_query_string(twilio: Twilio, context: AppContext) -> None:
    form = inbound_form(sender=WHATSAPP, body="hi")
    path = INBOUND + "?source=wa&x=1%202"
    signature = sign(AUTH_TOKEN, PUBLIC_BASE_URL + path, form)
    assert twilio.client.post(path, data=form, headers={"X-Twilio-Signature": signature}).status_code == 200
    assert twilio.client.post(INBOUND + "?source=sms", data=form, headers={"X-Twilio-Signature": signature}).status_code == 403


def test_forged_status_callback_changes_nothing(twilio: Twilio, context: AppContext, twilio_api: FakeTwilioApi) -> None:
    twilio.message(WHATSAPP, "नमस्ते")
    sid = _outbound(context)[0].provider_id
    form = {"MessageSid": sid or "", "MessageStatus": "failed", "ErrorCode": "21610"}
    assert twilio.post(STATUS, form, signature="Zm9yZ2Vk").status_code == 403
    assert _outbound(context)[0].status == MessageStatus.ACCEPTED
    assert _rows(context, Contact)[0].opted_out_at is None


# --- the happy path and the reply ---------------------------------------------------------------

def test_response_is_empty_twiml(twilio: Twilio) -> None:
    response = twilio.message(WHATSAPP, "नमस्ते")
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text.endswith("<Response />")


def test_sms_and_whatsapp_are_answered_through_the_rest_api(
    twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext
) -> None:
    twilio.message(WHATSAPP, "नमस्ते")
    twilio.message("+14155550123", "namaste")
    assert twilio_api.sent_to(WHATSAPP) and twilio_api.sent_to("+14155550123")
    whatsapp_request = next(form for form in twilio_api.requests if form["To"] == [WHATSAPP])
    assert whatsapp_request["From"] == ["whatsapp:+14155550100"]
    assert whatsapp_request["StatusCallback"][0].startswith(PUBLIC_BASE_URL + STATUS + "?mid=")
    assert all(row.status == MessageStatus.ACCEPTED and row.provider_id for row in _outbound(context))


def test_segments_and_encoding_are_stored(twilio: Twilio, context: AppContext) -> None:
    twilio.message("+14155550123", "नमस्ते")
    row = _outbound(context)[0]
    assert row.encoding == "UCS-2" and row.segments and row.segments >= 1


# --- idempotency and concurrency ----------------------------------------------------------------

def test_redelivered_message_sid_changes_nothing(twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext) -> None:
    form = inbound_form(sender=WHATSAPP, body="mudra loan kaise milega")
    assert twilio.post(INBOUND, form).status_code == 200
    sent, state = len(twilio_api.requests), _rows(context, Message)
    assert twilio.post(INBOUND, form).status_code == 200
    assert len(twilio_api.requests) == sent
    assert len(_rows(context, Message)) == len(state)
    assert len(_rows(context, QueryLog)) == 1


def test_same_text_twice_with_new_sids_is_handled_twice(twilio: Twilio, context: AppContext) -> None:
    twilio.message(WHATSAPP, "mudra loan kaise milega")
    twilio.message(WHATSAPP, "mudra loan kaise milega")
    assert len(_inbound(context)) == 2
    assert len(_rows(context, QueryLog)) == 2


# --- bad input ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BadInput:
    label: str
    form: dict[str, str]
    status: int
    reason: str


BAD_INPUTS = [
    BadInput("no From", {"MessageSid": "SM1", "Body": "hi"}, 400, "From"),
    BadInput("no MessageSid", {"From": WHATSAPP, "Body": "hi"}, 400, "MessageSid"),
    BadInput("blank From", {"From": " ", "MessageSid": "SM2", "Body": "hi"}, 400, "From"),
    BadInput("empty form", {}, 400, "From"),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=lambda case: case.label)
def test_bad_input_is_refused_with_reason_and_recorded(case: BadInput, twilio: Twilio, context: AppContext) -> None:
    response = twilio.post(INBOUND, case.form)
    assert response.status_code == case.status
    assert case.reason in response.json()["detail"]
    rejected = _rows(context, RejectedRequest)
    assert len(rejected) == 1 and case.reason in rejected[0].reason
    assert _inbound(context) == []


def test_long_body_is_cut_flagged_and_the_user_told(twilio: Twilio, context: AppContext, twilio_api: FakeTwilioApi) -> None:
    body = "मुद्रा लोन " * 300
    twilio.message(WHATSAPP, body)
    stored = _inbound(context)[0]
    assert len(stored.body) == 1600 and "truncated" in stored.flags
    assert stored.raw_body == body
    assert [row.content_key for row in _outbound(context)][:2] == ["welcome", "errors.too_long"]


def test_control_and_zero_width_characters_are_removed_raw_kept(twilio: Twilio, context: AppContext) -> None:
    raw = "mu\u200bdra\u0007 lo\u200dan"
    twilio.message(WHATSAPP, raw)
    stored = _inbound(context)[0]
    assert stored.body == "mudra loan" and stored.raw_body == raw


def test_text_is_nfc_normalised(twilio: Twilio, context: AppContext) -> None:
    twilio.message(WHATSAPP, "cafe\u0301 \u0958")  # e + combining acute; precomposed क़ (excluded from NFC)
    stored = _inbound(context)[0]
    assert stored.body == "caf\u00e9 \u0915\u093c" and stored.raw_body == "cafe\u0301 \u0958"


def test_media_only_message_is_recorded_and_answered_in_hindi(twilio: Twilio, context: AppContext) -> None:
    twilio.message(WHATSAPP, "", NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME1", MediaContentType0="image/jpeg")
    stored = _inbound(context)[0]
    assert stored.media == [{"url": "https://api.twilio.com/m/ME1", "content_type": "image/jpeg"}]
    assert "errors.media_only" in [row.content_key for row in _outbound(context)]


def test_nul_characters_are_stored_on_every_database(twilio: Twilio, context: AppContext) -> None:
    twilio.message(WHATSAPP, "mu\x00dra", ProfileName="R\x00am", Extra="a\x00b")
    stored = _inbound(context)[0]
    assert stored.body == "mudra" and stored.raw_body == "mu\ufffddra" and stored.raw["Extra"] == ["a\ufffdb"]


@pytest.mark.parametrize(
    "extra",
    [{"NumMedia": "many"}, {"NumMedia": "-3"}, {"NumMedia": "2"}, {"Body": "\x00\x01\x02"}, {"Body": "😀" * 50}],
    ids=["NumMedia not a number", "negative NumMedia", "NumMedia without urls", "only control chars", "emoji"],
)
def test_odd_input_never_gives_a_500(extra: dict[str, str], twilio: Twilio, context: AppContext) -> None:
    form = inbound_form(sender=WHATSAPP, body="hi")
    form.update(extra)
    assert twilio.post(INBOUND, form).status_code == 200
    assert len(_inbound(context)) == 1


def test_unknown_parameters_are_kept(twilio: Twilio, context: AppContext) -> None:
    twilio.message(WHATSAPP, "hi", ChannelMetadata='{"x":1}', NewField="value")
    assert _inbound(context)[0].raw["NewField"] == ["value"]


def test_whatsapp_username_without_phone_is_a_contact_without_phone(twilio: Twilio, context: AppContext) -> None:
    bsuid = "whatsapp:IN.0123456789abcdef"
    form = inbound_form(sender=bsuid, body="नमस्ते", ExternalUserId=bsuid)
    form.pop("WaId")
    assert twilio.post(INBOUND, form).status_code == 200
    contact = _rows(context, Contact)[0]
    assert contact.phone is None and contact.whatsapp_address == bsuid and contact.external_user_id == bsuid


def test_one_person_on_sms_and_whatsapp_is_one_contact(twilio: Twilio, context: AppContext) -> None:
    twilio.message("whatsapp:+14155550123", "hi")
    twilio.message("+14155550123", "hi")
    contacts = _rows(context, Contact)
    assert len(contacts) == 1 and sorted(contacts[0].channels) == ["sms", "whatsapp"]


# --- status callbacks ---------------------------------------------------------------------------

def _first_reply(twilio: Twilio, context: AppContext) -> Message:
    twilio.message(WHATSAPP, "नमस्ते")
    return _outbound(context)[0]


@pytest.mark.parametrize(
    ("sequence", "final"),
    [
        (["sent", "delivered", "read"], MessageStatus.READ),
        (["delivered", "sent"], MessageStatus.DELIVERED),  # a late "sent" never overwrites delivered
        (["read", "delivered", "sent"], MessageStatus.READ),
        (["sent", "undelivered"], MessageStatus.UNDELIVERED),
        (["queued", "sending"], MessageStatus.ACCEPTED),
    ],
    ids=["in order", "late sent", "reversed", "undelivered", "early statuses"],
)
def test_status_only_moves_forward(sequence: list[str], final: MessageStatus, twilio: Twilio, context: AppContext) -> None:
    reply = _first_reply(twilio, context)
    for status in sequence:
        assert twilio.status(reply.provider_id or "", status).status_code == 200
    assert _rows(context, Message, col(Message.id) == reply.id)[0].status == final


def test_error_21610_marks_the_contact_opted_out(twilio: Twilio, context: AppContext) -> None:
    reply = _first_reply(twilio, context)
    twilio.status(reply.provider_id or "", "failed", ErrorCode="21610")
    updated = _rows(context, Message, col(Message.id) == reply.id)[0]
    assert updated.status == MessageStatus.FAILED and updated.error_code == "21610"
    assert _rows(context, Contact)[0].opted_out_at is not None


def test_status_for_an_unknown_message_is_acknowledged(twilio: Twilio) -> None:
    assert twilio.status(new_sid(), "delivered").status_code == 200


@pytest.mark.parametrize(
    ("form", "reason"),
    [({"MessageStatus": "sent"}, "MessageSid"), ({"MessageSid": "SM1", "MessageStatus": "exploded"}, "MessageStatus")],
    ids=["no sid", "unknown status"],
)
def test_bad_status_callback_is_refused_and_recorded(form: dict[str, str], reason: str, twilio: Twilio, context: AppContext) -> None:
    response = twilio.post(STATUS, form)
    assert response.status_code == 400 and reason in response.json()["detail"]
    assert len(_rows(context, RejectedRequest)) == 1


def test_a_status_callback_that_beats_our_commit_still_lands(twilio: Twilio, context: AppContext) -> None:
    """Twilio may call back before the sender has stored the sid: our id in the URL finds the row."""
    from bot.integrations.base import SendResult
    from bot.services import outbox

    reply = _first_reply(twilio, context)
    assert reply.id is not None
    with Session(context.engine) as session:
        row = session.get(Message, reply.id)
        assert row is not None
        row.provider_id, row.status = None, MessageStatus.SENDING
        session.commit()
    form = {"MessageSid": "SMlate", "MessageStatus": "delivered", "AccountSid": "AC" + "1" * 32}
    assert twilio.post(f"{STATUS}?mid={reply.id}", form).status_code == 200
    with Session(context.engine) as session:
        outbox.record_sent(session, message_id=reply.id, result=SendResult("SMlate", "accepted"), now=context.clock())
        session.commit()
    final = _rows(context, Message, col(Message.id) == reply.id)[0]
    assert (final.provider_id, final.status) == ("SMlate", MessageStatus.DELIVERED)


def test_status_callback_url_carries_our_message_id(twilio: Twilio, twilio_api: FakeTwilioApi, context: AppContext) -> None:
    twilio.message(WHATSAPP, "नमस्ते")
    reply = _outbound(context)[0]
    assert twilio_api.requests[0]["StatusCallback"] == [f"{PUBLIC_BASE_URL}{STATUS}?mid={reply.id}"]

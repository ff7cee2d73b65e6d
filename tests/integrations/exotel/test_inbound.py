"""Exotel callbacks -> our objects: inbound SMS (JSON and legacy), missed calls, delivery reports."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.integrations.exotel.inbound import (
    custom_field,
    parse_call,
    parse_sms_json,
    parse_sms_legacy,
    parse_status,
)
from bot.integrations.twilio.inbound import InboundError


@dataclass(frozen=True)
class SmsCase:
    label: str
    payload: dict[str, str]
    legacy: bool = False
    keyword: str = ""
    sid: str = ""
    phone: str = ""
    body: str = ""
    error: str = ""


SMS_CASES = [
    SmsCase("JSON 2-way callback", {"SmsSid": "a1", "Sender": "+919812345678", "ReceivedOn": "+918000000001",
            "MessageBody": "मुद्रा लोन", "ReceivedTime": "2026-11-23T05:30:00Z", "Direction": "incoming"},
            sid="a1", phone="+919812345678", body="मुद्रा लोन"),
    SmsCase("JSON keyword stripped, any case", {"SmsSid": "a2", "Sender": "09812345678", "MessageBody": "saathi 1"},
            keyword="SAATHI", sid="a2", phone="+919812345678", body="1"),
    SmsCase("JSON keyword alone is an empty text", {"SmsSid": "a3", "Sender": "9812345678", "MessageBody": "SAATHI"},
            keyword="SAATHI", sid="a3", phone="+919812345678", body=""),
    SmsCase("keyword only stripped as the first word", {"SmsSid": "a4", "Sender": "9812345678",
            "MessageBody": "mera saathi kaun"}, keyword="SAATHI", sid="a4", phone="+919812345678", body="mera saathi kaun"),
    SmsCase("legacy GET", {"SmsSid": "b1", "From": "9812345678", "To": "08000000001", "Body": "loan",
            "Date": "2026-11-23 11:00:00"}, legacy=True, sid="b1", phone="+919812345678", body="loan"),
    SmsCase("missing SmsSid", {"Sender": "+919812345678", "MessageBody": "hi"}, error="SmsSid"),
    SmsCase("unusable sender", {"SmsSid": "c1", "Sender": "SATHII", "MessageBody": "hi"}, error="sender"),
    SmsCase("legacy without From", {"SmsSid": "c2", "Body": "hi"}, legacy=True, error="sender"),
]


@pytest.mark.parametrize("case", SMS_CASES, ids=[case.label for case in SMS_CASES])
def test_inbound_sms(case: SmsCase) -> None:
    def parse():  # type: ignore[no-untyped-def]
        if case.legacy:
            return parse_sms_legacy({k: [v] for k, v in case.payload.items()}, keyword=case.keyword)
        return parse_sms_json(case.payload, keyword=case.keyword)

    if case.error:
        with pytest.raises(InboundError, match=case.error):
            parse()
        return
    message = parse()
    assert (message.provider, message.provider_id, message.channel.value) == ("exotel", case.sid, "sms")
    assert (message.address, message.phone, message.body) == (case.phone, case.phone, case.body)


@dataclass(frozen=True)
class CallCase:
    label: str
    params: dict[str, str]
    phone: str = ""
    called: str = ""
    digits: str = ""
    error: str = ""
    extra: dict[str, str] = field(default_factory=dict)


CALL_CASES = [
    CallCase("Passthru with CallFrom/CallTo", {"CallSid": "x1", "CallFrom": "09812345678", "CallTo": "08000000001",
             "Direction": "incoming", "CallStatus": "ringing", "digits": '""'}, "+919812345678", "08000000001"),
    CallCase("older From/To spelling", {"CallSid": "x2", "From": "09812345678", "To": "08000000002"},
             "+919812345678", "08000000002"),
    CallCase("Callfrom spelling, digits in quotes", {"CallSid": "x3", "Callfrom": "9812345678", "digits": '"12"'},
             "+919812345678", "", "12"),
    CallCase("no CallSid", {"CallFrom": "09812345678"}, error="CallSid"),
    CallCase("withheld caller", {"CallSid": "x4", "CallFrom": "anonymous"}, error="caller"),
]


@pytest.mark.parametrize("case", CALL_CASES, ids=[case.label for case in CALL_CASES])
def test_missed_call(case: CallCase) -> None:
    params = {k: [v] for k, v in case.params.items()}
    if case.error:
        with pytest.raises(InboundError, match=case.error):
            parse_call(params)
        return
    call = parse_call(params)
    assert (call.phone, call.called, call.digits) == (case.phone, case.called, case.digits)


STATUS_CASES = [
    ("sent is delivered", {"Status": "sent"}, "delivered", None),
    ("submitted", {"Status": "submitted"}, "sent", None),
    ("queued", {"Status": "queued"}, "accepted", None),
    ("DND number", {"Status": "failed_dnd"}, "failed", "failed_dnd"),
    ("DLT rejection keeps its code", {"Status": "failed", "DetailedStatusCode": "630",
                                     "DetailedStatus": "Template not found"}, "failed", "630"),
]


@pytest.mark.parametrize(("label", "form", "status", "code"), STATUS_CASES, ids=[c[0] for c in STATUS_CASES])
def test_status(label: str, form: dict[str, str], status: str, code: str | None) -> None:
    params = {k: [v] for k, v in {"SmsSid": "s1", "CustomField": "42", **form}.items()}
    update = parse_status(params)
    assert (update.provider, update.provider_id, update.status, update.error_code) == ("exotel", "s1", status, code)
    assert custom_field(params) == 42
    if code == "630":
        assert update.error_message and update.error_message.startswith("DLT configuration error")


def test_status_rejects_unknown() -> None:
    with pytest.raises(InboundError):
        parse_status({"SmsSid": ["s1"], "Status": ["exploded"]})

"""Property tests over random audiences: nobody opted out or without consent ever gets a notice, quiet
hours hold every bulk send, and everybody else gets exactly one, whatever the mix and the hour."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from bot import sender
from bot.context import AppContext
from bot.models import Contact
from tests.conftest import Clock
from tests.fakes.coalition import People, add_people, phone, schedule_notice
from tests.fakes.twilio_api import FakeTwilioApi

BATCHES = itertools.count(1)


@dataclass(frozen=True)
class Person:
    opted_out: bool
    consent: bool
    whatsapp: bool
    in_window: bool
    district: str


people = st.builds(
    Person, opted_out=st.booleans(), consent=st.booleans(), whatsapp=st.booleans(), in_window=st.booleans(),
    district=st.sampled_from(["jhansi", "jhansi", "lalitpur", "dewas"]),
)
ist_minutes = st.integers(min_value=0, max_value=24 * 60 - 1)


def _add(context: AppContext, clock: Clock, crowd: list[Person]) -> dict[str, Person]:
    """Each person in their own batch of one, numbered apart from earlier examples."""
    start = next(BATCHES) * 1000
    addresses = {}
    for offset, person in enumerate(crowd):
        kind = People(1, district=person.district, whatsapp=person.whatsapp, consent=person.consent,
                      opted_out=person.opted_out, in_window=person.in_window, first=start + offset)
        add_people(context.engine, kind, now=clock())
        number = phone(start + offset)
        addresses[("whatsapp:" + number) if person.whatsapp else number] = person
    return addresses


def _received(twilio_api: FakeTwilioApi, addresses: dict[str, Person]) -> dict[str, int]:
    counts = {address: 0 for address in addresses}
    for form in twilio_api.requests:
        to = form["To"][0]
        if to in counts:
            counts[to] += 1
    return counts


def _at_ist(clock: Clock, minutes: int) -> None:
    clock.now = datetime(2026, 11, 23, tzinfo=UTC) - timedelta(hours=5, minutes=30) + timedelta(minutes=minutes)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(crowd=st.lists(people, min_size=1, max_size=12), minute=ist_minutes)
def test_only_reachable_consenting_people_get_it_and_never_at_night(
    context: AppContext, clock: Clock, twilio_api: FakeTwilioApi, crowd: list[Person], minute: int
) -> None:
    _at_ist(clock, minute)
    addresses = _add(context, clock, crowd)
    schedule_notice(context, meeting={"districts": ["jhansi", "lalitpur"]})
    sender.announce_tick(context)
    sender.drain(context, max_seconds=30, sleep=lambda seconds: clock.advance(seconds=seconds))
    night = minute >= 21 * 60 or minute < 9 * 60
    for address, count in _received(twilio_api, addresses).items():
        person = addresses[address]
        expected = not night and person.consent and not person.opted_out and person.district != "dewas"
        assert count == int(expected), (address, person, minute)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(crowd=st.lists(st.booleans(), min_size=1, max_size=12), later=st.lists(st.booleans(), min_size=12, max_size=12))
def test_opting_out_after_the_audience_was_built_still_stops_the_notice(
    context: AppContext, clock: Clock, twilio_api: FakeTwilioApi, crowd: list[bool], later: list[bool]
) -> None:
    _at_ist(clock, 11 * 60)
    addresses = _add(context, clock, [Person(False, True, whatsapp, True, "jhansi") for whatsapp in crowd])
    schedule_notice(context)
    sender.announce_tick(context)  # the rows exist; now some people say STOP
    stopped = {address for address, stop in zip(addresses, later, strict=False) if stop}
    with Session(context.engine) as session:
        for contact in session.exec(select(Contact)).all():
            if (contact.whatsapp_address or contact.sms_address) in stopped:
                contact.opted_out_at = clock()
        session.commit()
    sender.drain(context, max_seconds=30, sleep=lambda seconds: clock.advance(seconds=seconds))
    for address, count in _received(twilio_api, addresses).items():
        assert count == (0 if address in stopped else 1), address

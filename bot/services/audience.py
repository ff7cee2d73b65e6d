"""Who a notice reaches: districts, sectors, language, channel; never opted-out or unconsented people."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlmodel import Session, col

from bot.content.catalog import Catalog
from bot.content.schema import Channel, Script
from bot.models import Contact

CHUNK = 2000


@dataclass(frozen=True)
class Audience:
    """The audience filter of an announcement (stored as JSON on it)."""

    districts: tuple[str, ...] = ()  # empty: every district of the region
    sectors: tuple[str, ...] = ()  # empty: any sector (profile["sector"])
    scripts: tuple[str, ...] = ()  # empty: any language; a contact without a choice counts as hi
    channels: tuple[str, ...] = (Channel.WHATSAPP.value, Channel.SMS.value)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(**{key: tuple(value) for key, value in data.items() if key in cls.__dataclass_fields__})

    def to_json(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Reach:
    """An audience counted: who gets it on which channel, and who is left out and why."""

    whatsapp: int = 0
    sms: int = 0
    excluded: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.whatsapp + self.sms


def region_districts(catalog: Catalog, region: str) -> list[str]:
    """District ids of a region, from content_hindi/districts.yaml."""
    return [district.id for district in catalog.districts.values() if district.region.value == region]


def _matches(audience: Audience, districts: Sequence[str]) -> ColumnElement[bool]:
    conditions = [col(Contact.district).in_(list(audience.districts or districts))]
    if audience.sectors:
        conditions.append(col(Contact.profile)["sector"].as_string().in_(list(audience.sectors)))
    if audience.scripts:
        scripts = list(audience.scripts)
        unset = col(Contact.script).is_(None) if Script.HI.value in scripts else false()
        conditions.append(or_(col(Contact.script).in_(scripts), unset))
    return and_(*conditions)


def _eligible() -> ColumnElement[bool]:
    return and_(col(Contact.opted_out_at).is_(None), col(Contact.consent_at).is_not(None))


def _on_whatsapp(audience: Audience) -> ColumnElement[bool]:
    if Channel.WHATSAPP.value not in audience.channels:
        return false()
    return col(Contact.whatsapp_address).is_not(None)


def _on_sms(audience: Audience) -> ColumnElement[bool]:
    if Channel.SMS.value not in audience.channels:
        return false()
    has_number = or_(col(Contact.sms_address).is_not(None), col(Contact.phone).is_not(None))
    return and_(has_number, ~_on_whatsapp(audience))


def count_reach(session: Session, *, audience: Audience, districts: Sequence[str]) -> Reach:
    """Audience size by channel, plus how many were left out (opted out, no consent, unreachable)."""
    matches = _matches(audience, districts)

    def count(*conditions: ColumnElement[bool]) -> int:
        return int(session.execute(select(func.count()).select_from(Contact).where(matches, *conditions)).scalar_one())

    whatsapp, sms = count(_eligible(), _on_whatsapp(audience)), count(_eligible(), _on_sms(audience))
    opted_out = count(col(Contact.opted_out_at).is_not(None))
    no_consent = count(col(Contact.opted_out_at).is_(None), col(Contact.consent_at).is_(None))
    unreachable = count(_eligible()) - whatsapp - sms
    return Reach(whatsapp, sms, {"opted_out": opted_out, "no_consent": no_consent, "no_channel": unreachable})


@dataclass(frozen=True)
class Recipient:
    contact_id: int
    channel: Channel
    address: str
    script: Script
    name: str | None


def recipients(session: Session, *, audience: Audience, districts: Sequence[str]) -> Iterator[Recipient]:
    """Every eligible contact with the channel and address a notice will use (streamed)."""
    query = (
        select(Contact.id, Contact.whatsapp_address, Contact.sms_address, Contact.phone, Contact.script,
               Contact.profile_name, Contact.profile)
        .where(_matches(audience, districts), _eligible(), or_(_on_whatsapp(audience), _on_sms(audience)))
        .order_by(col(Contact.id))
        .execution_options(yield_per=CHUNK)
    )
    for row in session.execute(query):
        whatsapp = row.whatsapp_address if Channel.WHATSAPP.value in audience.channels else None
        channel = Channel.WHATSAPP if whatsapp else Channel.SMS
        name = (row.profile or {}).get("name") or row.profile_name
        script = Script(row.script) if row.script else Script.HI
        yield Recipient(row.id, channel, whatsapp or row.sms_address or row.phone, script, name)

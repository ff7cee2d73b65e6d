"""The Indian SMS path: route by configuration, name the reply number, bind each text to its DLT template."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import Settings
from bot.config_india import SmsRoute, sms_routes
from bot.content.catalog import Catalog
from bot.content.schema import Channel, Script
from bot.flows.sms_templates import find_sent_template, templates_for, with_footer
from bot.models import Contact
from bot.services import routing
from bot.services.outbox import QueuedText

logger = logging.getLogger("saathi.india_sms")


@dataclass(frozen=True)
class SmsSettings:
    routes: tuple[SmsRoute, ...] = ()
    reply_number: str = ""  # the long code users text back (the DLT header cannot receive)


def sms_settings(settings: Settings) -> SmsSettings:
    """The routing rules and reply number from Settings."""
    reply_number = settings.exotel_sms_number or settings.kaleyra_sms_number
    return SmsSettings(routes=sms_routes(settings), reply_number=reply_number)


def reply_script(contact: Contact, written: Script | None) -> Script:
    """The script replies are in: the contact's choice, else how they write, else Hindi."""
    return Script(contact.script) if contact.script else (written or Script.HI)


def route(
    texts: list[QueuedText], *, channel: Channel, address: str, default: str, sms: SmsSettings,
    catalog: Catalog, script: Script,
) -> tuple[str, list[QueuedText]]:
    """The provider for this address, and the texts as that provider must carry them."""
    provider = routing.provider_for(channel=channel, address=address, default=default, routes=sms.routes)
    if routing.needs_dlt(provider):
        texts = prepare_texts(texts, catalog=catalog, script=script, reply_number=sms.reply_number)
    return provider, texts


def prepare_texts(
    texts: list[QueuedText], *, catalog: Catalog, script: Script, reply_number: str
) -> list[QueuedText]:
    """Append the reply-to footer and record the DLT template each text matches (None: refused at send)."""
    templates = templates_for(catalog)
    prepared = []
    for item in texts:
        body = with_footer(catalog, script, item.text, reply_number)
        template = find_sent_template(templates, item.key, body)
        if template is None:
            logger.error("no DLT template matches content key=%s script=%s: it will not be sent", item.key, script)
        prepared.append(QueuedText(item.key, body, template.id if template else None))
    return prepared


def may_broadcast(contact: Contact, channel: Channel) -> bool:
    """Broadcasts (not replies): never after STOP; by SMS only with the consent the profile flow stored."""
    if contact.opted_out_at is not None:
        return False
    return channel != Channel.SMS or contact.consent_at is not None

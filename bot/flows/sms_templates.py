"""The DLT template registry: every SMS the engine can compose, rendered as its template. Pure.

Templates are rendered through the same View the engine uses (menus, answers with their "more"
line, numbered lists) and the guided flows' own question builders, plus the reply-to footer, so
what we register is exactly what we send.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.content.catalog import Catalog
from bot.content.dlt import (
    FOOTER_KEY,
    MAX_SLOT_CHARS,
    DltCategory,
    DltTemplate,
    edition_for,
    find_template,
    marker,
    markers,
)
from bot.content.schema import Channel, Script, Text, placeholders
from bot.flows.guided import FLOWS
from bot.flows.render import View

# The numbered lists the engine and flows send (View.options_list): header key -> closing line key.
LIST_FOOTERS = {
    "answer.follow_ups": "menu.nav",
    "suggest.prompt": "suggest.none",
    "market.channels": "menu.nav",
    "finder.result": "finder.more",
}

_CACHE: dict[int, tuple[Catalog, dict[str, DltTemplate]]] = {}


def templates_for(catalog: Catalog) -> dict[str, DltTemplate]:
    """The registry of a catalogue by template id (built once per catalogue)."""
    cached = _CACHE.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        cached = (catalog, {template.id: template for template in build_templates(catalog)})
        _CACHE[id(catalog)] = cached
    return cached[1]


def build_templates(catalog: Catalog) -> list[DltTemplate]:
    """Every registered SMS: messages, FAQ answers, menus, numbered lists and guided-flow questions."""
    composed = list(_flow_templates(catalog))
    plain = _message_templates(catalog, skip={template.key for template in composed})
    return [*plain, *_answer_templates(catalog), *_menu_templates(catalog), *_list_templates(catalog), *composed]


def find_sent_template(templates: Mapping[str, DltTemplate], key: str, body: str) -> DltTemplate | None:
    """The template of `key` this body matches; else any registered template it matches (same text
    under another key, e.g. an ODOP line said under its product's key)."""
    return find_template(templates, key, body) or next(
        (template for template in templates.values() if template.matches(body)), None
    )


def footer(catalog: Catalog, script: Script, number: str) -> str:
    """The line telling the user which number to text back (the header cannot receive)."""
    return catalog.render(FOOTER_KEY, script, Channel.SMS, number=number)


def with_footer(catalog: Catalog, script: Script, text: str, number: str) -> str:
    return f"{text}\n{footer(catalog, script, number)}"


def _message_templates(catalog: Catalog, skip: set[str]) -> Iterator[DltTemplate]:
    for key, text in catalog.messages.items():
        if text.dlt_skip or key in skip:
            continue
        for script in Script:
            names = placeholders(text.edition(script, Channel.SMS))
            rendered = catalog.render(key, script, Channel.SMS, **markers(names))
            yield from _template(catalog, key, script, rendered, text.dlt_templates, text)


def _answer_templates(catalog: Catalog) -> Iterator[DltTemplate]:
    for entry_id, entry in catalog.entries.items():
        for script in Script:
            rendered = View(catalog, script, Channel.SMS).answer(entry_id)
            yield from _template(catalog, entry_id, script, rendered, entry.answer.dlt_templates, entry.answer)


def _menu_templates(catalog: Catalog) -> Iterator[DltTemplate]:
    for menu_id, menu in catalog.menus.items():
        for script in Script:
            rendered = View(catalog, script, Channel.SMS).menu(menu_id)
            yield from _template(catalog, menu_id, script, rendered, menu.dlt_templates, None)


def _list_templates(catalog: Catalog) -> Iterator[DltTemplate]:
    """One template per list header, SMS edition and number of lines; each line is one slot."""
    for key, text in catalog.messages.items():
        for edition, ids in text.dlt_lists.items() if key in LIST_FOOTERS else ():
            view = View(catalog, Script(edition.removeprefix("sms_")), Channel.SMS)
            for count in sorted(ids):
                lines = [f"line{index}" for index in range(1, count + 1)]
                rendered = view.listed(key, [marker(line) for line in lines], LIST_FOOTERS[key])
                slots = dict.fromkeys(lines, MAX_SLOT_CHARS)
                yield from _template(catalog, key, view.script, rendered, {edition: ids[count]}, text, slots)


def _flow_templates(catalog: Catalog) -> Iterator[DltTemplate]:
    """The texts guided flows compose (questions with their options, summaries): `sms_texts(view)`."""
    for script in Script:
        view = View(catalog, script, Channel.SMS)
        for flow in FLOWS.values():
            sms_texts = getattr(flow, "sms_texts", None)
            for key, rendered in (sms_texts(view) if sms_texts else {}).items():
                text = catalog.messages[key]
                yield from _template(catalog, key, script, rendered, text.dlt_templates, text)


def _template(
    catalog: Catalog, key: str, script: Script, rendered: str, ids: Mapping[str, str], text: Text | None,
    slots: Mapping[str, int] | None = None,
) -> Iterator[DltTemplate]:
    template_id = ids.get(edition_for(script))
    if not template_id or FOOTER_KEY not in catalog.messages:
        return
    footer_text = catalog.messages[FOOTER_KEY]
    limits = {**footer_text.dlt_slots, **(text.dlt_slots if text else {}), **(slots or {})}
    yield DltTemplate(
        id=template_id,
        category=text.dlt_category if text else DltCategory.SERVICE_IMPLICIT.value,
        key=key, edition=edition_for(script),
        marked=with_footer(catalog, script, rendered, marker("number")), slot_limits=limits,
    )

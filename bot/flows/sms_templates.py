"""The DLT template registry: every SMS the engine can compose, rendered as its template. Pure.

Templates are rendered through the same View the engine uses (menus, answers with their "more"
line) plus the reply-to footer, so what we register is exactly what we send.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from bot.content.catalog import Catalog
from bot.content.dlt import FOOTER_KEY, DltCategory, DltTemplate, edition_for, marker, markers
from bot.content.schema import Channel, Script, Text, placeholders
from bot.flows.render import View

_CACHE: dict[int, tuple[Catalog, dict[str, DltTemplate]]] = {}


def templates_for(catalog: Catalog) -> dict[str, DltTemplate]:
    """The registry of a catalogue by template id (built once per catalogue)."""
    cached = _CACHE.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        cached = (catalog, {template.id: template for template in build_templates(catalog)})
        _CACHE[id(catalog)] = cached
    return cached[1]


def build_templates(catalog: Catalog) -> list[DltTemplate]:
    """Every registered SMS: standalone messages, FAQ answers and menus, in each script."""
    return [*_message_templates(catalog), *_answer_templates(catalog), *_menu_templates(catalog)]


def footer(catalog: Catalog, script: Script, number: str) -> str:
    """The line telling the user which number to text back (the header cannot receive)."""
    return catalog.render(FOOTER_KEY, script, Channel.SMS, number=number)


def with_footer(catalog: Catalog, script: Script, text: str, number: str) -> str:
    return f"{text}\n{footer(catalog, script, number)}"


def _message_templates(catalog: Catalog) -> Iterator[DltTemplate]:
    for key, text in catalog.messages.items():
        if text.dlt_skip:
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


def _template(
    catalog: Catalog, key: str, script: Script, rendered: str, ids: Mapping[str, str], text: Text | None
) -> Iterator[DltTemplate]:
    template_id = ids.get(edition_for(script))
    if not template_id or FOOTER_KEY not in catalog.messages:
        return
    footer_text = catalog.messages[FOOTER_KEY]
    limits = {**footer_text.dlt_slots, **(text.dlt_slots if text else {})}
    yield DltTemplate(
        id=template_id,
        category=text.dlt_category if text else DltCategory.SERVICE_IMPLICIT.value,
        key=key, edition=edition_for(script),
        marked=with_footer(catalog, script, rendered, marker("number")), slot_limits=limits,
    )

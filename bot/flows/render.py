"""Compose replies from content: menus, numbered lists and answers. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.content.catalog import Catalog, format_date
from bot.content.schema import Channel, Script
from bot.flows.state import ContactView


@dataclass(frozen=True)
class View:
    """How to speak to this contact right now."""

    catalog: Catalog
    script: Script
    channel: Channel
    contact: ContactView = field(default_factory=lambda: ContactView(script=None))

    def text(self, key: str, **variables: object) -> str:
        return self.catalog.render(key, self.script, self.channel, **variables)

    def numbered(self, targets: list[str]) -> str:
        return "\n".join(self.numbered_lines(targets))

    def numbered_lines(self, targets: list[str]) -> list[str]:
        """"1 title" per target: each line is one {#var#} slot of a list SMS template."""
        return [f"{index} {self.catalog.title(target, self.script, self.channel)}" for index, target in enumerate(targets, 1)]

    def menu(self, menu_id: str) -> str:
        """Prompt, numbered items and a navigation hint."""
        menu = self.catalog.menus[menu_id]
        labels = [item.label or item.target for item in menu.items]
        lines = [self.text(menu.prompt), self._labels(labels, [item.target for item in menu.items])]
        hint = "menu.ask_hint" if menu_id == self.catalog.main_menu else "menu.nav"
        lines.append(self.text(hint))
        return "\n".join(lines)

    def _labels(self, labels: list[str], targets: list[str]) -> str:
        rows = []
        for index, (label, target) in enumerate(zip(labels, targets, strict=True), 1):
            title = self.text(label) if label != target else self.catalog.title(target, self.script, self.channel)
            rows.append(f"{index} {title}")
        return "\n".join(rows)

    def answer(self, entry_id: str) -> str:
        """An entry's answer in the right edition; WhatsApp adds follow-ups and the source."""
        entry = self.catalog.entries[entry_id]
        body = entry.answer.edition(self.script, self.channel)
        if self.channel == Channel.SMS:
            return body + ("\n" + self.text("answer.more_sms") if entry.follow_ups else "")
        parts = [body]
        if entry.follow_ups:
            parts.append(self.text("answer.follow_ups") + "\n" + self.numbered(entry.follow_ups))
        if entry.source and entry.verified_on:
            parts.append(self.text("answer.source", url=str(entry.source), date=format_date(entry.verified_on)))
        return "\n\n".join(parts)

    def options_list(self, header_key: str, targets: list[str], footer_key: str = "menu.nav") -> str:
        return self.listed(header_key, self.numbered_lines(targets), footer_key)

    def listed(self, header_key: str, lines: list[str], footer_key: str) -> str:
        """Header, one line per option, footer: the shape of every numbered-list SMS template."""
        return "\n".join([self.text(header_key), *lines, self.text(footer_key)])

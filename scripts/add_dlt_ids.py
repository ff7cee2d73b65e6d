"""Add placeholder DLT template ids to content files, without touching any wording.

    python scripts/add_dlt_ids.py content_hindi/messages/core.yaml content_hindi/faq/*.yaml content_hindi/menus.yaml

Every message (unless it has `dlt_skip`), every FAQ answer and every menu gets
`dlt_templates: {sms_hi: …, sms_hi_latn: …, sms_en: …}`; texts that already have ids are left alone.
Ids are PLACEHOLDERS: "1107" + a 15-digit serial, continuing after the largest id already used, in
file order, so reruns are stable. Replace them with the real ids after DLT registration.
Message keys that are only ever part of a composed SMS (menu prompts, list headers) get `dlt_skip`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent / "content_hindi"
PREFIX = "1107"
# Engine texts that never go out alone: they are part of the menu and answer templates.
COMPOSED = {
    "menu.nav": "part of every menu SMS",
    "menu.ask_hint": "part of the main menu SMS",
    "answer.more_sms": "part of the SMS answers that have follow-ups",
    "answer.source": "WhatsApp only",
    "answer.follow_ups": "list header: its SMS are the dlt_lists templates (header, numbered lines, closing line)",
    "suggest.prompt": "list header: its SMS are the dlt_lists templates (header, numbered lines, closing line)",
    "suggest.none": "closing line of the suggestion list templates",
}


def composed_keys() -> dict[str, str]:
    """COMPOSED plus every menu prompt and label (they only appear inside a menu SMS)."""
    menus = yaml.safe_load((ROOT / "menus.yaml").read_text(encoding="utf-8"))["menus"]
    keys = dict(COMPOSED)
    for menu in menus.values():
        keys[menu["prompt"]] = "menu prompt: part of the menu SMS"
        for item in menu["items"]:
            label = item.get("label") or (item["target"] + ".title" if item["target"].startswith("action.") else None)
            if label:
                keys[label] = "menu label: part of the menu SMS"
    return keys


def used_ids() -> list[int]:
    found = re.findall(r"\b(1107\d{15})\b", "\n".join(p.read_text(encoding="utf-8") for p in ROOT.rglob("*.yaml")))
    return [int(value) for value in found]


class Ids:
    def __init__(self) -> None:
        self.next = max(used_ids(), default=int(PREFIX + "0" * 15)) + 1

    def line(self, indent: int) -> str:
        ids = []
        for name in ("sms_hi", "sms_hi_latn", "sms_en"):
            ids.append(f'{name}: "{self.next:019d}"')
            self.next += 1
        return " " * indent + "dlt_templates: {" + ", ".join(ids) + "}\n"


def block_end(lines: list[str], start: int, indent: int) -> int:
    """Index after the last non-blank line of the block opened at `start`."""
    end = start + 1
    last = start
    while end < len(lines):
        text = lines[end]
        if text.strip() and not text.lstrip().startswith("#") and len(text) - len(text.lstrip()) <= indent:
            break
        if text.strip():
            last = end
        end += 1
    return last + 1


def add_to_messages(lines: list[str], data: dict, ids: Ids, skip: dict[str, str]) -> list[str]:
    inserts: list[tuple[int, str]] = []
    for key, text in data["messages"].items():
        if "dlt_templates" in text or "dlt_skip" in text:
            continue
        start = lines.index(f"  {key}:\n")
        line = f'    dlt_skip: "{skip[key]}"\n' if key in skip else ids.line(4)
        inserts.append((block_end(lines, start, 2), line))
    return apply(lines, inserts)


def add_to_faq(lines: list[str], data: dict, ids: Ids) -> list[str]:
    inserts: list[tuple[int, str]] = []
    for entry in data["entries"]:
        if "dlt_templates" in entry["answer"]:
            continue
        start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"  - id: {re.escape(entry['id'])}\s*", line))
        answer = next(i for i in range(start, len(lines)) if lines[i] == "    answer:\n")
        inserts.append((block_end(lines, answer, 4), ids.line(6)))
    return apply(lines, inserts)


def add_to_menus(lines: list[str], data: dict, ids: Ids) -> list[str]:
    inserts: list[tuple[int, str]] = []
    for menu_id, menu in data["menus"].items():
        if "dlt_templates" in menu:
            continue
        start = lines.index(f"  {menu_id}:\n")
        prompt = next(i for i in range(start, len(lines)) if lines[i].startswith("    prompt:"))
        inserts.append((prompt + 1, ids.line(4)))
    return apply(lines, inserts)


def apply(lines: list[str], inserts: list[tuple[int, str]]) -> list[str]:
    result = list(lines)
    for index, line in sorted(inserts, reverse=True):
        result.insert(index, line)
    return result


def strip_added(node: object) -> object:
    if isinstance(node, dict):
        return {k: strip_added(v) for k, v in node.items() if k not in ("dlt_templates", "dlt_skip")}
    if isinstance(node, list):
        return [strip_added(v) for v in node]
    return node


def process(path: Path, ids: Ids, skip: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    lines = text.splitlines(keepends=True)
    if "messages" in data:
        lines = add_to_messages(lines, data, ids, skip)
    elif "entries" in data:
        lines = add_to_faq(lines, data, ids)
    elif "menus" in data:
        lines = add_to_menus(lines, data, ids)
    new = "".join(lines)
    assert strip_added(yaml.safe_load(new)) == strip_added(data), f"{path}: wording changed, not written"
    path.write_text(new, encoding="utf-8")
    print(f"{path}: {new.count('dlt_templates') - text.count('dlt_templates')} ids added")


def main(paths: list[str]) -> int:
    ids, skip = Ids(), composed_keys()
    for name in paths:
        process(Path(name), ids, skip)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

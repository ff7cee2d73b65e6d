"""`python -m bot content templates --csv`: the DLT templates to register, as the portal wants them."""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.content.catalog import load_catalog
from bot.content.dlt import DltTemplate, marker
from bot.content.dlt_checks import check_dlt, check_india_budgets
from bot.content.loader import ContentFiles, read_content
from bot.content.problems import ContentProblem
from bot.content.segments import count_segments
from bot.flows.engine import REQUIRED_MESSAGES
from bot.flows.sms_templates import LIST_FOOTERS, build_templates

COLUMNS = ("template_id", "category", "content_key", "edition", "encoding", "segments", "variables", "template_text")


def add_parser(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = actions.add_parser("templates", help="list the DLT templates to register (CSV)")
    parser.add_argument("--dir", type=Path, default=PROJECT_ROOT / "content_hindi")
    parser.add_argument("--csv", action="store_true", help="CSV for the DLT portal (default: a short summary)")
    parser.set_defaults(run=run_templates)


def dlt_problems(root: Path) -> list[ContentProblem]:
    """The India SMS rules (template ids, slots, duplicates, list headers, budgets) for `content check`."""
    files = read_content(root)
    return check_dlt(files) + list(_unknown_lists(files)) + check_india_budgets(files)


def _unknown_lists(files: ContentFiles) -> Iterator[ContentProblem]:
    for file, messages in files.messages.items():
        for key, text in messages.messages.items():
            if text.dlt_lists and key not in LIST_FOOTERS:
                yield ContentProblem(file, f"{key}.dlt_lists", f"no numbered list is headed by {key}; "
                                     f"list headers are {sorted(LIST_FOOTERS)}")


def run_templates(args: argparse.Namespace) -> int:
    catalog = load_catalog(args.dir, REQUIRED_MESSAGES)
    templates = build_templates(catalog)
    if not args.csv:
        print(f"{len(templates)} DLT templates; use --csv to export them")
        answers = [template for template in templates if template.key in catalog.entries]
        print(f"FAQ answers by SMS segments, with the 'more' line and the footer: {answer_segments(answers)}")
        return 0
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    for template in sorted(templates, key=lambda item: item.id):
        count = count_segments(template.text)
        writer.writerow((template.id, template.category, template.key, template.edition, count.encoding.value,
                         count.segments, " ".join(template.slots), template.text))
    return 0


def answer_segments(templates: list[DltTemplate]) -> dict[str, dict[int, int]]:
    """Per SMS edition: how many answer templates cost 1, 2, 3 … segments with a 13-digit reply number."""
    counts: dict[str, Counter[int]] = {}
    for template in templates:
        body = template.marked.replace(marker("number"), "+91" + "9" * 10)
        counts.setdefault(template.edition, Counter())[count_segments(body).segments] += 1
    return {edition: dict(sorted(counter.items())) for edition, counter in sorted(counts.items())}

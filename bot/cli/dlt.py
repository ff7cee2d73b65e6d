"""`python -m bot content templates --csv`: the DLT templates to register, as the portal wants them."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.content.catalog import load_catalog
from bot.content.dlt_checks import check_dlt
from bot.content.loader import read_content
from bot.content.problems import ContentProblem
from bot.content.segments import count_segments
from bot.flows.engine import REQUIRED_MESSAGES
from bot.flows.sms_templates import build_templates

COLUMNS = ("template_id", "category", "content_key", "edition", "encoding", "segments", "variables", "template_text")


def add_parser(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = actions.add_parser("templates", help="list the DLT templates to register (CSV)")
    parser.add_argument("--dir", type=Path, default=PROJECT_ROOT / "content_hindi")
    parser.add_argument("--csv", action="store_true", help="CSV for the DLT portal (default: a short summary)")
    parser.set_defaults(run=run_templates)


def dlt_problems(root: Path) -> list[ContentProblem]:
    """The India SMS rules (template ids, slots, duplicates) for `content check`."""
    return check_dlt(read_content(root))


def run_templates(args: argparse.Namespace) -> int:
    templates = build_templates(load_catalog(args.dir, REQUIRED_MESSAGES))
    if not args.csv:
        print(f"{len(templates)} DLT templates; use --csv to export them")
        return 0
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    for template in sorted(templates, key=lambda item: item.id):
        count = count_segments(template.text)
        writer.writerow((template.id, template.category, template.key, template.edition, count.encoding.value,
                         count.segments, " ".join(template.slots), template.text))
    return 0

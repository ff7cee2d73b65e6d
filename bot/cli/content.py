"""`python -m bot content check`: every content problem with file, key and reason."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli import dlt
from bot.config import PROJECT_ROOT
from bot.content.catalog import check_catalog
from bot.flows.engine import REQUIRED_MESSAGES


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("content", help="content tools")
    actions = parser.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="validate content_hindi/ and report every problem")
    check.add_argument("--dir", type=Path, default=PROJECT_ROOT / "content_hindi")
    check.set_defaults(run=run_check)
    dlt.add_parser(actions)


def run_check(args: argparse.Namespace) -> int:
    problems = check_catalog(args.dir, REQUIRED_MESSAGES) + dlt.dlt_problems(args.dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.dir}")
        return 1
    print(f"content ok: {args.dir}")
    return 0

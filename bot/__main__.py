"""`python -m bot <command>`."""

from __future__ import annotations

import argparse
import sys

from bot.cli import chat, coalition, content, handoff, report, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Saathi (साथी) command line")
    commands = parser.add_subparsers(dest="command", required=True)
    for module in (serve, chat, content, report, coalition, handoff):
        module.add_parser(commands)
    _add_classify(commands)
    args = parser.parse_args(argv)
    return int(args.run(args))


def _add_classify(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = commands.add_parser("classify", help="stdin lines -> JSON lines with the matched entry")
    parser.set_defaults(run=_run_classify)


def _run_classify(args: argparse.Namespace) -> int:
    from bot.cli import classify
    from bot.cli.common import load_settings
    from bot.content.catalog import load_catalog
    from bot.flows.engine import REQUIRED_MESSAGES

    settings = load_settings()
    catalog = load_catalog(settings.saathi_content_dir, REQUIRED_MESSAGES)
    sys.stdin.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    return classify.run(sys.stdin, sys.stdout, catalog.matcher)


if __name__ == "__main__":
    raise SystemExit(main())

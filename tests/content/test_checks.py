"""The content checker: the real content is clean; each broken fixture reports file, key and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.content.catalog import check_catalog, load_catalog
from bot.content.problems import ContentError
from bot.flows.engine import REQUIRED_MESSAGES
from tests.content.broken import broken_copy

REAL = PROJECT_ROOT / "content_hindi"
MUDRA = "content_hindi/faq/scheme.yaml"


def test_real_content_has_no_problems() -> None:
    assert [str(problem) for problem in check_catalog(REAL, REQUIRED_MESSAGES)] == []




BROKEN = [
    ("missing edition", "faq/scheme.yaml", "    answer:\n      hi:", "    answer:\n      hindi:", "answer.hi"),
    ("duplicate id", "faq/credit.yaml", "id: credit.emi", "id: credit.loan_documents", "duplicate entry id"),
    ("missing source", "faq/market.yaml", "    source:", "    old_source:", "old_source"),
    ("unknown follow-up", "faq/training.yaml", "follow_ups: [", "follow_ups: [scheme.nowhere, ", "unknown entry id 'scheme.nowhere'"),
    ("over-long SMS", "faq/scheme.yaml", "sms_hi: \"", "sms_hi: \"" + "बहुत लंबा " * 20, "the limit is 134"),
    ("not GSM-7", "faq/scheme.yaml", "sms_hi_latn: \"", "sms_hi_latn: \"₹ ", "not GSM-7"),
    ("bad YAML", "keywords.yaml", "intents:", "intents: [", "not valid YAML"),
    ("unknown menu target", "menus.yaml", "target: scheme.pmegp", "target: scheme.nothing", "unknown target"),
    ("missing engine message", "messages/core.yaml", "  errors.generic:", "  errors.generik:", "errors.generic"),
    ("keyword in two intents", "keywords.yaml", "help: [help,", "help: [stop, help,", "also means"),
    ("placeholder mismatch", "messages/core.yaml", "स्रोत: {url}", "स्रोत: {link}", "differ from hi"),
]


@pytest.mark.parametrize(("label", "file", "old", "new", "reason"), BROKEN, ids=[case[0] for case in BROKEN])
def test_each_rule_reports_file_key_and_reason(
    label: str, file: str, old: str, new: str, reason: str, tmp_path: Path
) -> None:
    problems = [str(problem) for problem in check_catalog(broken_copy(tmp_path, file, old, new), REQUIRED_MESSAGES)]
    assert any(reason in problem for problem in problems), problems
    assert any(problem.startswith(("faq/", "keywords", "menus", "messages")) for problem in problems), problems


def test_loading_invalid_content_raises_with_every_problem(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, "faq/credit.yaml", "id: credit.emi", "id: credit.loan_documents")
    with pytest.raises(ContentError) as error:
        load_catalog(root, REQUIRED_MESSAGES)
    assert "duplicate entry id" in str(error.value)


def test_content_check_command_exits_non_zero_on_problems(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = broken_copy(tmp_path, "faq/credit.yaml", "id: credit.emi", "id: credit.loan_documents")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "check", "--dir", str(root)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1 and "faq/credit.yaml: credit.loan_documents: duplicate entry id" in result.stdout

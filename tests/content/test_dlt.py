"""DLT templates: matching good and bad renderings, and the content check on broken fixtures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.dlt import dlt_problems
from bot.config import PROJECT_ROOT
from bot.content.dlt import DltTemplate, marker
from bot.content.dlt_checks import check_dlt
from bot.content.loader import read_content
from tests.content.broken import broken_copy

REAL = PROJECT_ROOT / "content_hindi"
TEMPLATE = DltTemplate(
    "1107000000000000301", "service_implicit", "meeting.next", "sms_hi",
    "अगली बैठक " + marker("date") + " को " + marker("venue") + " में।\nजवाब " + marker("number") + " पर SMS करें -साथी",
    {"date": 10, "venue": 30, "number": 15},
)

RENDERINGS = [
    ("filled slots", "अगली बैठक 24-11-2026 को पंचायत भवन, महोबा में।\nजवाब 08000000001 पर SMS करें -साथी", True),
    ("empty slot is still the template", "अगली बैठक 24-11-2026 को  में।\nजवाब 08000000001 पर SMS करें -साथी", True),
    ("slot longer than its declared 10", "अगली बैठक 24 नवम्बर 2026 को भवन में।\nजवाब 0800 पर SMS करें -साथी", False),
    ("slot over 30 characters", "अगली बैठक 24-11-2026 को " + "क" * 31 + " में।\nजवाब 0800 पर SMS करें -साथी", False),
    ("fixed text changed", "अगली मीटिंग 24-11-2026 को भवन में।\nजवाब 0800 पर SMS करें -साथी", False),
    ("footer missing", "अगली बैठक 24-11-2026 को भवन में।", False),
    ("newline smuggled into a slot", "अगली बैठक 24-11-2026 को भवन\nमहोबा में।\nजवाब 0800 पर SMS करें -साथी", False),
    ("punctuation differs", "अगली बैठक 24-11-2026 को भवन में\nजवाब 0800 पर SMS करें -साथी", False),
]


@pytest.mark.parametrize(("label", "body", "ok"), RENDERINGS, ids=[case[0] for case in RENDERINGS])
def test_template_matching(label: str, body: str, ok: bool) -> None:
    assert TEMPLATE.matches(body) is ok


def test_registered_text_uses_var_slots() -> None:
    assert TEMPLATE.text == "अगली बैठक {#var#} को {#var#} में।\nजवाब {#var#} पर SMS करें -साथी"
    assert TEMPLATE.slots == ("date", "venue", "number")




WELCOME_IDS = '{sms_hi: "1107000000000000001", sms_hi_latn: "1107000000000000002", sms_en: "1107000000000000003"}'
BROKEN = [
    ("SMS edition without an id", "messages/core.yaml", WELCOME_IDS,
     '{sms_hi: "1107000000000000001", sms_hi_latn: "1107000000000000002"}',
     "messages/core.yaml: welcome.dlt_templates: no DLT template id for sms_en: add dlt_templates"),
    ("id that is not 19 digits", "messages/core.yaml", '"1107000000000000002"', '"1107-2"',
     "welcome.dlt_templates.sms_hi_latn: '1107-2' is not a 19-digit DLT template id"),
    ("unknown edition name", "messages/core.yaml", "sms_en: \"1107000000000000003\"}",
     "sms_en: \"1107000000000000003\", whatsapp: \"1107000000000000999\"}", "welcome.dlt_templates.whatsapp: unknown edition"),
    ("two editions claim one id", "messages/core.yaml", '"1107000000000000002"', '"1107000000000000001"',
     "welcome.sms_hi_latn: DLT template id 1107000000000000001 is also claimed by welcome.sms_hi"),
    ("variable without a declared size", "messages/india_sms.yaml", "    dlt_slots: {number: 13}  # the long code as users dial it: +91 and 10 digits at most\n", "",
     "variable {number} could exceed 30 characters"),
    ("declared size over 30", "messages/india_sms.yaml", "{number: 13}", "{number: 31}",
     "variable {number} could exceed 30 characters"),
    ("hand-written {#var#} slot", "messages/core.yaml", "sms_en: \"Hello! I am Saathi.",
     "sms_en: \"Hello {#var#}! I am Saathi.", "welcome.sms_en: Value error, placeholder names must be snake_case"),
]


@pytest.mark.parametrize(("label", "file", "old", "new", "reason"), BROKEN, ids=[case[0] for case in BROKEN])
def test_each_dlt_rule_reports_file_key_and_reason(label: str, file: str, old: str, new: str, reason: str, tmp_path: Path) -> None:
    root = broken_copy(tmp_path, file, old, new)
    files = read_content(root)
    problems = [str(problem) for problem in [*files.problems, *check_dlt(files)]]
    assert any(reason in problem for problem in problems), problems


def test_menu_without_ids_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(REAL, root)
    menus = root / "menus.yaml"
    lines = menus.read_text(encoding="utf-8").splitlines(keepends=True)
    index = lines.index("    prompt: menu.market\n") + 1
    assert lines[index].startswith("    dlt_templates:")
    menus.write_text("".join(lines[:index] + lines[index + 1:]), encoding="utf-8")
    problems = [str(problem) for problem in dlt_problems(root)]
    assert "menus.yaml: menu.market.dlt_templates: no DLT template id for sms_hi" in " ".join(problems)[:100000], problems


def test_adjacent_variables_and_variable_only_texts_are_invalid(tmp_path: Path) -> None:
    footer = '    hi: "जवाब {number} पर"'
    root = broken_copy(tmp_path, "messages/india_sms.yaml", footer, '    hi: "{number}{number}"')
    problems = [str(problem) for problem in dlt_problems(root)]
    assert any("sms.reply_to.sms_hi: two variables side by side" in problem for problem in problems), problems
    assert any("sms.reply_to.sms_hi: a template needs fixed text" in problem for problem in problems), problems


OURS = ["messages/core.yaml", "messages/india_sms.yaml", "menus.yaml"] + [
    f"faq/{topic}.yaml" for topic in ("scheme", "credit", "market", "registration", "training", "coalition", "system")
]


@pytest.mark.parametrize("file", OURS)
def test_our_content_has_every_dlt_id(file: str) -> None:
    problems = [str(problem) for problem in dlt_problems(REAL) if str(problem).startswith(file)]
    assert problems == []


def test_content_check_fails_on_a_missing_id(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, "messages/core.yaml", WELCOME_IDS, "{}")
    result = subprocess.run([sys.executable, "-m", "bot", "content", "check", "--dir", str(root)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "welcome.dlt_templates: no DLT template id for sms_hi" in result.stdout

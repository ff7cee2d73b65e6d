"""Numbered-list DLT templates: the registered texts, and the content check on broken `dlt_lists`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.dlt import dlt_problems
from bot.config import PROJECT_ROOT
from bot.content.catalog import load_catalog
from bot.flows.engine import REQUIRED_MESSAGES
from bot.flows.sms_templates import templates_for
from tests.content.broken import broken_copy

REAL = PROJECT_ROOT / "content_hindi"
FOLLOW_UPS_HI = '      sms_hi: {1: "1107600000000000001", 2: "1107600000000000002"'


def test_a_follow_up_list_template_has_one_slot_per_line() -> None:
    templates = templates_for(load_catalog(REAL, REQUIRED_MESSAGES))
    three = templates["1107600000000000003"]
    assert (three.key, three.edition) == ("answer.follow_ups", "sms_hi")
    assert three.text == (
        "आगे जानने के लिए नंबर भेजें:\n{#var#}\n{#var#}\n{#var#}\n0 मेनू, # पीछे\n"
        "जवाब {#var#} पर"
    )
    assert three.matches("आगे जानने के लिए नंबर भेजें:\n1 मुद्रा लोन\n2 बैंक लोन\n3 KCC\n0 मेनू, # पीछे\n"
                         "जवाब +918000000001 पर")
    assert not three.matches("आगे जानने के लिए नंबर भेजें:\n1 मुद्रा लोन\n2 बैंक लोन\n0 मेनू, # पीछे\n"
                             "जवाब +918000000001 पर")
    assert not three.matches("आगे जानने के लिए नंबर भेजें:\n1 " + "क" * 30 + "\n2 a\n3 b\n0 मेनू, # पीछे\n"
                             "जवाब +918000000001 पर")




BROKEN = [
    ("malformed list id", "messages/core.yaml", FOLLOW_UPS_HI, '      sms_hi: {1: "12", 2: "1107600000000000002"',
     "answer.follow_ups.dlt_lists[1].dlt_templates.sms_hi: '12' is not a 19-digit DLT template id"),
    ("a line count without every edition", "messages/core.yaml", FOLLOW_UPS_HI,
     '      sms_hi: {9: "1107600000000009999", 1: "1107600000000000001", 2: "1107600000000000002"',
     "answer.follow_ups.dlt_lists[9].dlt_templates: no DLT template id for sms_hi_latn"),
    ("more lines than a list can have", "messages/core.yaml", FOLLOW_UPS_HI,
     '      sms_hi: {12: "1107600000000009999", 1: "1107600000000000001", 2: "1107600000000000002"',
     "answer.follow_ups.dlt_lists: a list has 1 to 9 lines, not 12"),
    ("a list id claimed twice", "messages/core.yaml", FOLLOW_UPS_HI,
     '      sms_hi: {1: "1107600000000000002", 2: "1107600000000000002"',
     "DLT template id 1107600000000000002 is also claimed by answer.follow_ups.sms_hi[1]"),
    ("lists on a text that heads no list", "messages/core.yaml",
     '    dlt_skip: "closing line of the suggestion list templates"\n',
     '    dlt_skip: "closing line of the suggestion list templates"\n'
     '    dlt_lists: {sms_hi: {1: "1107600000000009998"}}\n',
     "suggest.none.dlt_lists: no numbered list is headed by suggest.none"),
]


@pytest.mark.parametrize(("label", "file", "old", "new", "reason"), BROKEN, ids=[case[0] for case in BROKEN])
def test_each_list_rule_reports_file_key_and_reason(label: str, file: str, old: str, new: str, reason: str,
                                                    tmp_path: Path) -> None:
    problems = [str(problem) for problem in dlt_problems(broken_copy(tmp_path, file, old, new))]
    assert any(reason in problem for problem in problems), problems

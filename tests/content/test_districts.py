"""Districts: every spelling people send lands on the right district; strangers land nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.content.catalog import Catalog, load_catalog
from bot.content.guided_checks import check_guided
from bot.content.loader import read_content

CASES = [
    ("jhansi", "jhansi"), ("Jhansi", "jhansi"), ("झाँसी", "jhansi"), ("झांसी", "jhansi"), ("jhasi", "jhansi"),
    ("main jhansi se hoon", "jhansi"), ("मिर्जापुर", "mirzapur"), ("banaras", "varanasi"),
    ("वाराणसी", "varanasi"), ("varansi", "varanasi"), ("chitrakut", "chitrakoot"), ("kalpi", "jalaun"),
    ("बांदा", "banda"), ("देवास", "dewas"), ("dhar", "dhar"), ("sant ravidas nagar", "bhadohi"),
    ("chandoli", "chandauli"), ("koi aur", "other"), ("अन्य", "other"),
    ("lucknow", None), ("dhan", None), ("mudra loan kaise milega", None), ("haan", None), ("loan", None),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(PROJECT_ROOT / "content_hindi")


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[case[0] for case in CASES])
def test_district_is_found(catalog: Catalog, text: str, expected: str | None) -> None:
    assert catalog.district_index.find(text) == expected


def test_all_fourteen_districts_and_other_are_listed_in_order(catalog: Catalog) -> None:
    ids = list(catalog.districts)
    assert ids[:2] == ["jhansi", "lalitpur"] and ids[-1] == "other" and len(ids) == 15
    assert {catalog.districts[i].region for i in ids[:-1]} == {"bundelkhand", "eastern_up", "mp"}


def test_alias_read_as_another_district_is_reported(tmp_path: Path) -> None:
    root = PROJECT_ROOT / "content_hindi"
    text = (root / "districts.yaml").read_text(encoding="utf-8").replace("aliases: [dhar]", "aliases: [dhar, dewas]")
    (tmp_path / "districts.yaml").write_text(text, encoding="utf-8")
    files = read_content(tmp_path)
    problems = list(check_guided(files, {}, {}))
    assert any(p.key == "dhar.aliases" and "dewas" in p.reason for p in problems)

"""Matchers over the small fixture set and over the real `content_hindi/faq/` catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.content.matcher import Matcher
from bot.content.schema import FaqEntry, FaqFile

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_entries(*paths: Path) -> list[FaqEntry]:
    """Every FAQ entry of the given YAML files, validated."""
    files = [FaqFile.model_validate(yaml.safe_load(path.read_text("utf-8"))) for path in paths]
    return [entry for faq in files for entry in faq.entries]


def real_entries() -> list[FaqEntry]:
    """The shipped catalogue: every `content_hindi/faq/*.yaml`."""
    return load_entries(*sorted((ROOT / "content_hindi" / "faq").glob("*.yaml")))


@pytest.fixture(scope="session")
def small_matcher() -> Matcher:
    return Matcher.build(load_entries(FIXTURES / "faq_small.yaml"))


@pytest.fixture(scope="session")
def real_matcher() -> Matcher:
    return Matcher.build(real_entries())

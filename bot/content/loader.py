"""Read `content_hindi/` into validated file models, collecting every problem before failing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.finder import FinderFile, WordsFile
from bot.content.problems import ContentProblem
from bot.content.schema import DistrictsFile, FaqFile, KeywordsFile, MenusFile, MessagesFile

Model = TypeVar("Model", bound=BaseModel)


@dataclass
class ContentFiles:
    """The parsed files of one content directory, keyed by their path relative to it."""

    root: Path
    messages: dict[str, MessagesFile] = field(default_factory=dict)
    faqs: dict[str, FaqFile] = field(default_factory=dict)
    menus: dict[str, MenusFile] = field(default_factory=dict)
    keywords: dict[str, KeywordsFile] = field(default_factory=dict)
    districts: dict[str, DistrictsFile] = field(default_factory=dict)  # optional districts.yaml
    finder: dict[str, FinderFile] = field(default_factory=dict)  # optional finder/rules.yaml
    words: dict[str, WordsFile] = field(default_factory=dict)  # optional words.yaml
    problems: list[ContentProblem] = field(default_factory=list)


def read_content(root: Path) -> ContentFiles:
    """Parse and shape-check every content file under root."""
    files = ContentFiles(root=root)
    if not root.is_dir():
        files.problems.append(ContentProblem(str(root), "-", "content directory not found"))
        return files
    for path in sorted(root.glob("messages/*.yaml")):
        _read_into(files, path, MessagesFile, files.messages)
    for path in sorted(root.glob("faq/*.yaml")):
        _read_into(files, path, FaqFile, files.faqs)
    _read_required(files, root / "menus.yaml", MenusFile, files.menus)
    _read_required(files, root / "keywords.yaml", KeywordsFile, files.keywords)
    _read_optional(files, root / "districts.yaml", DistrictsFile, files.districts)
    _read_optional(files, root / "finder" / "rules.yaml", FinderFile, files.finder)
    _read_optional(files, root / "words.yaml", WordsFile, files.words)
    return files


def _read_optional(files: ContentFiles, path: Path, model: type[Model], into: dict[str, Model]) -> None:
    if path.exists():
        _read_into(files, path, model, into)


def _read_required(
    files: ContentFiles, path: Path, model: type[Model], into: dict[str, Model]
) -> None:
    if not path.exists():
        files.problems.append(ContentProblem(path.name, "-", "required file is missing"))
        return
    _read_into(files, path, model, into)


def _read_into(files: ContentFiles, path: Path, model: type[Model], into: dict[str, Model]) -> None:
    name = str(path.relative_to(files.root))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        files.problems.append(ContentProblem(name, "-", f"not valid YAML/UTF-8: {exc}"))
        return
    try:
        into[name] = model.model_validate(data)
    except ValidationError as exc:
        files.problems.extend(_located(name, data, error) for error in exc.errors())


def _located(name: str, data: object, error: dict[str, object]) -> ContentProblem:
    """Turn a pydantic error into file + readable key (entry ids instead of list indexes)."""
    location = error.get("loc", ())
    assert isinstance(location, tuple)
    return ContentProblem(name, _readable_key(data, location), str(error.get("msg", "invalid")))


def _readable_key(data: object, location: tuple[object, ...]) -> str:
    parts: list[str] = []
    node = data
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            label = node.get("id") if isinstance(node, dict) else None
            parts.append(str(label) if label else f"[{step}]")
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "-"

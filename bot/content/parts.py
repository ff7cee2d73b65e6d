"""Split a long reply into numbered parts that each fit the channel's limit."""

from __future__ import annotations

PART_MARK = "({index}/{total}) "


def split_parts(text: str, limit: int) -> list[str]:
    """The text as-is when it fits, else numbered parts "(1/3) …" cut at line or word boundaries."""
    if len(text) <= limit:
        return [text]
    # Room for the "(nn/nn) " prefix on every part.
    budget = limit - len(PART_MARK.format(index=99, total=99))
    chunks = _chunks(text, budget)
    total = len(chunks)
    return [PART_MARK.format(index=i, total=total) + chunk for i, chunk in enumerate(chunks, 1)]


def _chunks(text: str, budget: int) -> list[str]:
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > budget:
        cut = _best_cut(rest, budget)
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _best_cut(text: str, budget: int) -> int:
    """Prefer a line break, then a space, in the second half of the budget; else a hard cut."""
    window = text[: budget + 1]
    for separator in ("\n", " "):
        position = window.rfind(separator)
        if position >= budget // 2:
            return position
    return budget

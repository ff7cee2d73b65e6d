"""Staff reports over the query log: what people ask most, and what went unanswered."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.models import QueryLog


@dataclass(frozen=True)
class AskedEntry:
    entry_id: str
    count: int
    share: float  # of all queries in the window
    by_channel: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class UnansweredQuestion:
    normalised_text: str
    count: int
    example: str  # one raw message, as the user wrote it
    last_asked_at: datetime


def _window(since: datetime, district: str | None) -> list[object]:
    conditions: list[object] = [col(QueryLog.created_at) >= since]
    if district:
        conditions.append(func.lower(col(QueryLog.district)) == district.lower())
    return conditions


def count_queries(session: Session, *, since: datetime, district: str | None = None) -> int:
    """How many questions were asked in the window."""
    return int(session.exec(select(func.count()).select_from(QueryLog).where(*_window(since, district))).one())


def most_asked(session: Session, *, since: datetime, district: str | None = None, limit: int = 20) -> list[AskedEntry]:
    """Answered content ids by how often they were asked, with a split by channel."""
    total = count_queries(session, since=since, district=district) or 1
    rows = session.exec(
        select(QueryLog.matched_id, QueryLog.channel, func.count())
        .where(*_window(since, district), col(QueryLog.answered).is_(True), col(QueryLog.matched_id).is_not(None))
        .group_by(col(QueryLog.matched_id), col(QueryLog.channel))
    ).all()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for entry_id, channel, count in rows:
        counts[str(entry_id)][channel] = int(count)
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0]))[:limit]
    return [AskedEntry(entry, sum(by.values()), sum(by.values()) / total, by) for entry, by in ranked]


def unanswered(
    session: Session, *, since: datetime, district: str | None = None, limit: int = 20
) -> list[UnansweredQuestion]:
    """Unanswered questions grouped by normalised text, most frequent first, with an example."""
    rows = session.exec(
        select(QueryLog.normalised_text, func.count(), func.min(QueryLog.raw_text), func.max(QueryLog.created_at))
        .where(*_window(since, district), col(QueryLog.answered).is_(False))
        .group_by(col(QueryLog.normalised_text))
        .order_by(func.count().desc(), col(QueryLog.normalised_text))
        .limit(limit)
    ).all()
    return [UnansweredQuestion(str(text), int(count), str(example), last) for text, count, example, last in rows]

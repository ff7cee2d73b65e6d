"""Portable INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_ignoring_conflicts(session: Session, model: type[SQLModel], values: dict[str, Any]) -> bool:
    """Insert one row unless it violates a unique constraint; True when a row was written."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(model).values(**values).on_conflict_do_nothing()  # type: ignore[arg-type]
    result = session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def storable(value: str) -> str:
    """PostgreSQL text cannot hold NUL; keep raw text otherwise exactly, marking where NUL was."""
    return value.replace("\x00", "\ufffd")


def storable_form(form: dict[str, list[str]] | Any) -> dict[str, list[str]]:
    """A provider's raw parameters, every key and value storable."""
    return {storable(key): [storable(value) for value in values] for key, values in form.items()}

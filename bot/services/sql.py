"""Portable INSERT … ON CONFLICT DO NOTHING for SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_ignoring_conflicts(session: Session, model: type[SQLModel], values: dict[str, Any]) -> bool:
    """Insert one row unless it violates a unique constraint; True when a row was written."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = model.__table__  # type: ignore[attr-defined]
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key.columns)
    # RETURNING, not rowcount: psycopg reports rowcount -1 for this statement.
    return session.execute(statement).first() is not None


def storable(value: str) -> str:
    """PostgreSQL text cannot hold NUL; keep raw text otherwise exactly, marking where NUL was."""
    return value.replace("\x00", "\ufffd")


def storable_form(form: dict[str, list[str]] | Any) -> dict[str, list[str]]:
    """A provider's raw parameters, every key and value storable."""
    return {storable(key): [storable(value) for value in values] for key, values in form.items()}

"""The migrations build exactly the models' schema, and go down and up again, on this run's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.db import make_engine, metadata
from bot.migrate import downgrade, is_up_to_date, upgrade

TABLES = {"contact", "flow_session", "message", "query_log", "rejected_request"}


def _drift(url: str) -> list[object]:
    engine = make_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata)
    engine.dispose()
    return diff


def test_upgrade_matches_the_models(database_url: str) -> None:
    assert _drift(database_url) == []
    engine = make_engine(database_url)
    assert TABLES <= set(inspect(engine).get_table_names())
    assert is_up_to_date(engine, database_url)
    engine.dispose()


def test_downgrade_to_base_and_up_again(database_url: str) -> None:
    downgrade(database_url, "base")
    engine = make_engine(database_url)
    assert not TABLES & set(inspect(engine).get_table_names())
    assert not is_up_to_date(engine, database_url)
    upgrade(database_url)
    assert is_up_to_date(engine, database_url)
    engine.dispose()
    assert _drift(database_url) == []

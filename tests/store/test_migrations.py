"""Alembic migrations create exactly the models' schema, idempotently."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from faceleak.store import current_revision, make_engine, schema_is_current, upgrade
from faceleak.store.migrate import alembic_config, head_revision, include_name
from faceleak.store.models import Base


def test_a_fresh_database_has_no_revision(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    assert not schema_is_current(engine)
    engine.dispose()


def test_upgrade_reaches_head_and_a_second_upgrade_is_a_no_op(db_url: str) -> None:
    engine = make_engine(db_url)
    assert upgrade(engine) == head_revision()
    assert upgrade(engine) == head_revision()
    assert schema_is_current(engine)
    engine.dispose()


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_name": include_name}  # 0006's search indexes
        context = MigrationContext.configure(conn, opts=opts)
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_initial_migration_downgrades_cleanly(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    with engine.connect() as conn:
        remaining = set(inspect(conn).get_table_names()) - {"alembic_version"}
    assert remaining == set()
    assert upgrade(engine) == head_revision()
    engine.dispose()

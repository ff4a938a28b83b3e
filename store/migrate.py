"""Schema migrations with Alembic, run from code (``faceleak init``, tests, the daemon).

The scripts live inside the installed package, so no alembic.ini or working
directory is needed. On PostgreSQL an advisory lock serialises concurrent
upgrades (two daemons starting together); SQLite's ``BEGIN IMMEDIATE`` does
the same there.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_KEY = 0x66616365  # "face": any constant shared by every faceleak process


SEARCH_INDEXES = ("listings_fts", "ix_listings_search")  # migration 0006, not in the models


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Autogenerate's filter: leave out the search indexes of 0006 (and FTS5's shadow tables)."""
    return not (name and name.startswith(SEARCH_INDEXES))


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migration scripts in {MIGRATIONS}")
    return head


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the schema to the newest revision (a no-op when it is there); return that revision."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        command.upgrade(alembic_config(connection), "head")
        revision = _current(connection)
    if revision is None:
        raise RuntimeError("alembic upgrade finished without recording a revision")
    return revision


def current_revision(engine: Engine) -> str | None:
    """The schema's revision, or None for a database that was never initialised.

    Read in a read-only transaction: checking the schema must not wait for a writer.
    """
    from faceleak.store.engine import read_only

    with read_only(engine).connect() as connection:
        return _current(connection)


def schema_is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()

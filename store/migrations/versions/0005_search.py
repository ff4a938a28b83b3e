"""Full-text search over listings: SQLite FTS5 (trigram) kept by triggers; PostgreSQL GIN.

SQLite: an external-content FTS5 table over ``listings(title, text)`` with the ``trigram``
tokenizer (substring search, which Chinese without word breaks needs), filled from the
existing rows and kept in step by triggers. PostgreSQL: a GIN index on the ``simple``
``to_tsvector`` of title and text, the expression ``store/search.py`` queries with. Neither is
in the models (no ORM class reads them); ``store.migrate.include_name`` keeps autogenerate
comparisons from reporting them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE listings_fts USING fts5(title, text, content='listings', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER listings_fts_ai AFTER INSERT ON listings BEGIN "
    "INSERT INTO listings_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER listings_fts_ad AFTER DELETE ON listings BEGIN "
    "INSERT INTO listings_fts(listings_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER listings_fts_au AFTER UPDATE OF title, text ON listings BEGIN "
    "INSERT INTO listings_fts(listings_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO listings_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO listings_fts(listings_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS listings_fts_au",
    "DROP TRIGGER IF EXISTS listings_fts_ad",
    "DROP TRIGGER IF EXISTS listings_fts_ai",
    "DROP TABLE IF EXISTS listings_fts",
)
PG_UP = (
    "CREATE INDEX ix_listings_search ON listings USING gin "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text))",
)
PG_DOWN = ("DROP INDEX IF EXISTS ix_listings_search",)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_UP if dialect == "postgresql" else SQLITE_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_DOWN if dialect == "postgresql" else SQLITE_DOWN)

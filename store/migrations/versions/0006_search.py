"""Search: full text over listings and an index of their contacts, both kept by triggers.

Full text. 
SQLite: an external-content FTS5 table over ``listings(title, text)`` with the ``trigram``
tokenizer (substring search, which Chinese without word breaks needs), filled from the
existing rows and kept in step by triggers. PostgreSQL: a GIN index on the ``simple``
``to_tsvector`` of title and text, the expression ``store/search.py`` queries with. Neither is
in the models (no ORM class reads them); ``store.migrate.include_name`` keeps autogenerate
comparisons from reporting them.

Contacts. ``listing_contacts`` holds one row per contact of a listing with its comparison key
(trimmed, a leading ``@`` dropped, lower case, the same SQL expression the queries apply to the
value looked up), written by triggers on ``listings`` (insert, and update of ``contacts``), so
``--contact`` and the contact pivots are an index lookup instead of parsing every listing's JSON.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 23:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
KEY_SQLITE = "lower(ltrim(trim(json_extract(value, '$.value')), '@'))"
CONTACT_ROWS_SQLITE = (
    "INSERT INTO listing_contacts (listing_id, kind, value_key) "
    f"SELECT new.id, json_extract(value, '$.kind'), {KEY_SQLITE} FROM json_each(new.contacts) "
    f"WHERE json_type(new.contacts) = 'array' AND coalesce({KEY_SQLITE}, '') != ''; "
)
SQLITE_CONTACTS_UP = (
    "CREATE TRIGGER listing_contacts_ai AFTER INSERT ON listings BEGIN "
    + CONTACT_ROWS_SQLITE + "END",
    "CREATE TRIGGER listing_contacts_au AFTER UPDATE OF contacts ON listings BEGIN "
    "DELETE FROM listing_contacts WHERE listing_id = old.id; " + CONTACT_ROWS_SQLITE + "END",
    "CREATE TRIGGER listing_contacts_ad AFTER DELETE ON listings BEGIN "
    "DELETE FROM listing_contacts WHERE listing_id = old.id; END",
    "INSERT INTO listing_contacts (listing_id, kind, value_key) "
    f"SELECT listings.id, json_extract(value, '$.kind'), {KEY_SQLITE} "
    "FROM listings, json_each(listings.contacts) WHERE json_type(listings.contacts) = 'array' "
    f"AND coalesce({KEY_SQLITE}, '') != ''",
)
SQLITE_CONTACTS_DOWN = (
    "DROP TRIGGER IF EXISTS listing_contacts_ad",
    "DROP TRIGGER IF EXISTS listing_contacts_au",
    "DROP TRIGGER IF EXISTS listing_contacts_ai",
)
KEY_PG = "lower(ltrim(trim(c->>'value'), '@'))"
PG_CONTACTS_UP = (
    "CREATE FUNCTION faceleak_listing_contacts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' THEN DELETE FROM listing_contacts WHERE listing_id = OLD.id; END IF; "
    "IF json_typeof(NEW.contacts) = 'array' THEN "
    "INSERT INTO listing_contacts (listing_id, kind, value_key) "
    f"SELECT NEW.id, c->>'kind', {KEY_PG} FROM json_array_elements(NEW.contacts) AS c "
    f"WHERE coalesce({KEY_PG}, '') <> ''; END IF; RETURN NULL; END $$",
    "CREATE TRIGGER listing_contacts_sync AFTER INSERT OR UPDATE OF contacts ON listings "
    "FOR EACH ROW EXECUTE FUNCTION faceleak_listing_contacts()",
    "INSERT INTO listing_contacts (listing_id, kind, value_key) "
    f"SELECT l.id, c->>'kind', {KEY_PG} FROM listings AS l, json_array_elements("
    "CASE WHEN json_typeof(l.contacts) = 'array' THEN l.contacts ELSE '[]'::json END) AS c "
    f"WHERE coalesce({KEY_PG}, '') <> ''",
)
PG_CONTACTS_DOWN = (
    "DROP TRIGGER IF EXISTS listing_contacts_sync ON listings",
    "DROP FUNCTION IF EXISTS faceleak_listing_contacts()",
)

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
    op.create_table(
        "listing_contacts",
        sa.Column("id", ID, nullable=False),
        sa.Column("listing_id", ID, nullable=False),
        sa.Column("kind", sa.String(32), nullable=True),
        sa.Column("value_key", sa.String(512), nullable=False),
        sa.ForeignKeyConstraint(["listing_id"], ["listings.id"],
                                name="fk_listing_contacts_listing_id_listings",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_listing_contacts"),
    )
    op.create_index("ix_listing_contacts_listing_id", "listing_contacts", ["listing_id"])
    op.create_index("ix_listing_contacts_value_key", "listing_contacts", ["value_key"])
    _run(PG_CONTACTS_UP if dialect == "postgresql" else SQLITE_CONTACTS_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_CONTACTS_DOWN if dialect == "postgresql" else SQLITE_CONTACTS_DOWN)
    op.drop_index("ix_listing_contacts_value_key", "listing_contacts")
    op.drop_index("ix_listing_contacts_listing_id", "listing_contacts")
    op.drop_table("listing_contacts")
    _run(PG_DOWN if dialect == "postgresql" else SQLITE_DOWN)

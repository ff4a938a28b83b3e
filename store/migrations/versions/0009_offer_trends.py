"""Offer trends: one narrow row per offer and data type, kept by triggers, read by ``stats``.

Trends read every offer of a period. From ``listings`` that meant reading 100,000 wide rows
and expanding their JSON on every change of the store (half a second). ``offer_trends`` holds
what trends count, already computed: the offer's week (the Monday of the ISO week of its
``posted_at``, else ``first_seen``, in UTC), that moment itself (the ``--since`` bound),
its source, one data type (``unknown`` when it has none) and its USD price per photo; ``slot``
0 is the row that counts the offer itself. Triggers on ``listings`` rewrite a listing's rows
when a column trends read changes, in the writer's own transaction, so the table is exact for
every reader and every writer (crawl, label, rescore, raw SQL). Rows are only inserted and
deleted, never counted up in place: concurrent crawls never wait on a shared counter row.
Medians stay exact: ``store/trends.py`` reads the middle values of each week and type through
the ``(week, data_type, per_photo)`` index instead of aggregating them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
COLUMNS = "(listing_id, slot, source_id, at, week, data_type, per_photo)"
TRACKED = ("is_offer", "posted_at", "first_seen", "source_id", "data_types", "photo_count",
           "price_usd", "price_per")


def _rows_sqlite(row: str) -> str:
    """The SELECT of one listing's trend rows (``row`` is ``new`` or the listings alias)."""
    when = f"coalesce({row}.posted_at, {row}.first_seen)"
    return (
        f"SELECT {row}.id, coalesce(t.key, 0), {row}.source_id, {when}, "
        f"date({when}, 'weekday 0', '-6 days'), coalesce(nullif(t.value, ''), 'unknown'), "
        f"CASE WHEN {row}.price_usd IS NULL THEN NULL WHEN {row}.price_per = 'item' "
        f"THEN {row}.price_usd WHEN {row}.photo_count > 0 "
        f"THEN {row}.price_usd * 1.0 / {row}.photo_count END "
    )


def _each_sqlite(row: str) -> str:
    return (f"LEFT JOIN json_each(CASE WHEN json_type({row}.data_types) = 'array' "
            f"THEN {row}.data_types ELSE '[]' END) AS t ")


SQLITE_INSERT = (f"INSERT INTO offer_trends {COLUMNS} " + _rows_sqlite("new")
                 + "FROM (SELECT 1) AS one " + _each_sqlite("new") + "WHERE new.is_offer; ")
SQLITE_CHANGED = " OR ".join(f"old.{c} IS NOT new.{c}" for c in TRACKED)
SQLITE_UP = (
    "CREATE TRIGGER offer_trends_ai AFTER INSERT ON listings WHEN new.is_offer BEGIN "
    + SQLITE_INSERT + "END",
    f"CREATE TRIGGER offer_trends_au AFTER UPDATE OF {', '.join(TRACKED)} ON listings "
    f"WHEN {SQLITE_CHANGED} BEGIN DELETE FROM offer_trends WHERE listing_id = old.id; "
    + SQLITE_INSERT + "END",
    "CREATE TRIGGER offer_trends_ad AFTER DELETE ON listings BEGIN "
    "DELETE FROM offer_trends WHERE listing_id = old.id; END",
    f"INSERT INTO offer_trends {COLUMNS} " + _rows_sqlite("l") + "FROM listings AS l "
    + _each_sqlite("l") + "WHERE l.is_offer",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS offer_trends_ad",
    "DROP TRIGGER IF EXISTS offer_trends_au",
    "DROP TRIGGER IF EXISTS offer_trends_ai",
)


def _rows_pg(row: str) -> str:
    when = f"coalesce({row}.posted_at, {row}.first_seen)"
    return (
        f"SELECT {row}.id, coalesce(t.ord - 1, 0), {row}.source_id, {when}, "
        f"to_char(date_trunc('week', {when} AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), "
        "coalesce(nullif(t.value, ''), 'unknown'), "
        f"CASE WHEN {row}.price_usd IS NULL THEN NULL WHEN {row}.price_per = 'item' "
        f"THEN {row}.price_usd WHEN {row}.photo_count > 0 "
        f"THEN {row}.price_usd * 1.0 / {row}.photo_count END "
    )


def _each_pg(row: str) -> str:
    return (f"LEFT JOIN LATERAL json_array_elements_text(CASE WHEN json_typeof({row}.data_types) "
            f"= 'array' THEN {row}.data_types ELSE '[]'::json END) WITH ORDINALITY "
            "AS t(value, ord) ON true ")


PG_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}"
                         for c in TRACKED if c != "data_types")
PG_UP = (
    "CREATE FUNCTION faceleak_offer_trends() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND NOT (" + PG_CHANGED + " OR OLD.data_types::text IS DISTINCT FROM "
    "NEW.data_types::text) THEN RETURN NULL; END IF; "
    "IF TG_OP <> 'INSERT' THEN DELETE FROM offer_trends WHERE listing_id = OLD.id; END IF; "
    f"IF TG_OP <> 'DELETE' AND NEW.is_offer THEN INSERT INTO offer_trends {COLUMNS} "
    + _rows_pg("NEW") + "FROM (SELECT 1) AS one " + _each_pg("NEW") + "; END IF; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER offer_trends_sync AFTER INSERT OR DELETE OR UPDATE OF "
    f"{', '.join(TRACKED)} ON listings FOR EACH ROW EXECUTE FUNCTION faceleak_offer_trends()",
    f"INSERT INTO offer_trends {COLUMNS} " + _rows_pg("l") + "FROM listings AS l "
    + _each_pg("l") + "WHERE l.is_offer",
)
PG_DOWN = (
    "DROP TRIGGER IF EXISTS offer_trends_sync ON listings",
    "DROP FUNCTION IF EXISTS faceleak_offer_trends()",
)


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "offer_trends",
        sa.Column("listing_id", ID, nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("source_id", ID, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("week", sa.String(10), nullable=True),
        sa.Column("data_type", sa.Text(), nullable=False),
        sa.Column("per_photo", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["listing_id"], ["listings.id"],
                                name="fk_offer_trends_listing_id_listings", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("listing_id", "slot", name="pk_offer_trends"),
    )
    op.create_index("ix_offer_trends_slot", "offer_trends", ["slot", "week", "source_id", "at"])
    op.create_index("ix_offer_trends_week", "offer_trends",
                    ["week", "data_type", "per_photo", "at"])
    op.create_index("ix_offer_trends_at", "offer_trends", ["at"])
    dialect = op.get_bind().dialect.name
    _run(PG_UP if dialect == "postgresql" else SQLITE_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_DOWN if dialect == "postgresql" else SQLITE_DOWN)
    op.drop_index("ix_offer_trends_at", "offer_trends")
    op.drop_index("ix_offer_trends_week", "offer_trends")
    op.drop_index("ix_offer_trends_slot", "offer_trends")
    op.drop_table("offer_trends")

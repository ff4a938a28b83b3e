"""Two-stage matching: the 256-bit confirming hash of every image and watchlist entry.

Nullable: rows hashed before this revision have none, and are matched on the
64-bit hash alone at the old single-stage radius (``store.matching``). Adding a
nullable column needs no table rebuild, on SQLite either.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 20:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("images", "watchlist_hashes")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("fine_hash", sa.LargeBinary(64), nullable=True))
        op.add_column(table, sa.Column("fine_mirror", sa.LargeBinary(64), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("fine_mirror")
            batch_op.drop_column("fine_hash")

"""Incremental passes: per source, each thread or item page as last fetched.

``crawl_marks`` keeps the index's marker of a thread's last activity (last-reply time,
reply count) and when the page was fetched, so a pass skips what has not changed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 23:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "crawl_marks",
        sa.Column("id", ID, nullable=False),
        sa.Column("source_id", ID, nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("marker", sa.String(255), nullable=True),
        sa.Column("fetched_at", TS, nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], ondelete="CASCADE",
                                name="fk_crawl_marks_source_id_sources"),
        sa.PrimaryKeyConstraint("id", name="pk_crawl_marks"),
        sa.UniqueConstraint("source_id", "url", name="uq_crawl_marks_source_id_url"),
    )


def downgrade() -> None:
    op.drop_table("crawl_marks")

"""Reveals: each time an analyst unblurred a retained sample image in the console.

One row per reveal (who, when, which sample of which listing); the audit trail shows them
beside triage and labels. Rows are never changed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 00:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reveals",
        sa.Column("id", ID, nullable=False),
        sa.Column("listing_id", ID, nullable=False),
        sa.Column("image_id", ID, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("by", sa.String(128), nullable=False),
        sa.ForeignKeyConstraint(["listing_id"], ["listings.id"], ondelete="CASCADE",
                                name="fk_reveals_listing_id_listings"),
        sa.ForeignKeyConstraint(["image_id"], ["images.id"], ondelete="CASCADE",
                                name="fk_reveals_image_id_images"),
        sa.PrimaryKeyConstraint("id", name="pk_reveals"),
    )
    op.create_index("ix_reveals_listing_id", "reveals", ["listing_id"])


def downgrade() -> None:
    op.drop_index("ix_reveals_listing_id", "reveals")
    op.drop_table("reveals")

"""Analysts' labels and refitted offer models.

``labels`` keeps every correction (the label trail); ``listings.label_id`` points at the one in
force. ``offer_models`` keeps the models ``faceleak model fit`` refits, so every crawl worker
scores with the same one.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "labels",
        sa.Column("id", ID, nullable=False),
        sa.Column("listing_id", ID, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("by", sa.String(128), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("is_offer", sa.Boolean(), nullable=False),
        sa.Column("data_types", sa.JSON(), nullable=False),
        sa.Column("photo_count", sa.BigInteger(), nullable=True),
        sa.Column("price", sa.JSON(), nullable=True),
        sa.Column("replaced", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["listing_id"], ["listings.id"],
                                name="fk_labels_listing_id_listings", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_labels"),
    )
    op.create_index("ix_labels_listing_id", "labels", ["listing_id"])
    op.create_table(
        "offer_models",
        sa.Column("id", ID, nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("trained_on", sa.Integer(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_offer_models"),
    )
    with op.batch_alter_table("listings") as batch_op:
        batch_op.add_column(sa.Column("label_id", ID, nullable=True))
        batch_op.create_foreign_key(
            "fk_listings_label_id_labels", "labels", ["label_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.drop_constraint("fk_listings_label_id_labels", type_="foreignkey")
        batch_op.drop_column("label_id")
    op.drop_table("offer_models")
    op.drop_index("ix_labels_listing_id", table_name="labels")
    op.drop_table("labels")

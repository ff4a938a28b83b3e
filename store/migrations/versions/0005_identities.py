"""Stable identities: a seller's display name apart from its key; a post's forwarded-from.

A Telegram seller is keyed by the channel's username (a rename of the title is no new seller);
the title is kept as ``sellers.display_name``. ``listings.forwarded_from`` keeps where a
forwarded post came from. Both nullable: added without a table rebuild, on SQLite too.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 23:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("sellers", sa.Column("display_name", sa.String(255), nullable=True))
    op.add_column("listings", sa.Column("forwarded_from", sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("listings") as batch_op:
        batch_op.drop_column("forwarded_from")
    with op.batch_alter_table("sellers") as batch_op:
        batch_op.drop_column("display_name")

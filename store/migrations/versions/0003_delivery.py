"""Deliveries per channel target, requeueing, and the receiver's last answer.

One outbox row per (alert, channel, target): an email recipient or an apprise URL each get
their own outcome, so one refused recipient neither marks the others sent nor re-sends to
them. ``target`` is '' for single-target channels (webhook, console). ``requeued_at``
restarts the ``delivery.max_age`` window when an operator retries a failed delivery.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.add_column(
            sa.Column("target", sa.String(512), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("requeued_at", TS, nullable=True))
        batch_op.add_column(sa.Column("last_status", sa.Integer(), nullable=True))
        batch_op.drop_constraint("uq_deliveries_alert_id_channel", type_="unique")
        batch_op.create_unique_constraint(
            "uq_deliveries_alert_id_channel_target", ["alert_id", "channel", "target"]
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.drop_constraint("uq_deliveries_alert_id_channel_target", type_="unique")
        batch_op.create_unique_constraint(
            "uq_deliveries_alert_id_channel", ["alert_id", "channel"]
        )
        batch_op.drop_column("last_status")
        batch_op.drop_column("requeued_at")
        batch_op.drop_column("target")

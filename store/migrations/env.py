"""Alembic environment, driven programmatically by ``faceleak.store.migrate``.

The caller hands over an open connection in ``config.attributes["connection"]``;
there is no alembic.ini and no offline (SQL script) mode.
"""

from __future__ import annotations

from alembic import context

from faceleak.store.migrate import include_name
from faceleak.store.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through faceleak.store.migrate (it passes a connection)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; use faceleak.store.migrate.upgrade")
run_migrations_online()

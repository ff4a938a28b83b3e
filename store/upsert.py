"""Insert-if-absent that is safe against concurrent writers, on SQLite and PostgreSQL.

``INSERT ... ON CONFLICT DO NOTHING RETURNING id``: when another transaction
inserted the same key first, PostgreSQL waits for it and then does nothing, and
the caller re-reads the committed row; no savepoint, no retry loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def insert_if_absent(
    session: Session, model: type, values: dict[str, Any], keys: Sequence[str]
) -> int | None:
    """Insert a row unless one with the same unique ``keys`` exists; the new id, or None."""
    dialect = session.get_bind().dialect.name
    insert = _INSERTS.get(dialect)
    if insert is None:
        raise NotImplementedError(f"no insert-if-absent for {dialect}")
    session.flush()
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(keys))
        .returning(model.id)
    )
    return session.execute(statement).scalar_one_or_none()

"""Reads never take SQLite's write lock: a long reader beside writers sees no "database is
locked"; read sessions refuse to write, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DBAPIError

from faceleak.store import read_session_factory, record_listing, session_factory
from faceleak.store.models import Listing, Source

from .conftest import RADIUS, at, post


def test_a_long_reader_beside_many_writes_never_locks_them_out(engine: Engine) -> None:
    write = session_factory(engine)
    with read_session_factory(engine)() as reader:
        assert reader.scalar(select(func.count()).select_from(Listing)) == 0  # txn open now
        for n in range(20):
            with write() as session:
                record_listing(session, post(f"https://t.me/s/market/{n}"), now=at(n),
                               match_radius=RADIUS)
                session.commit()
        # the reader keeps its snapshot (on SQLite) or sees the commits (PostgreSQL read
        # committed); either way it was never in the writers' way
        assert reader.scalar(select(func.count()).select_from(Listing)) in (0, 20)
    with write() as session:
        assert session.scalar(select(func.count()).select_from(Listing)) == 20


def test_a_read_session_refuses_to_write(engine: Engine) -> None:
    with read_session_factory(engine)() as reader:
        reader.add(Source(name="x", kind="telegram"))
        with pytest.raises(DBAPIError):
            reader.flush()


def test_write_sessions_still_write_after_a_read_on_the_same_pooled_connection(
    engine: Engine,
) -> None:
    with read_session_factory(engine)() as reader:
        reader.scalar(select(func.count()).select_from(Source))
    with session_factory(engine)() as session:
        session.add(Source(name="y", kind="telegram"))
        session.commit()

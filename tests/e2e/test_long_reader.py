"""A long reader on SQLite beside a real crawl: zero "database is locked"."""

from __future__ import annotations

from sqlalchemy import func, select

from faceleak.demo import demo_config_yaml
from faceleak.store import make_engine, read_session_factory, upgrade
from faceleak.store.models import Listing

from .conftest import make_faceleak


def test_a_long_reader_beside_a_crawl_does_not_lock_it_out(tmp_path, demo_server, sqlite_url):
    demo_faceleak = make_faceleak(tmp_path, sqlite_url, demo_config_yaml(demo_server.base_url))
    engine = make_engine(sqlite_url)
    try:
        upgrade(engine)
        with read_session_factory(engine)() as reader:  # like an `export` held open
            assert reader.scalar(select(func.count()).select_from(Listing)) == 0
            result = demo_faceleak.run("crawl")
            assert "database is locked" not in result.stderr
            assert result.returncode == 0, result.stderr[-3000:]
        with read_session_factory(engine)() as reader:
            assert reader.scalar(select(func.count()).select_from(Listing)) > 0
    finally:
        engine.dispose()

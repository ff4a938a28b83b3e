"""make_engine: URL normalisation, SQLite tuning, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from faceleak.store import StoreError, make_engine, session_factory
from faceleak.store.engine import normalise_url


@pytest.mark.parametrize(
    "url",
    ["postgres://u@db.example/faceleak", "postgresql://u@db.example/faceleak"],
)
def test_postgres_urls_use_the_psycopg_driver(url: str) -> None:
    assert normalise_url(url).drivername == "postgresql+psycopg"


def test_explicit_driver_is_kept() -> None:
    assert normalise_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_sqlite_file_gets_wal_busy_timeout_foreign_keys_and_normal_sync(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'f.db'}")
    with engine.connect() as conn:
        pragma = {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
        }
    engine.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "busy_timeout": 30000,
        "foreign_keys": 1,
        "synchronous": 1,
    }


def test_sqlite_in_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist") as info:
        make_engine(f"sqlite:///{tmp_path / 'nope' / 'f.db'}")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("url", ["mysql://u@h/db", "oracle://u@h/db", "not a url"])
def test_unsupported_or_malformed_url_is_a_clear_error(url: str) -> None:
    with pytest.raises(StoreError) as info:
        make_engine(url)
    assert "\n" not in str(info.value)


def test_missing_postgres_driver_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name == "psycopg" or name.startswith("psycopg."):
            raise ModuleNotFoundError("No module named 'psycopg'", name="psycopg")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(StoreError, match="psycopg"):
        make_engine("postgresql://u@127.0.0.1/db")


def test_sessions_keep_attributes_after_commit(tmp_path: Path) -> None:
    factory = session_factory(make_engine(f"sqlite:///{tmp_path / 'f.db'}"))
    assert factory.kw["expire_on_commit"] is False


def test_sqlite_sessions_can_use_savepoints(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'f.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    with session_factory(engine)() as session:
        session.execute(text("INSERT INTO t VALUES (1)"))
        nested = session.begin_nested()
        session.execute(text("INSERT INTO t VALUES (2)"))
        nested.rollback()
        session.commit()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT x FROM t")).scalars().all() == [1]
    engine.dispose()


@pytest.mark.parametrize(
    "url",
    ["postgresql+nosuch://bob:hunter2@db/x", "postgresql://bob:hunter2@db:notaport/x"],
)
def test_store_errors_never_show_the_password(url: str) -> None:
    with pytest.raises(StoreError) as info:
        make_engine(url)
    assert "hunter2" not in str(info.value)
    assert "bob" in str(info.value)

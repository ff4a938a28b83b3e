"""Engines and sessions for SQLite (single machine) and PostgreSQL (at scale).

SQLite is tuned for several processes writing one file (crawl children, the
daemon, the CLI): WAL so readers never block the writer, a 30 s busy timeout,
foreign keys on, ``synchronous=NORMAL``, and ``BEGIN IMMEDIATE`` so a
transaction that may write takes the write lock up front. A deferred transaction
that reads and then writes fails at once with SQLITE_BUSY when another process
committed in between; an immediate one waits its turn under the busy timeout.

Reads must not take that lock: an ``export`` or ``listing`` held open would make a
crawl's writes wait and then fail with "database is locked". Sessions from
:func:`read_session_factory` begin deferred (a WAL snapshot, no lock); a write
attempted in one is an error rather than a silent upgrade.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import sessionmaker

from faceleak.store.errors import StoreError

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "faceleak_read_only"  # execution option: a deferred, read-only transaction
SUPPORTED = ("sqlite", "postgresql")


def _masked(url: str) -> str:
    """``url`` with a password between ``user:`` and ``@`` replaced, even when unparseable."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


def normalise_url(url: str) -> URL:
    """Parse ``url``; ``postgres://`` and ``postgresql://`` use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"invalid database URL {_masked(url)!r}: {exc}") from None
    if parsed.get_backend_name() not in SUPPORTED:
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r} in URL: "
            "use sqlite:///PATH or postgresql://USER@HOST/DB"
        )
    return parsed


def _sqlite_path(url: URL) -> Path | None:
    """The database file, or None for an in-memory database."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Take transaction control away from the sqlite3 module (it would issue
        # its own deferred BEGIN and break SAVEPOINT); see the "begin" hook.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
            connection.exec_driver_sql("PRAGMA query_only = ON")
        else:
            connection.exec_driver_sql("PRAGMA query_only = OFF")
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url``; raises :class:`StoreError` with a one-line reason when it cannot."""
    parsed = normalise_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = _sqlite_path(parsed)
        if path is not None and not path.parent.is_dir():
            raise StoreError(
                f"cannot create database {path}: directory {path.parent} does not exist"
            )
    try:
        engine = create_engine(parsed, pool_pre_ping=backend == "postgresql")
    except NoSuchModuleError as exc:
        shown = parsed.render_as_string(hide_password=True)
        raise StoreError(f"unsupported database driver in {shown!r}: {exc}") from None
    except ImportError as exc:
        raise StoreError(
            f"the {backend} driver is not installed ({exc.name or exc}); "
            "for PostgreSQL: pip install 'faceleak[postgres]'"
        ) from None
    if backend == "sqlite":
        _tune_sqlite(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker:
    """Sessions that keep loaded attributes after commit (results are printed after it)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def read_only(engine: Engine) -> Engine:
    """``engine`` whose transactions only read: deferred on SQLite, read-only everywhere."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(postgresql_readonly=True)
    return engine.execution_options(**{READ_ONLY: True})


def read_session_factory(engine: Engine) -> sessionmaker:
    """Sessions for reading only (commands that print): they never take SQLite's write lock."""
    return sessionmaker(bind=read_only(engine), expire_on_commit=False)

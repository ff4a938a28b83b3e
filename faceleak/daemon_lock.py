"""The single-scheduler lock: two schedulers must never share one job store.

It is taken on the job store's database (``daemon.jobstore_url``, else the main database),
since that is what two schedulers would share. SQLite: an flock on a file beside the
database. PostgreSQL: a session advisory lock on a dedicated connection in autocommit, so
it never sits "idle in transaction" (``idle_in_transaction_session_timeout`` would drop it,
and the lock with it, silently), with TCP keepalives so a dead peer is noticed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from faceleak.store.engine import normalise_url

LOCK_KEY = int.from_bytes(hashlib.sha256(b"faceleak-daemon").digest()[:8], "big", signed=True)
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
             "keepalives_count": 3}


class DaemonAlreadyRunning(RuntimeError):
    pass


@contextlib.contextmanager
def single_scheduler_lock(jobstore_url: str) -> Iterator[None]:
    """Hold the lock for the ``with`` body; DaemonAlreadyRunning when another daemon has it."""
    url = make_url(jobstore_url)
    if url.get_backend_name() == "sqlite":
        with _file_lock(url.database or ":memory:"):
            yield
        return
    engine = create_engine(
        normalise_url(jobstore_url), poolclass=NullPool, isolation_level="AUTOCOMMIT",
        connect_args=KEEPALIVE,
    )
    try:
        with engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar()
            if not got:
                raise DaemonAlreadyRunning("another faceleak daemon is running on this job store")
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
    finally:
        engine.dispose()


@contextlib.contextmanager
def _file_lock(db: str) -> Iterator[None]:
    key = hashlib.sha256(str(Path(db).resolve()).encode()).hexdigest()[:16]
    lock_path = (
        Path(db).resolve().with_name(f".{Path(db).name}.daemon.lock")
        if db != ":memory:"
        else Path(f"/tmp/faceleak-{key}.lock")
    )
    with open(lock_path, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DaemonAlreadyRunning(f"another faceleak daemon holds {lock_path}") from None
        yield

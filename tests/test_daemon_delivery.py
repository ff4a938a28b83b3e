"""The daemon: delivery in its own executor and schedule, a dead receiver beside a live one,
and the single-scheduler lock on the job store (SQLite and PostgreSQL)."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import create_engine, text

from faceleak.alerts import raise_alerts
from faceleak.config import load_config
from faceleak.daemon import JOBS_TABLE, run_daemon
from faceleak.daemon_lock import DaemonAlreadyRunning, single_scheduler_lock
from faceleak.store import make_engine, record_listing, session_factory, upgrade
from faceleak.store.changes import ListingObservation

CONFIG = """\
sources:
  - {{name: idle, kind: telegram, start_urls: ["https://t.me/s/x"], schedule: 1d, enabled: false}}
alerts:
  channels:
    - {{name: dead, kind: webhook, url: "http://127.0.0.1:{dead}/h", timeout_s: 1}}
    - {{name: live, kind: webhook, url: "http://127.0.0.1:{live}/h"}}
  rules:
    - {{name: offers, event: new_offer, severity: high, channels: [dead, live]}}
daemon: {{delivery_interval_s: 3600{jobstore}}}
"""


def offer(n: int) -> ListingObservation:
    return ListingObservation(
        source="tg", source_kind="telegram", url=f"https://t.me/s/x/{n}", title=None,
        text="出售人脸照片 2.4万张 3000元", seller="s", posted_at=None, is_offer=True,
        offer_score=0.9, reasons=(), data_types=("face_photo",), photo_count=24000,
        price=None, contacts=(), images=(),
    )


@pytest.fixture
def live():
    received: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            received.append(self.headers["X-Faceleak-Delivery"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)  # accepts, never answers: a hanging receiver
    yield sock.getsockname()[1]
    sock.close()


def start_daemon(app, config_path: Path, db_url: str):
    started, stop = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def progress(line: str) -> None:
        if line.startswith("daemon started"):
            started.set()

    def target() -> None:
        try:
            run_daemon(app, config_path=config_path, db_url=db_url, progress=progress,
                       stop=stop)
        except BaseException as exc:  # reported by the test
            errors.append(exc)
            started.set()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    assert started.wait(120) and not errors, errors
    return stop, thread


def wait_for(predicate, limit_s: float = 120) -> None:
    """Poll until ``predicate()``; the limit only stops a broken test from hanging."""
    deadline = time.monotonic() + limit_s
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_dead_receiver_does_not_hold_the_live_one(tmp_path, sqlite_url, live, dead, caplog):
    caplog.set_level("INFO", logger="faceleak")
    port, received = live
    config_path = tmp_path / "faceleak.yaml"
    config_path.write_text(CONFIG.format(dead=dead, live=port, jobstore=""), encoding="utf-8")
    app = load_config(config_path)
    engine = make_engine(sqlite_url)
    upgrade(engine)
    with session_factory(engine)() as session:
        for n in range(20):
            change = record_listing(session, offer(n), now=datetime.now(UTC), match_radius=9)
            raise_alerts(session, change, app)
        session.commit()
    engine.dispose()
    stop, thread = start_daemon(app, config_path, sqlite_url)
    try:
        wait_for(lambda: len(received) >= 20)
    finally:
        stop.set()
        thread.join(120)
    assert len(received) == 20 and len(set(received)) == 20  # in the first delivery run
    assert any("delivery run: 20 sent, 1 to retry" in r.getMessage() for r in caplog.records)
    store = SQLAlchemyJobStore(engine=create_engine(sqlite_url), tablename=JOBS_TABLE)
    jobs = {job.id: job for job in store.get_all_jobs()}
    assert jobs["delivery"].executor == "delivery"


def test_the_lock_is_taken_on_the_job_store_on_an_idle_connection(
    tmp_path, sqlite_url, postgres_url, live, dead
):
    port, _ = live
    config_path = tmp_path / "faceleak.yaml"
    config_path.write_text(
        CONFIG.format(dead=dead, live=port, jobstore=f", jobstore_url: '{postgres_url}'"),
        encoding="utf-8",
    )
    app = load_config(config_path)
    stop, thread = start_daemon(app, config_path, sqlite_url)
    try:
        with pytest.raises(DaemonAlreadyRunning), single_scheduler_lock(postgres_url):
            pass
        engine = make_engine(postgres_url)
        with engine.connect() as conn:
            states = conn.execute(text(
                "SELECT a.state FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )).scalars().all()
        engine.dispose()
        assert states == ["idle"]  # not "idle in transaction"
    finally:
        stop.set()
        thread.join(120)
    with single_scheduler_lock(postgres_url):  # released on a clean stop
        pass


def test_the_sqlite_lock_refuses_a_second_scheduler(sqlite_url):
    with (
        single_scheduler_lock(sqlite_url),
        pytest.raises(DaemonAlreadyRunning),
        single_scheduler_lock(sqlite_url),
    ):
        pass

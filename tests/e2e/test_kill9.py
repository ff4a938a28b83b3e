"""Kill -9 of `faceleak crawl` and of `faceleak daemon` at 20+ points each (after an alert's
commit, after a claim and before its send, after a send and before its outcome is recorded,
...): after a restart every alert is delivered, and a receiver sees a delivery id twice only
as the retry of a send whose outcome the killed process never recorded."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from faceleak.alerts.crashpoints import ENV
from faceleak.demo import demo_config_yaml
from faceleak.demo.config import SOURCE_NAMES
from faceleak.store import make_engine, session_factory
from faceleak.store.models import Alert, Delivery

from .conftest import make_faceleak

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

# The crawl child dies at the pipeline points (its parent then delivers what was committed);
# the parent dies at the others. Points are ordered so that each is reached: the first runs
# build the outbox, the later ones (one source each, to be quick) kill its delivery.
CRAWL_POINTS = [
    ("pipeline.committed", 2), ("pipeline.committed", 5), ("pass.crawled", 1),
    ("delivery.claimed", 1), ("delivery.sent", 1), ("delivery.recorded", 1),
    ("delivery.sent", 2), ("delivery.claimed", 2), ("delivery.recorded", 2),
    ("delivery.sent", 1), ("delivery.claimed", 1), ("delivery.sent", 3),
    ("delivery.recorded", 1), ("delivery.sent", 1), ("delivery.claimed", 3),
    ("delivery.sent", 2), ("delivery.recorded", 2), ("delivery.sent", 1),
    ("delivery.claimed", 1), ("delivery.sent", 1), ("delivery.recorded", 1),
    ("delivery.sent", 1),
]
DAEMON_POINTS = [  # restarts do not re-crawl (the schedule is not due), so delivery points
    ("delivery.claimed", 1), ("delivery.sent", 1), ("delivery.recorded", 1),
    ("delivery.sent", 2), ("delivery.claimed", 2), ("delivery.recorded", 2),
    ("delivery.sent", 1), ("delivery.claimed", 1), ("delivery.sent", 1),
    ("delivery.recorded", 1), ("delivery.claimed", 1), ("delivery.sent", 2),
    ("delivery.recorded", 1), ("delivery.sent", 1), ("delivery.claimed", 2),
    ("delivery.sent", 1), ("delivery.recorded", 1), ("delivery.claimed", 1),
    ("delivery.sent", 1), ("delivery.recorded", 2),
]


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        self.keys: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler) -> None:
                handler.rfile.read(int(handler.headers["Content-Length"]))
                self.keys.append(handler.headers["X-Faceleak-Delivery"])
                handler.send_response(204)
                handler.end_headers()

            def log_message(handler, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.shutdown()
    server.server_close()


def config(base_url: str, port: int) -> str:
    text = demo_config_yaml(base_url).replace(
        "    - {name: term, kind: console}\n",
        f'    - {{name: soc, kind: webhook, url: "http://127.0.0.1:{port}/h"}}\n'
        f'    - {{name: soc2, kind: webhook, url: "http://127.0.0.1:{port}/h2"}}\n',
    ).replace("channels: [term]", "channels: [soc, soc2]")
    # a claim left by a killed process is retaken after 1 s; runs here are seconds apart
    return text + "delivery: {lease_s: 1}\ndaemon: {delivery_interval_s: 1}\n"


def outbox(db_url: str) -> tuple[list[Delivery], int]:
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            rows = list(session.scalars(select(Delivery)))
            alerts = len(session.scalars(select(Alert.id)).all())
            return rows, alerts
    finally:
        engine.dispose()


def check(db_url: str, receiver: Receiver, resends_allowed: int) -> None:
    rows, alerts = outbox(db_url)
    assert alerts > 0 and len(rows) == 2 * alerts  # one alert per thing, two channels
    assert {d.status for d in rows} == {"sent"}, [(d.id, d.status, d.last_error) for d in rows]
    seen = Counter(receiver.keys)
    assert set(seen) == {d.key for d in rows}  # every delivery reached the receiver
    resent = sum(n - 1 for n in seen.values())
    assert resent <= resends_allowed  # only sends whose outcome was never recorded


def test_kill_9_of_crawl_at_many_points_loses_and_doubles_nothing(
    tmp_path, demo_server, receiver, db_url
):
    fl = make_faceleak(tmp_path, db_url, config(demo_server.base_url, receiver.server_port))
    killed_after_send, parent_kills, child_kills = 0, 0, 0
    for run, (point, nth) in enumerate(CRAWL_POINTS):
        env = {**fl.env, ENV: f"{point}:{nth}"}
        only = ["--source", SOURCE_NAMES["telegram"]] if run > 2 else []
        proc = subprocess.run(
            [sys.executable, "-m", "faceleak", "--db", db_url, "--config", str(fl.config),
             "crawl", *only], env=env, capture_output=True, text=True, timeout=240,
        )
        assert proc.returncode in (0, 1, -signal.SIGKILL), proc.stderr[-2000:]
        if proc.returncode == -signal.SIGKILL:
            parent_kills += 1
            killed_after_send += point == "delivery.sent"
        elif point == "pipeline.committed" and "crawl process exited with -9" in proc.stderr:
            child_kills += 1
    assert (child_kills, parent_kills) == (2, len(CRAWL_POINTS) - 2)  # every point reached
    time.sleep(1.5)  # past the lease a killed claim left behind
    final = fl.run("crawl")
    assert final.returncode == 0, final.stderr[-2000:]
    check(db_url, receiver, killed_after_send)


def _daemon(fl, env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "faceleak", "--db", fl.db_url, "--config", str(fl.config),
         "daemon"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def test_kill_9_of_the_daemon_at_many_points_loses_and_doubles_nothing(
    tmp_path, demo_server, receiver, db_url
):
    fl = make_faceleak(tmp_path, db_url, config(demo_server.base_url, receiver.server_port))
    killed_after_send = kills = 0
    for point, nth in DAEMON_POINTS:
        proc = _daemon(fl, {**fl.env, ENV: f"{point}:{nth}"})
        try:
            code = proc.wait(timeout=30)  # a limit for a broken test, not a timing claim
        except subprocess.TimeoutExpired:  # the point was not reached: nothing left there
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=120)
        assert code in (0, -signal.SIGKILL), proc.stderr.read()[-2000:]
        proc.stderr.close()
        kills += code == -signal.SIGKILL
        killed_after_send += code == -signal.SIGKILL and point == "delivery.sent"
    assert kills == len(DAEMON_POINTS)  # every point was reached
    proc = _daemon(fl, fl.env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows, _ = outbox(db_url)
            if rows and all(d.status == "sent" for d in rows):
                break
            time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 0
        proc.stderr.close()
    check(db_url, receiver, killed_after_send)
    status = json.loads(fl.run("status", "--json").stdout)
    assert status["deliveries"]["pending"] == 0

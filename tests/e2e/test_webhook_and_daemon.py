"""Alerts reach a real webhook receiver once each, signed; the daemon runs and stops cleanly."""

from __future__ import annotations

import hashlib
import hmac
import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy.exc import OperationalError

from faceleak.demo import demo_config_yaml
from faceleak.store import make_engine, read_session_factory
from faceleak.store.queries import source_status

from .conftest import make_faceleak

pytestmark = pytest.mark.slow
SECRET = "s3cret-for-tests"


class Receiver(ThreadingHTTPServer):
    def __init__(self) -> None:
        self.requests: list[tuple[dict, bytes]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler) -> None:
                body = handler.rfile.read(int(handler.headers["Content-Length"]))
                self.requests.append((dict(handler.headers), body))
                handler.send_response(204)
                handler.end_headers()

            def log_message(handler, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.shutdown()


def _webhook_config(base_url: str, hook_url: str) -> str:
    config = demo_config_yaml(base_url)
    return config.replace(
        "    - {name: term, kind: console}\n",
        "    - {name: term, kind: console}\n"
        f'    - {{name: soc, kind: webhook, url: "{hook_url}",'
        " secret_env: FACELEAK_TEST_WEBHOOK_SECRET}\n",
    ).replace(
        "event: new_offer, severity: high, channels: [term]",
        "event: new_offer, severity: high, channels: [soc]",
    )


def test_each_new_offer_is_posted_once_signed_with_its_delivery_key(
    tmp_path, demo_server, receiver, sqlite_url
):
    fl = make_faceleak(tmp_path, sqlite_url, _webhook_config(demo_server.base_url, receiver.url))
    fl.env["FACELEAK_TEST_WEBHOOK_SECRET"] = SECRET

    assert fl.run("crawl").returncode == 0
    assert fl.run("crawl").returncode == 0  # a re-run sends nothing again

    offers = [x for x in fl.json("listings") if x["is_offer"]]
    assert len(receiver.requests) == len(offers)
    keys = set()
    for headers, body in receiver.requests:
        assert headers["Content-Type"].startswith("application/json")
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert headers["X-Faceleak-Signature"] == expected
        keys.add(headers["X-Faceleak-Delivery"])
        alert = json.loads(body)
        assert alert["event"] == "new_offer" and alert["listing"]["is_offer"]
    assert len(keys) == len(receiver.requests)


def _sources_ok(db_url: str) -> set[str]:
    """The sources whose last run was ok (what `status` shows), or none before the schema."""
    engine = make_engine(db_url)
    try:
        with read_session_factory(engine)() as session:
            return {s["source"] for s in source_status(session)
                    if (s["last_run"] or {}).get("status") == "ok"}
    except OperationalError:  # the daemon has not created the schema yet
        return set()
    finally:
        engine.dispose()


def test_daemon_runs_scheduled_passes_and_stops_cleanly_on_sigterm(
    tmp_path, demo_server, sqlite_url
):
    config = demo_config_yaml(demo_server.base_url)
    fl = make_faceleak(tmp_path, sqlite_url, config)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "faceleak",
            "--db",
            sqlite_url,
            "--config",
            str(fl.config),
            "daemon",
        ],
        env=fl.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180
        done: set[str] = set()
        while time.monotonic() < deadline and len(done) < 3:
            time.sleep(1)
            done = _sources_ok(sqlite_url)  # read in-process: a CLI a second would slow the daemon
        assert len(done) == 3, "the daemon should run every source once on start"
        status = json.loads(fl.run("status", "--json").stdout)
        assert {s["source"] for s in status["sources"] if s["last_status"] == "ok"} == done
        second = subprocess.run(
            [
                sys.executable,
                "-m",
                "faceleak",
                "--db",
                sqlite_url,
                "--config",
                str(fl.config),
                "daemon",
            ],
            env=fl.env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 1 and "another faceleak daemon" in second.stderr
        status = json.loads(fl.run("status", "--json").stdout)
        assert all(s["next_run"] for s in status["sources"])
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-2000:]
    assert "daemon stopped" in err

"""`deliveries`, `delivery retry` and the outbox part of `status`, on SQLite and PostgreSQL,
against a real webhook receiver on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from faceleak.alerts import deliver_pending

from .conftest import offer


class Hook:
    status = 404
    received: list[str]

    def __init__(self) -> None:
        self.received = []


@pytest.fixture
def hook() -> Iterator[tuple[Hook, int]]:
    state = Hook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.received.append(self.headers["X-Faceleak-Delivery"])
            self.send_response(state.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def outbox(migrated_db_url, tmp_path: Path, store_at, hook):
    state, port = hook
    path = tmp_path / "hooked.yaml"
    path.write_text(
        "alerts:\n"
        "  channels:\n"
        f"    - {{name: hook, kind: webhook, url: 'http://127.0.0.1:{port}/h'}}\n"
        "  rules:\n"
        "    - {name: new-offers, event: new_offer, severity: high, channels: [hook]}\n",
        encoding="utf-8",
    )
    store = store_at(migrated_db_url, path)
    store.record(offer("https://t.me/s/example/1"), days_ago=2)
    store.record(offer("https://t.me/s/example/2", seller="bob"), days_ago=1)
    return store, state


def test_a_refused_delivery_is_listed_as_failed_and_can_be_retried(outbox, run):
    store, hook = outbox
    report = deliver_pending(store.sessions, store.config)
    assert report.failed == 2  # 404: refused for good, and visible

    listed = json.loads(run(store, "deliveries", "--json").stdout)
    assert [d["status"] for d in listed] == ["failed", "failed"]
    assert {d["last_status"] for d in listed} == {404}
    assert listed[0]["alert"]["event"] == "new_offer" and listed[0]["channel"] == "hook"
    assert json.loads(run(store, "deliveries", "--status", "sent", "--json").stdout) == []
    table = run(store, "deliveries")
    assert table.exit_code == 0 and "HTTP 404" in table.stdout

    one = run(store, "delivery", "retry", str(listed[0]["id"]))
    assert one.exit_code == 0 and "requeued 1 delivery" in one.stderr
    rest = run(store, "delivery", "retry", "--failed")
    assert "requeued 1 delivery" in rest.stderr
    pending = json.loads(run(store, "deliveries", "--status", "pending", "--json").stdout)
    assert len(pending) == 2 and all(d["requeued_at"] for d in pending)

    hook.status = 200
    assert deliver_pending(store.sessions, store.config).sent == 2
    sent = json.loads(run(store, "deliveries", "--status", "sent", "--json").stdout)
    assert sorted(hook.received[-2:]) == sorted(d["key"] for d in sent)  # same keys again
    again = run(store, "delivery", "retry", str(sent[0]["id"]))
    assert again.exit_code == 1 and "nothing to retry" in again.stderr


def test_retry_needs_an_id_or_failed(outbox, run):
    store, _ = outbox
    assert run(store, "delivery", "retry").exit_code == 2
    assert run(store, "delivery", "retry", "1", "--failed").exit_code == 2
    missing = run(store, "delivery", "retry", "999")
    assert missing.exit_code == 1 and "no delivery 999" in missing.stderr


def test_status_shows_the_oldest_pending_delivery_per_channel(outbox, run):
    store, _ = outbox
    result = run(store, "status", "--json")
    channels = json.loads(result.stdout)["deliveries"]["channels"]
    assert channels["hook"]["pending"] == 2 and channels["hook"]["failed"] == 0
    assert channels["hook"]["oldest_pending_age_s"] >= 2 * 86400  # recorded two days ago
    table = run(store, "status")
    assert "oldest pending" in table.stdout and "2.0d" in table.stdout

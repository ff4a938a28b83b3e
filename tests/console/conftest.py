"""Console fixtures: the demo marketplace crawled once into SQLite (a real `faceleak demo` in a
child process), plus two posts it lacks (a hostile one, and a second seller reusing a demo
contact); the console served on loopback from a thread; one headless Chromium per session.

Browser tests need the distribution's chromium (`/usr/bin/chromium`, installed by `.ci/run`)
and the `playwright` package, launched with that executable (never `playwright install`).
With FACELEAK_SCREENSHOTS=1 the tests also write the screenshots in docs/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from faceleak.alerts import raise_alerts
from faceleak.config import load_config_text
from faceleak.demo import demo_config_yaml
from faceleak.store import make_engine, read_session_factory, record_listing, session_factory
from faceleak.store.changes import ListingObservation
from tests.conftest import ROOT, skip_or_fail

CHROMIUM = Path(os.environ.get("FACELEAK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREENSHOTS = os.environ.get("FACELEAK_SCREENSHOTS") == "1"
DOCS = ROOT / "docs"
ANALYST = "console-test"
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">KYC'
HOSTILE_TEXT = ("<script>window.__pwned = 1</script> 出售人脸照片 1000张 "
                "\x1b[2J\x1b]0;owned\x07 \u202egnp.exe TG @evil_faces")
SHARED_CONTACT = "@liaoku_888"  # a demo Telegram seller's handle, reused on the shop below


@dataclass
class DemoStore:
    url: str
    config: Any
    sessions: Any
    read_sessions: Any
    hostile: int  # listing id
    reuser: int  # listing id of the second seller naming SHARED_CONTACT


def _observation(**fields: Any) -> ListingObservation:
    values: dict = {
        "source": "demo-shop", "source_kind": "html", "title": None, "posted_at": None,
        "is_offer": True, "offer_score": 0.9, "reasons": ("goods: 人脸照片 (+1.12)",),
        "data_types": ("face_photo",), "photo_count": 1000, "price": None, "contacts": (),
    }
    values.update(fields)
    return ListingObservation(**values)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoStore]:
    folder = tmp_path_factory.mktemp("console-demo")
    url = f"sqlite:///{folder / 'demo.db'}"
    run = subprocess.run([sys.executable, "-m", "faceleak", "--db", url, "demo"], cwd=folder,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    config = load_config_text(demo_config_yaml("http://127.0.0.1:1/"), "demo.yaml")
    engine = make_engine(url)
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    ids = []
    for obs in (
        _observation(url="http://127.0.0.1:1/item/hostile", seller="<b>mallory</b>",
                     title=HOSTILE_TITLE, text=HOSTILE_TEXT,
                     contacts=({"kind": "telegram", "value": "@evil_faces"},)),
        _observation(url="http://127.0.0.1:1/item/reuse", seller="mirror_shop",
                     title="Face photos, same supplier",
                     text=f"人脸照片 1000张 TG {SHARED_CONTACT}",
                     contacts=({"kind": "telegram", "value": SHARED_CONTACT},)),
    ):
        with sessions.begin() as session:
            change = record_listing(session, obs, now=now, match_radius=10)
            raise_alerts(session, change, config, now=now)
            ids.append(change.listing_id)
    yield DemoStore(url, config, sessions, read_session_factory(engine), *ids)
    engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def console_url(demo_store: DemoStore) -> Iterator[str]:
    """The console over the demo store, loopback only, served by uvicorn from a thread."""
    import uvicorn

    from faceleak.console import create_app

    app = create_app(sessions=demo_store.sessions, read_sessions=demo_store.read_sessions,
                     config=demo_store.config, token=None, default_by=ANALYST)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "console did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")  # sync playwright runs a loop: close it with the module
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) whose page fails the test on a script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.script_errors = errors  # a test expecting a refused request clears it
    yield page
    context.close()
    assert errors == [], errors


def screenshot(page: Any, name: str) -> None:
    """Write docs/<name>.png from the page, only when FACELEAK_SCREENSHOTS=1."""
    if SCREENSHOTS:
        page.screenshot(path=str(DOCS / f"{name}.png"), full_page=False)

"""Posts that cannot be stored make a run ``partial``, raise ``source_failing`` and exit 1.

The store is broken the way real ones break: the database refuses writes (here a SQLite trigger
aborting inserts into ``listings``, as a full disk or a violated constraint would). None stored
at all is ``failed``: ``tests/crawler/test_outcome.py``.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from .conftest import make_faceleak
from .loopback import Answer, Site

pytestmark = pytest.mark.slow

POSTS = 3


@pytest.fixture
def board():
    answers = {
        "/robots.txt": Answer(b"User-agent: *\nAllow: /\n", content_type="text/plain"),
        "/list": Answer(
            "".join(f'<a class="item" href="/item/{n}">{n}</a>' for n in range(POSTS)).encode()
        ),
        **{
            f"/item/{n}": Answer(f'<div class="description">post number {n}</div>'.encode())
            for n in range(POSTS)
        },
    }
    site = Site(answers)
    yield site
    site.close()


def _config(base: str) -> str:
    return (
        "sources:\n  - name: board\n    kind: html\n"
        f'    start_urls: ["{base}/list"]\n    schedule: 1h\n'
        "    allow_private: true\n    download_delay: 0\n"
        '    selectors: {listing: "a.item", body: ".description"}\n'
        "alerts:\n  channels:\n    - {name: term, kind: console}\n  rules:\n"
        "    - {name: broken, event: source_failing, channels: [term], after: 1}\n"
    )


def _refuse_listings_after(db_url: str, kept: int) -> None:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        db.execute(
            "CREATE TRIGGER store_breaks BEFORE INSERT ON listings "
            f"WHEN (SELECT count(*) FROM listings) >= {kept} "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )


def _stored_listings(db_url: str) -> int:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        return db.execute("SELECT count(*) FROM listings").fetchone()[0]


def test_a_run_that_loses_some_posts_is_partial_alerts_and_exits_1(tmp_path, sqlite_url, board):
    host, port = board.address
    fl = make_faceleak(tmp_path, sqlite_url, _config(f"http://{host}:{port}"))
    assert fl.run("init").returncode == 0
    _refuse_listings_after(sqlite_url, kept=2)

    result = fl.run("crawl", "--json")

    assert result.returncode == 1
    assert f"{POSTS - 2} of {POSTS} posts could not be stored" in result.stderr
    summary = json.loads(result.stdout)
    [source] = summary["sources"]
    assert source["status"] == "partial"
    assert source["counts"]["posts"] == POSTS
    assert _stored_listings(sqlite_url) == 2
    assert len(summary["alerts"]) == 1  # source_failing, after one partial run

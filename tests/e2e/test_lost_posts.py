"""Posts that cannot be stored make a run ``partial`` or ``failed``, ``source_failing``, exit 1.

The store is broken the way real ones break: the database refuses writes (here a SQLite trigger
aborting inserts into ``listings``, as a full disk or a violated constraint would).
"""

from __future__ import annotations

import sqlite3

import pytest

from faceleak.demo import demo_config_yaml

from .conftest import make_faceleak

pytestmark = pytest.mark.slow


def _refuse_listings_after(db_url: str, kept: int) -> None:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        db.execute(
            "CREATE TRIGGER store_breaks BEFORE INSERT ON listings "
            f"WHEN (SELECT count(*) FROM listings) >= {kept} "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )


@pytest.fixture
def telegram_only(tmp_path, demo_server, sqlite_url):
    config = demo_config_yaml(demo_server.base_url).replace(
        "{name: source-failing, event: source_failing, severity: medium, channels: [term]}",
        "{name: source-failing, event: source_failing, severity: medium, channels: [term], "
        "after: 1}",
    )
    fl = make_faceleak(tmp_path, sqlite_url, config)
    assert fl.run("init").returncode == 0
    return fl


def _demo_telegram(fl) -> dict:
    return {s["source"]: s for s in fl.json("status")["sources"]}["demo-telegram"]


def test_a_run_that_loses_some_posts_is_partial_alerts_and_exits_1(telegram_only, sqlite_url):
    """(None stored at all is ``failed``: ``tests/crawler/test_outcome.py``.)"""
    _refuse_listings_after(sqlite_url, kept=2)

    result = telegram_only.run("crawl", "--source", "demo-telegram")

    assert result.returncode == 1
    assert "could not be stored" in result.stderr
    assert _demo_telegram(telegram_only)["last_status"] == "partial"
    assert len(telegram_only.json("listings")) == 2
    assert [a["event"] for a in telegram_only.json("alerts")].count("source_failing") == 1

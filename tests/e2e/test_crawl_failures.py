"""A pass where a source fails: reported, exit 1, the others stored; private addresses refused."""

from __future__ import annotations

import socket

import pytest

from faceleak.demo import demo_config_yaml

from .conftest import make_faceleak

pytestmark = pytest.mark.slow


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_source(config: str, source_yaml: str) -> str:
    return config.replace("sources:\n", "sources:\n" + source_yaml, 1)


def test_a_failing_source_is_reported_and_the_others_are_stored(tmp_path, demo_server, sqlite_url):
    dead = (
        f'  - name: dead-board\n    kind: telegram\n    start_urls: ["http://127.0.0.1:{_closed_port()}/s/x"]\n'
        "    schedule: 1h\n    allow_private: true\n    download_delay: 0\n"
    )
    fl = make_faceleak(
        tmp_path, sqlite_url, _with_source(demo_config_yaml(demo_server.base_url), dead)
    )

    result = fl.run("crawl")

    assert result.returncode == 1
    assert "dead-board" in result.stderr
    assert any(x["is_offer"] for x in fl.json("listings"))
    status = {s["source"]: s for s in fl.json("status")["sources"]}
    assert status["dead-board"]["last_status"] == "failed"
    assert status["demo-telegram"]["last_status"] == "ok"


def test_a_source_may_not_reach_loopback_without_allow_private(tmp_path, demo_server, sqlite_url):
    config = demo_config_yaml(demo_server.base_url).replace(
        "allow_private: true", "allow_private: false"
    )
    fl = make_faceleak(tmp_path, sqlite_url, config)

    result = fl.run("crawl", "--source", "demo-telegram")

    assert result.returncode == 1
    assert fl.json("listings") == []


def test_source_failing_alert_after_repeated_failures(tmp_path, sqlite_url):
    dead = (
        f'  - name: dead-board\n    kind: telegram\n    start_urls: ["http://127.0.0.1:{_closed_port()}/s/x"]\n'
        "    schedule: 1h\n    allow_private: true\n    download_delay: 0\n"
    )
    config = (
        "sources:\n" + dead + "alerts:\n  channels:\n    - {name: term, kind: console}\n"
        "  rules:\n    - {name: broken, event: source_failing, channels: [term], after: 2}\n"
    )
    fl = make_faceleak(tmp_path, sqlite_url, config)

    assert fl.run("crawl").returncode == 1
    assert fl.json("alerts") == []
    assert fl.run("crawl").returncode == 1
    alerts = fl.json("alerts")
    assert [a["event"] for a in alerts] == ["source_failing"]
    assert fl.run("crawl").returncode == 1
    assert len(fl.json("alerts")) == 1


def test_unknown_source_name_is_a_usage_error(tmp_path, demo_server, sqlite_url):
    fl = make_faceleak(tmp_path, sqlite_url, demo_config_yaml(demo_server.base_url))
    result = fl.run("crawl", "--source", "nope")
    assert result.returncode == 2
    assert "nope" in result.stderr

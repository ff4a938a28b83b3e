"""The sources of a pass are crawled together: one crawl process, each source its own run."""

from __future__ import annotations

import subprocess

import pytest

from faceleak.config import load_config
from faceleak.crawler import runner
from faceleak.passes import run_pass

from .local_sites import Channel, SiteServer

pytestmark = pytest.mark.slow


def _source(name: str, url: str, allow_private: bool = True) -> str:
    return (f"  - name: {name}\n    kind: telegram\n    start_urls: [\"{url}\"]\n"
            f"    schedule: 1h\n    max_pages: 2\n    allow_private: {str(allow_private).lower()}\n"
            "    obey_robots: false\n    download_delay: 0\n")


def test_three_sources_are_one_crawl_process_and_three_runs(tmp_path, sqlite_url, monkeypatch):
    channels = [Channel(name=f"market{i}", messages=30) for i in range(3)]
    servers = [SiteServer(c).__enter__() for c in channels]
    try:
        config = tmp_path / "faceleak.yaml"
        config.write_text(
            "sources:\n" + "".join(_source(c.name, f"{s.base}/s/{c.name}")
                                   for c, s in zip(channels, servers, strict=True))
            + "crawl: {concurrency: 2}\n", encoding="utf-8")
        started: list[list[str]] = []
        real_popen = subprocess.Popen

        def spy(cmd, **kwargs):
            started.append(cmd)
            return real_popen(cmd, **kwargs)

        monkeypatch.setattr(runner.subprocess, "Popen", spy)
        summary = run_pass(load_config(config), config_path=config, db_url=sqlite_url)
    finally:
        for server in servers:
            server.__exit__()

    assert len(started) == 1
    assert [s.status for s in summary.sources] == ["ok", "ok", "ok"]
    assert [s.counts["posts"] for s in summary.sources] == [30, 30, 30]
    assert all(sum(c.requests.values()) == 2 for c in channels)


def test_sources_that_differ_in_allow_private_get_a_process_each(tmp_path, sqlite_url,
                                                                monkeypatch):
    channel = Channel(messages=5)
    with SiteServer(channel) as server:
        config = tmp_path / "faceleak.yaml"
        config.write_text(
            "sources:\n" + _source("open", f"{server.base}/s/{channel.name}")
            + _source("guarded", f"{server.base}/s/{channel.name}", allow_private=False),
            encoding="utf-8")
        started: list[list[str]] = []
        real_popen = subprocess.Popen

        def spy(cmd, **kwargs):
            started.append(cmd)
            return real_popen(cmd, **kwargs)

        monkeypatch.setattr(runner.subprocess, "Popen", spy)
        summary = run_pass(load_config(config), config_path=config, db_url=sqlite_url)

    assert len(started) == 2
    status = {s.source: s.status for s in summary.sources}
    assert status == {"open": "ok", "guarded": "failed"}  # loopback refused without allow_private

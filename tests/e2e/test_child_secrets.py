"""The crawl child gets its database URL from its environment, never its argv (``ps``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from faceleak.config import load_config
from faceleak.crawler import runner
from faceleak.demo import demo_config_yaml
from faceleak.passes import run_pass


def test_the_child_crawls_with_the_url_from_its_environment_only(
    tmp_path, demo_server, db_url, monkeypatch
):
    if db_url.startswith("postgresql"):  # trust auth ignores it; ps must never show it
        scheme, rest = db_url.split("://", 1)
        db_url = f"{scheme}://postgres:hunter2-secret@{rest.split('@', 1)[1]}"
    config_path = tmp_path / "demo.yaml"
    config_path.write_text(demo_config_yaml(demo_server.base_url), encoding="utf-8")
    app = load_config(config_path)
    seen: list[tuple[str, dict]] = []
    real_popen = subprocess.Popen

    def spy(cmd, **kwargs):
        proc = real_popen(cmd, **kwargs)
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().replace(b"\0", b" ")
        seen.append((cmdline.decode(), kwargs["env"]))
        return proc

    monkeypatch.setattr(runner.subprocess, "Popen", spy)
    summary = run_pass(app, config_path=config_path, db_url=db_url,
                       names=[app.sources[0].name])
    assert summary.sources[0].status == "ok", summary.sources[0].message
    assert summary.sources[0].counts["posts"] > 0  # the child found and used the database
    [(cmdline, env)] = seen
    assert db_url not in cmdline and "hunter2" not in cmdline and "--db" not in cmdline
    assert env[runner.DB_ENV] == db_url

"""The deployment examples say what the code does: docker-compose.yml runs PostgreSQL, Redis,
one scheduler and N workers with real commands; the systemd units pass `systemd-analyze verify`.
Tools that may be absent (docker, systemd) skip with the reason even in CI: they are not
services the suite needs, and where they are absent the examples are still checked as text."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from faceleak.cli import cli
from tests.conftest import ROOT

UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_runs_postgres_redis_one_scheduler_and_scalable_workers():
    services = _compose()["services"]
    assert {"postgres", "redis", "init", "scheduler", "worker"} <= set(services)
    assert services["scheduler"]["command"] == ["daemon", "--distributed"]
    assert services["scheduler"].get("deploy", {}).get("replicas", 1) == 1
    assert services["worker"]["command"][0] == "worker"
    assert services["worker"]["deploy"]["replicas"] >= 2


def test_every_command_in_the_examples_is_a_real_command():
    commands = [s["command"] for s in _compose()["services"].values()
                if s.get("build") or s.get("image") == "faceleak:latest"]
    for unit in UNITS:
        for line in unit.read_text(encoding="utf-8").splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")):
                commands.append(line.split("=", 1)[1].split()[1:])
    assert len(commands) >= 5
    for args in commands:
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0, (args, result.output)


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (a tool, not a service)")
    beside = Path(sys.executable).with_name("faceleak")  # this venv's console script
    faceleak = str(beside) if beside.exists() else shutil.which("faceleak")
    assert faceleak, "the faceleak console script is not installed"
    for unit in UNITS:  # verify checks ExecStart exists: point it at this installation
        text = unit.read_text(encoding="utf-8").replace("/opt/faceleak/bin/faceleak", faceleak)
        text = text.replace("EnvironmentFile=/", "EnvironmentFile=-/")
        copy = tmp_path / unit.name
        copy.write_text(text, encoding="utf-8")
        instance = copy.with_name(copy.name.replace("@.", "@1.")) if "@." in unit.name else copy
        result = subprocess.run(["systemd-analyze", "verify", str(instance)],
                                capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "Unknown" not in result.stderr and "ignoring" not in result.stderr, result.stderr


def test_the_compose_stack_is_valid_for_docker_compose():
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("docker is not installed (a tool, not a service)")
    probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True,
                           timeout=60)
    if probe.returncode != 0:
        pytest.skip(f"docker has no compose plugin: {probe.stderr.strip()[:200]}")
    result = subprocess.run([docker, "compose", "-f", str(ROOT / "docker-compose.yml"), "config",
                             "--quiet"], capture_output=True, text=True, timeout=120,
                            env={"FACELEAK_PG_PASSWORD": "smoke-test", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr

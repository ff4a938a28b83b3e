"""End-to-end helpers: the real CLI in a child process against the demo marketplace on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from faceleak.demo import DemoServer, demo_config_yaml


@dataclass
class Faceleak:
    """Runs ``python -m faceleak --db URL --config PATH ...`` as a user would."""

    db_url: str
    config: Path
    env: dict

    def run(self, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "faceleak",
                "--db",
                self.db_url,
                "--config",
                str(self.config),
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=self.env,
            stdin=subprocess.DEVNULL,
        )

    def json(self, *args: str) -> object:
        result = self.run(*args, "--json")
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout)


@pytest.fixture
def demo_server():
    with DemoServer() as server:
        yield server


def make_faceleak(tmp_path: Path, db_url: str, config_text: str) -> Faceleak:
    config = tmp_path / "faceleak.yaml"
    config.write_text(config_text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACELEAK_")}
    return Faceleak(db_url=db_url, config=config, env=env)


@pytest.fixture
def demo_faceleak(tmp_path: Path, demo_server: DemoServer, db_url: str) -> Faceleak:
    return make_faceleak(tmp_path, db_url, demo_config_yaml(demo_server.base_url))

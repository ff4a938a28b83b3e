"""`check-config` and `daemon` refuse to start when a channel's environment variable is unset
(exit 2, with file, line and field), unless --allow-missing-secrets."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from faceleak.cli import cli

CONFIG = """\
sources:
  - {name: tg-market, kind: telegram, start_urls: ["https://t.me/s/example"], schedule: 15m}
alerts:
  channels:
    - {name: term, kind: console}
    - name: soc
      kind: webhook
      url: "https://soc.example.org/hook"
      secret_env: TEST_FL_HOOK_SECRET
    - {name: mail, kind: email, to: ["a@example.org"], smtp_host: localhost,
       username_env: TEST_FL_SMTP_USER, password_env: TEST_FL_SMTP_PASS,
       from: "faceleak@example.org"}
  rules:
    - {name: new-offers, event: new_offer, severity: high, channels: [soc, mail]}
"""
VARS = ("TEST_FL_HOOK_SECRET", "TEST_FL_SMTP_USER", "TEST_FL_SMTP_PASS")


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in VARS:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "faceleak.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def invoke(config_file: Path, sqlite_url: str, *args: str):
    return CliRunner().invoke(cli, ["--db", sqlite_url, "--config", str(config_file), *args],
                              catch_exceptions=False)


def test_check_config_names_each_unset_variable_with_its_location(config_file, sqlite_url):
    result = invoke(config_file, sqlite_url, "check-config")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == (
        f"{config_file}:9: alerts.channels[1].secret_env: $TEST_FL_HOOK_SECRET is not set "
        "(channel 'soc' needs it); export it, or pass --allow-missing-secrets"
    )
    assert any("alerts.channels[2].username_env: $TEST_FL_SMTP_USER" in x for x in lines)
    assert any("alerts.channels[2].password_env: $TEST_FL_SMTP_PASS" in x for x in lines)
    assert len(lines) == 3


def test_check_config_passes_once_the_variables_are_set(config_file, sqlite_url, monkeypatch):
    for name in VARS:
        monkeypatch.setenv(name, "x")
    result = invoke(config_file, sqlite_url, "check-config")
    assert result.exit_code == 0 and "ok" in result.stderr


def test_allow_missing_secrets_only_warns(config_file, sqlite_url):
    result = invoke(config_file, sqlite_url, "check-config", "--allow-missing-secrets")
    assert result.exit_code == 0
    assert result.stderr.count("warning: ") == 3


def test_the_daemon_does_not_start_with_a_missing_secret(config_file, sqlite_url):
    result = invoke(config_file, sqlite_url, "daemon")
    assert result.exit_code == 2
    assert "$TEST_FL_HOOK_SECRET is not set" in result.stderr
    assert "daemon started" not in result.stderr

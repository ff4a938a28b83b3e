"""Logging: -v/-q move the level, --log-json prints one JSON object per line on stderr."""

from __future__ import annotations

import io
import json
import logging

import pytest

from faceleak.logs import configure_logging, level_for


@pytest.fixture(autouse=True)
def _restore_logging():
    root, ours = logging.getLogger(), logging.getLogger("faceleak")
    saved = (root.level, ours.level, list(root.handlers))
    yield
    root.setLevel(saved[0])
    ours.setLevel(saved[1])
    root.handlers[:] = saved[2]


def test_levels_default_to_info_for_the_daemon_and_warning_otherwise():
    assert level_for(0, 0, daemon=True) == logging.INFO
    assert level_for(0, 0, daemon=False) == logging.WARNING
    assert level_for(1, 0, daemon=False) == logging.INFO
    assert level_for(0, 1, daemon=True) == logging.WARNING
    assert level_for(5, 0, daemon=True) == logging.DEBUG and level_for(0, 9, daemon=True) == 40


def test_json_lines_go_to_the_current_stderr(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    configure_logging(logging.INFO, as_json=True)
    logging.getLogger("faceleak.alerts.delivery").info("delivery %s: %s", 7, "sent")
    logging.getLogger("faceleak.alerts.delivery").debug("not shown")
    [line] = stream.getvalue().splitlines()
    doc = json.loads(line)
    assert doc["level"] == "info" and doc["logger"] == "faceleak.alerts.delivery"
    assert doc["message"] == "delivery 7: sent" and doc["ts"].endswith("+00:00")


def test_the_cli_options_reach_the_logging_setup(market, run):
    result = run(market.store, "-q", "--log-json", "-v", "-v", "deliveries", "--json")
    assert result.exit_code == 0
    assert logging.getLogger("faceleak").level == logging.INFO  # WARNING, two down, one up
    assert json.loads(result.stdout)  # stdout stays pure JSON

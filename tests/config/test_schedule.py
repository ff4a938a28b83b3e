"""Schedule strings: intervals and cron lines, checked when the config is loaded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from faceleak.config import Schedule, parse_schedule


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("30s", timedelta(seconds=30)),
        ("15m", timedelta(minutes=15)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(minutes=90)),
        (" 15M ", timedelta(minutes=15)),
    ],
)
def test_interval_forms(text, interval):
    assert parse_schedule(text) == Schedule(interval=interval)


def test_cron_line_keeps_its_expression_with_spacing_normalised():
    assert parse_schedule("cron:  */30   * * * *") == Schedule(cron="*/30 * * * *")


@pytest.mark.parametrize("text", ["", "15", "m", "15 minutes", "0s", "-5m", "1w", "hourly"])
def test_malformed_intervals_are_rejected(text):
    with pytest.raises(ValueError, match="schedule"):
        parse_schedule(text)


@pytest.mark.parametrize(
    "text", ["cron:", "cron: * * *", "cron: 61 * * * *", "cron: * * * * mon-xyz"]
)
def test_malformed_cron_lines_are_rejected(text):
    with pytest.raises(ValueError, match="cron"):
        parse_schedule(text)

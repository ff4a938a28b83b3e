"""Parsing of a source's ``schedule``: an interval such as ``15m`` or ``cron: */30 * * * *``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.triggers.cron import CronTrigger

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"(?:\d+[smhd])+")
_PART = re.compile(r"(\d+)([smhd])")
_CRON_PREFIX = "cron:"
MIN_INTERVAL = timedelta(seconds=1)


@dataclass(frozen=True)
class Schedule:
    """Exactly one of ``interval`` and ``cron`` is set."""

    interval: timedelta | None = None
    cron: str | None = None


def parse_schedule(text: str) -> Schedule:
    """Parse a schedule string; raise ValueError with a message fit to show the user."""
    value = text.strip()
    if value.lower().startswith(_CRON_PREFIX):
        expression = " ".join(value[len(_CRON_PREFIX) :].split())
        if not expression:
            raise ValueError("cron schedule has no expression, e.g. 'cron: */30 * * * *'")
        try:
            CronTrigger.from_crontab(expression, timezone="UTC")
        except ValueError as exc:
            raise ValueError(f"invalid cron expression {expression!r}: {exc}") from None
        return Schedule(cron=expression)
    compact = value.replace(" ", "").lower()
    if not _INTERVAL.fullmatch(compact):
        raise ValueError(
            f"invalid schedule {text!r}: use an interval such as '30s', '15m', '2h', '1d' "
            "(or '1h30m'), or a quoted cron line such as 'cron: */30 * * * *'"
        )
    seconds = sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(compact))
    if seconds < MIN_INTERVAL.total_seconds():
        raise ValueError(f"invalid schedule {text!r}: the interval must be at least 1s")
    return Schedule(interval=timedelta(seconds=seconds))


def parse_duration(text: str | int | float) -> timedelta:
    """A length of time such as ``3d``, ``12h`` or ``1h30m`` (a bare number is seconds)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        if text <= 0:
            raise ValueError(f"invalid duration {text!r}: must be positive")
        return timedelta(seconds=text)
    compact = str(text).replace(" ", "").lower()
    if not _INTERVAL.fullmatch(compact):
        raise ValueError(f"invalid duration {text!r}: use e.g. '3d', '12h', '90m' or '1d12h'")
    seconds = sum(int(n) * _UNITS[unit] for n, unit in _PART.findall(compact))
    if seconds < 1:
        raise ValueError(f"invalid duration {text!r}: must be at least 1s")
    return timedelta(seconds=seconds)

"""Post dates as pages print them, to timezone-aware UTC.

A date without a zone is read in the source's ``timezone``, else in the zone the kind's
sites use (Discuz!: China Standard Time, UTC+8 without DST since 1991); the caller passes it.
Absolute forms are read by the fast patterns below; relative and local forms ("3 天前",
"昨天 21:05", "12 марта", "5 minutes ago") by dateparser, counted back from ``now`` in
that zone (:func:`parse_date`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

CHINA = timezone(timedelta(hours=8), "CST")

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_TIME = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"
_NUMERIC = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?" + _TIME, re.I
)
_DAY_FIRST = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3})[a-z]*\.?,?\s+(\d{4})" + _TIME, re.I
)
_ENGLISH = re.compile(
    r"\b([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME, re.I
)


def parse_iso(value: str | None, default_tz: tzinfo = UTC) -> datetime | None:
    """An ISO 8601 timestamp (``datetime`` attributes, JSON APIs) in UTC, or ``None``."""
    if not value:
        return None
    value = value.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_tz)
    return parsed.astimezone(UTC)


def _build(
    year: int, month: int, day: int, groups: tuple[str | None, ...], tz: tzinfo
) -> datetime | None:
    hour_s, minute_s, second_s, ampm = groups
    hour = int(hour_s) if hour_s else 0
    minute = int(minute_s) if minute_s else 0
    second = int(second_s) if second_s else 0
    if ampm:
        pm = ampm.lower().startswith("p")
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if pm else 0)
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz).astimezone(UTC)
    except ValueError:
        return None


def parse_loose(value: str | None, tz: tzinfo = UTC) -> datetime | None:
    """The first date (with its time, if any) found in free text such as
    "发表于 2019-4-1 12:34", "Wed Jan 02, 2013 7:14 pm", "September 19, 2007, 01:08:14 PM"
    or "Saturday 8th of October 2022 12:24:35 PM". A trailing zone name is not read.
    """
    if not value:
        return None
    value = value[:500]
    iso = parse_iso(value, tz)
    if iso:
        return iso
    match = _NUMERIC.search(value)
    if match:
        year, month, day = (int(g) for g in match.groups()[:3])
        return _build(year, month, day, match.groups()[3:], tz)
    for match in _ENGLISH.finditer(value):
        month = _MONTHS.get(match.group(1).lower())
        if month:
            return _build(int(match.group(3)), month, int(match.group(2)), match.groups()[3:], tz)
    for match in _DAY_FIRST.finditer(value):
        month = _MONTHS.get(match.group(2).lower())
        if month:
            return _build(int(match.group(3)), month, int(match.group(1)), match.groups()[3:], tz)
    return None


# Languages of the markets watched (DESIGN 5); fewer languages make dateparser ~20x faster.
DATE_LANGUAGES = ("zh", "ru", "en")
RELATIVE_MAX_CHARS = 64  # a date, maybe with a label; longer text is a post, not a date
_LABEL = re.compile(
    r"^(?:发表于|发布于|发表时间|更新于|posted(?:\s+on)?|опубликовано|добавлено|дата)\s*[:：]?\s*",
    re.I,
)


# Every date has a digit or one of these words; anything else skips dateparser (~7 ms a call).
_DATE_LIKE = re.compile(
    r"\d|昨天|前天|今天|刚刚|yesterday|today|just now|вчера|позавчера|сегодня|только что", re.I
)


def parse_date(
    value: str | None, tz: tzinfo = UTC, now: datetime | None = None
) -> datetime | None:
    """:func:`parse_loose`, then relative and local dates read in ``tz`` relative to ``now``.

    A date more than a day after ``now`` is refused (a misread, not a post from the future).
    """
    found = parse_loose(value, tz)
    if found is not None or not value:
        return found
    text = _LABEL.sub("", " ".join(value.split()))
    if not text or len(text) > RELATIVE_MAX_CHARS or not _DATE_LIKE.search(text):
        return None
    now = (now or datetime.now(UTC)).astimezone(tz)
    # cached per minute: a board prints the same "昨天 21:05" on many rows
    return _relative(text, now.replace(second=0, microsecond=0, tzinfo=None), tz)


@lru_cache(maxsize=4096)
def _relative(text: str, local_now: datetime, tz: tzinfo) -> datetime | None:
    import dateparser  # loads its language data on first use: only pages that need it pay

    parsed = dateparser.parse(
        text,
        languages=list(DATE_LANGUAGES),
        settings={
            "RELATIVE_BASE": local_now,
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        return None
    aware = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)
    if aware - local_now.replace(tzinfo=tz) > timedelta(days=1):
        return None
    return aware.astimezone(UTC)

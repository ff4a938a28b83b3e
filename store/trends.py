"""Market trends: offers per week by source and data type, median USD price per photo by type.

An offer counts in the week it was posted (its ``posted_at``), or first seen when the post
bears no date: a first crawl of an old board must not look like a week of activity. Weeks
without offers are listed with zero. The query reads a few columns of the offers; the
counting is a pure function over those rows (``trend_rows``), so it is tested without a
database and shared by ``stats`` and the console.
A price per photo is the USD price of one item, or a bundle's USD price over its photo count;
offers with neither (no USD rate configured, no count) are left out of the medians.
"""

from __future__ import annotations

import copy
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from faceleak.store.models import Listing, Source


@dataclass(frozen=True, slots=True)
class OfferRow:
    first_seen: datetime
    source: str
    data_types: tuple[str, ...]
    photo_count: int | None
    price_usd: float | None
    price_per: str | None


def week_of(moment: datetime) -> date:
    """The Monday of the ISO week ``moment`` falls in."""
    day = moment.date()
    return day - timedelta(days=day.weekday())


def price_per_photo(row: OfferRow) -> float | None:
    if row.price_usd is None:
        return None
    if row.price_per == "item":
        return row.price_usd
    if row.photo_count:
        return row.price_usd / row.photo_count
    return None


def trend_rows(rows: Iterable[OfferRow]) -> dict:
    """The ``stats --json`` document: weeks ascending, counts by source and by data type,
    and per week and data type the median USD price per photo with how many offers it used."""
    by_source: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_type: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    prices: dict[date, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    total = 0
    for row in rows:
        week = week_of(row.first_seen)
        total += 1
        by_source[week][row.source] += 1
        per_photo = price_per_photo(row)
        for data_type in row.data_types or ("unknown",):
            by_type[week][data_type] += 1
            if per_photo is not None:
                prices[week][data_type].append(per_photo)
    return _trends(total, {w.isoformat(): v for w, v in by_source.items()},
                   {w.isoformat(): v for w, v in by_type.items()},
                   {w.isoformat(): v for w, v in prices.items()})


def offer_rows(session: Session, since: datetime | None = None) -> list[OfferRow]:
    when = func.coalesce(Listing.posted_at, Listing.first_seen)
    query = (
        select(when, Source.name, Listing.data_types, Listing.photo_count,
               Listing.price_usd, Listing.price_per)
        .join(Source, Source.id == Listing.source_id)
        .where(Listing.is_offer.is_(True))
    )
    if since is not None:
        query = query.where(when >= since)
    return [OfferRow(_aware(at), source, tuple(types or ()), count, usd, per)
            for at, source, types, count, usd, per in session.execute(query)]


def _aware(value: datetime | str) -> datetime:
    """coalesce() loses the column type: SQLite hands back text, naive datetimes are UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_WHEN = "coalesce(l.posted_at, l.first_seen)"
_PER_PHOTO = ("CASE WHEN l.price_usd IS NULL THEN NULL WHEN l.price_per = 'item' THEN l.price_usd "
              "WHEN l.photo_count > 0 THEN l.price_usd * 1.0 / l.photo_count END")
_SQL = {
    "sqlite": (f"SELECT l.id, date({_WHEN}, 'weekday 0', '-6 days'), s.name, t.value, "
               f"{_PER_PHOTO} FROM listings AS l JOIN sources AS s ON s.id = l.source_id "
               "LEFT JOIN json_each(CASE WHEN json_type(l.data_types) = 'array' "
               "THEN l.data_types ELSE '[]' END) AS t WHERE l.is_offer = 1"),
    "postgresql": (f"SELECT l.id, to_char(date_trunc('week', {_WHEN} AT TIME ZONE 'UTC'), "
                   f"'YYYY-MM-DD'), s.name, t.value, {_PER_PHOTO} FROM listings AS l "
                   "JOIN sources AS s ON s.id = l.source_id LEFT JOIN LATERAL "
                   "json_array_elements_text(CASE WHEN json_typeof(l.data_types) = 'array' "
                   "THEN l.data_types ELSE '[]'::json END) AS t(value) ON true "
                   "WHERE l.is_offer"),
}


def market_trends(session: Session, since: datetime | None = None) -> dict:
    """``trend_rows`` over the stored offers, with the weeks, the joins and the prices per
    photo computed by the database (one row per offer and data type, no JSON decoded here);
    ``trend_rows(offer_rows(...))`` is the reference it is tested against."""
    dialect = session.get_bind().dialect.name
    sql = _SQL.get(dialect)
    if sql is None:  # another database: the reference path
        return trend_rows(offer_rows(session, since))
    params: dict = {}
    if since is not None:
        sql += f" AND {_WHEN} >= " + (":since" if dialect == "sqlite" else "%(since)s")
        params["since"] = (since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
                           if dialect == "sqlite" else since)
    cursor = session.connection().connection.cursor()  # plain tuples: 120,000 rows and more
    try:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    prices: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    seen: set[int] = set()
    for listing_id, week, source, data_type, per_photo in rows:
        if listing_id not in seen:
            seen.add(listing_id)
            by_source[week][source] += 1
        kind = data_type or "unknown"
        by_type[week][kind] += 1
        if per_photo is not None:
            prices[week][kind].append(float(per_photo))
    return _trends(len(seen), by_source, by_type, prices)


def _trends(offers: int, by_source: dict, by_type: dict, prices: dict) -> dict:
    """The trends JSON from counts keyed by ISO week: every week from the first to the last,
    empty ones with zero."""
    weeks: list[str] = []
    if by_source:
        week, last = date.fromisoformat(min(by_source)), date.fromisoformat(max(by_source))
        while week <= last:
            weeks.append(week.isoformat())
            week += timedelta(days=7)
    empty: dict = {}
    return {
        "offers": offers,
        "weeks": [
            {
                "week": week,
                "offers": sum(by_source.get(week, empty).values()),
                "by_source": dict(sorted(by_source.get(week, empty).items())),
                "by_type": dict(sorted(by_type.get(week, empty).items())),
                "usd_per_photo": {
                    t: {"median": round(median(v), 4), "offers": len(v)}
                    for t, v in sorted(prices.get(week, empty).items())
                },
            }
            for week in weeks
        ],
    }


class TrendsCache:
    """``market_trends`` answered from memory while the store is unchanged (the console's
    trends page reads every offer of the period; an analyst reloading it should not).

    Invalidation is exact, never by age. The store's version is SQLite's ``PRAGMA
    data_version`` on a connection of the cache's own that never writes: it changes whenever any
    other connection, in this process or another, commits. It is read before computing, so a
    commit racing the computation makes the next request recompute. The period's start moves
    with the clock; an answer holds for every start between the newest offer it leaves out and
    the oldest it counts, so it is reused until the start passes an offer. PostgreSQL has no
    such cheap counter: there every request computes.
    """

    KEEP = 8  # answers kept (one per period the console offers is plenty)

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._probes: dict[str, sqlite3.Connection | None] = {}
        self._answers: list[tuple[object, str | None, str | None, str | None, dict]] = []

    def get(self, session: Session, since: datetime | None = None) -> dict:
        version = self._version(session)
        if version is None:
            return market_trends(session, since)
        key = None if since is None else _sqlite_time(since)
        with self._lock:
            for seen, kind, lo, hi, answer in self._answers:
                if seen == version and kind == (key is None) and _within(key, lo, hi):
                    return copy.deepcopy(answer)
        answer = market_trends(session, since)
        lo, hi = _bounds(session, key)
        with self._lock:
            self._answers = [a for a in self._answers if a[0] == version][-(self.KEEP - 1):]
            self._answers.append((version, key is None, lo, hi, answer))
        return copy.deepcopy(answer)

    def _version(self, session: Session) -> object | None:
        bind = session.get_bind()
        if bind.dialect.name != "sqlite" or not bind.url.database \
                or bind.url.database == ":memory:":
            return None
        path = bind.url.database
        with self._lock:
            try:
                if path not in self._probes:
                    self._probes[path] = sqlite3.connect(
                        f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True,
                        check_same_thread=False)
                probe = self._probes[path]
                return (path, probe.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:  # cannot watch the file: compute every time, never guess
                self._probes.pop(path, None)
                return None


def _sqlite_time(since: datetime) -> str:
    return since.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")  # as market_trends binds it


def _within(key: str | None, lo: str | None, hi: str | None) -> bool:
    """Whether a period starting at ``key`` counts the same offers as the cached one."""
    if key is None:
        return True
    return (lo is None or lo < key) and (hi is None or key <= hi)


def _bounds(session: Session, key: str | None) -> tuple[str | None, str | None]:
    """The newest offer time before ``key`` and the oldest at or after it, compared exactly as
    ``market_trends`` compares them (the stored text against the bound start)."""
    if key is None:
        return None, None
    sql = (f"SELECT (SELECT max({_WHEN}) FROM listings AS l WHERE l.is_offer = 1 "
           f"AND {_WHEN} < :since), (SELECT min({_WHEN}) FROM listings AS l "
           f"WHERE l.is_offer = 1 AND {_WHEN} >= :since)")
    lo, hi = session.connection().exec_driver_sql(
        sql.replace(":since", "?"), (key, key)).one()
    return (None if lo is None else str(lo)), (None if hi is None else str(hi))

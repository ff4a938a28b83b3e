"""Market trends: offers per week by source and data type, median USD price per photo by type.

An offer counts in the week it was posted (its ``posted_at``), or first seen when the post
bears no date: a first crawl of an old board must not look like a week of activity. Weeks
without offers are listed with zero. The reference is a pure function over a few columns of
the offers (``trend_rows``), tested without a database; ``market_trends``, shared by ``stats``
and the console, asks the database for the same document from ``offer_trends`` (migration
0009), which triggers keep exact, so a change of the store costs a few indexed queries rather
than a pass over every listing.
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

from sqlalchemy import func, select, text
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
                   {w.isoformat(): {t: {"median": round(median(p), 4), "offers": len(p)}
                                    for t, p in v.items()} for w, v in prices.items()})


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


_BY_SOURCE = ("SELECT o.week, o.source_id, count(*) FROM offer_trends AS o WHERE o.slot = 0{since} "
              "GROUP BY o.week, o.source_id")
_BY_TYPE = ("SELECT o.week, o.data_type, count(*), count(o.per_photo) FROM offer_trends AS o"
            "{where} GROUP BY o.week, o.data_type")
_MIDDLE = ("SELECT o.per_photo FROM offer_trends AS o WHERE o.week = {week} AND o.data_type = "
           "{kind} AND o.per_photo IS NOT NULL{since} ORDER BY o.per_photo "
           "LIMIT 2 - {n} % 2 OFFSET ({n} - 1) / 2")  # the middle price, or the middle two
# PostgreSQL seeks the middle prices of every week and type in the same query; SQLite allows
# no LIMIT or OFFSET that refers to the outer row, so there one indexed query per week and type.
_BY_TYPE_PG = ("SELECT g.week, g.kind, g.offers, g.priced, ARRAY({middle}) FROM (SELECT o.week, "
               "o.data_type AS kind, count(*) AS offers, count(o.per_photo) AS priced "
               "FROM offer_trends AS o{where} GROUP BY o.week, o.data_type) AS g")


def market_trends(session: Session, since: datetime | None = None) -> dict:
    """``trend_rows`` over the stored offers, read from ``offer_trends`` (migration 0009), which
    triggers keep in step with ``listings``: counts grouped by the database over an index, and
    each median from the one or two middle prices per photo, sought in the
    ``(week, data_type, per_photo)`` index, so no offer's row is sent here and the answer is
    exact. ``trend_rows(offer_rows(...))`` is the reference it is tested against."""
    dialect = session.get_bind().dialect.name
    if dialect not in ("sqlite", "postgresql"):  # another database: the reference path
        return trend_rows(offer_rows(session, since))
    connection = session.connection()
    params: dict = {}
    bound = ""
    if since is not None:
        bound = " AND o.at >= :since"
        params["since"] = _sqlite_time(since) if dialect == "sqlite" else since
    names = {source_id: name for source_id, name in connection.execute(
        select(Source.id, Source.name))}
    by_source: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    offers = 0
    for week, source_id, count in connection.execute(
            text(_BY_SOURCE.format(since=bound)), params):
        by_source[week][names[source_id]] += count
        offers += count
    where = bound.replace(" AND", " WHERE", 1)
    if dialect == "postgresql":
        middle = _MIDDLE.format(week="g.week", kind="g.kind", since=bound, n="g.priced")
        groups = connection.execute(text(_BY_TYPE_PG.format(where=where, middle=middle)), params)
    else:
        seek = text(_MIDDLE.format(week=":week", kind=":kind", since=bound, n=":n"))
        groups = [(week, kind, count, priced, connection.execute(
                      seek, {**params, "week": week, "kind": kind, "n": priced}).scalars().all()
                   if priced else [])
                  for week, kind, count, priced in connection.execute(
                      text(_BY_TYPE.format(where=where)), params).all()]
    by_type: dict[str, dict[str, int]] = defaultdict(dict)
    prices: dict[str, dict[str, dict]] = defaultdict(dict)
    for week, kind, count, priced, middle in groups:
        by_type[week][kind] = count
        if priced:  # statistics.median's arithmetic: the middle value, or the mean of two
            value = middle[0] if len(middle) == 1 else (middle[0] + middle[1]) / 2
            prices[week][kind] = {"median": round(value, 4), "offers": priced}
    return _trends(offers, by_source, by_type, prices)


def _trends(offers: int, by_source: dict, by_type: dict, prices: dict) -> dict:
    """The trends JSON from counts and price medians keyed by ISO week: every week from the
    first to the last, empty ones with zero."""
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
                "usd_per_photo": dict(sorted(prices.get(week, empty).items())),
            }
            for week in weeks
        ],
    }


class TrendsCache:
    """``market_trends`` answered from memory while the store is unchanged (a recomputation
    is a few indexed queries, an answer from memory none).

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
    lo, hi = session.connection().exec_driver_sql(
        "SELECT (SELECT max(at) FROM offer_trends WHERE at < ?), "
        "(SELECT min(at) FROM offer_trends WHERE at >= ?)", (key, key)).one()
    return (None if lo is None else str(lo)), (None if hi is None else str(hi))

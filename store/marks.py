"""Crawl marks: what an incremental pass knows of a source's thread and item pages.

Read once when a source's crawl opens, written once when it closes (only for pages whose
posts were all stored: a thread whose post failed is fetched again next time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from faceleak.store.models import CrawlMark, Listing, Source
from faceleak.store.record import get_source

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True, slots=True)
class Mark:
    marker: str | None
    fetched_at: datetime


def is_fresh(mark: Mark | None, marker: str | None, now: datetime,
             revisit: timedelta | None) -> bool:
    """Whether a page need not be fetched again: the index shows the same marker of its last
    activity as when it was last fetched, or (no marker) it was fetched within ``revisit``."""
    if mark is None:
        return False
    if marker is not None:
        return mark.marker == marker
    fetched = mark.fetched_at if mark.fetched_at.tzinfo else mark.fetched_at.replace(tzinfo=UTC)
    return revisit is not None and now - fetched < revisit


def load_marks(session: Session, source_name: str) -> dict[str, Mark]:
    rows = session.execute(
        select(CrawlMark.url, CrawlMark.marker, CrawlMark.fetched_at)
        .join(Source, Source.id == CrawlMark.source_id)
        .where(Source.name == source_name))
    return {url: Mark(marker, fetched_at) for url, marker, fetched_at in rows}


def stored_urls(session: Session, source_name: str) -> set[str]:
    """The URLs of the source's stored listings (where a Telegram pass stops)."""
    return set(session.scalars(
        select(Listing.url).join(Source, Source.id == Listing.source_id)
        .where(Source.name == source_name)))


# A listing that became an offer after its page was last fetched (an analyst's label, a
# rescore): its samples were never downloaded. The mark makes the next pass fetch its page.
SAMPLES_WANTED = "#samples-wanted"
OLDER_PAGES = "#older-pages"


def want_samples(session: Session, listing: Listing, now: datetime) -> None:
    """Have the next pass fetch ``listing``'s page again (for the samples of an offer found
    only now): forget the marks that would skip it, and leave a samples-wanted mark that makes
    a Telegram pass walk its older pages once."""
    marks = session.scalars(select(CrawlMark).where(CrawlMark.source_id == listing.source_id))
    for mark in marks:
        if listing.url.startswith(mark.url) or mark.url.endswith(OLDER_PAGES):
            session.delete(mark)
    session.add(CrawlMark(source_id=listing.source_id, url=(listing.url + SAMPLES_WANTED)[:2048],
                          marker=None, fetched_at=now))
    session.flush()


def samples_seen(session: Session, source_name: str, urls: Iterable[str]) -> int:
    """Drop the samples-wanted marks of posts whose page this pass fetched; returns how many."""
    rows = session.scalars(
        select(CrawlMark).join(Source, Source.id == CrawlMark.source_id)
        .where(Source.name == source_name, CrawlMark.url.like(f"%{SAMPLES_WANTED}"))).all()
    if not rows:
        return 0
    seen = {(url + SAMPLES_WANTED)[:2048] for url in urls}
    done = [mark for mark in rows if mark.url in seen]
    for mark in done:
        session.delete(mark)
    return len(done)


def save_marks(session: Session, source_name: str, kind: str,
               marks: Iterable[tuple[str, str | None]], now: datetime) -> int:
    """Record ``(url, marker)`` pages as fetched at ``now``; returns how many."""
    rows = [{"url": url[:2048], "marker": marker[:255] if marker else None}
            for url, marker in marks]
    if not rows:
        return 0
    source = get_source(session, source_name, kind, now)
    insert = _INSERTS[session.get_bind().dialect.name]
    for row in rows:
        statement = insert(CrawlMark).values(source_id=source.id, fetched_at=now, **row)
        session.execute(statement.on_conflict_do_update(
            index_elements=["source_id", "url"],
            set_={"marker": statement.excluded.marker, "fetched_at": now}))
    return len(rows)

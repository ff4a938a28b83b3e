"""Full-text search looks at a window of the newest matches first; the answer is always the
full search's (newest first_seen first), whatever order ids and first_seen are in."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from faceleak.store import list_listings, record_listing
from faceleak.store import queries as store_queries

from .conftest import RADIUS, at, post


def record(session: Session, url: str, hours: float, text: str) -> None:
    record_listing(session, post(url, text=text), now=at(hours), match_radius=RADIUS)


def full_search(session: Session, query: str, limit: int) -> list[str]:
    """The search without a window: every match, ordered by the database."""
    saved = store_queries._search_window
    store_queries._search_window = lambda *args: None
    try:
        return [x.url for x in list_listings(session, search=query, limit=limit)]
    finally:
        store_queries._search_window = saved


@pytest.fixture
def narrow_windows(monkeypatch):
    monkeypatch.setattr(store_queries, "SEARCH_WINDOWS", (3, 6))


def test_a_common_word_lists_the_newest_matches(session: Session, narrow_windows) -> None:
    for i in range(12):
        record(session, f"u{i}", i, f"fresh liveness pack {i}" if i % 4 else f"other {i}")
    session.commit()
    found = [x.url for x in list_listings(session, search="liveness", limit=4)]
    assert found == ["u11", "u10", "u9", "u7"] == full_search(session, "liveness", 4)


def test_a_listing_with_an_old_id_but_seen_later_is_not_missed(session: Session,
                                                               narrow_windows) -> None:
    record(session, "late", 50, "liveness bulk")  # lowest id, first seen last
    for i in range(10):
        record(session, f"u{i}", i, f"liveness pack {i}")
    session.commit()
    found = [x.url for x in list_listings(session, search="liveness", limit=3)]
    assert found == ["late", "u9", "u8"] == full_search(session, "liveness", 3)


def test_terms_that_rarely_meet_widen_the_window_until_the_page_is_full(
        session: Session, narrow_windows) -> None:
    for i in range(20):
        record(session, f"u{i}", i, "liveness video" if i in (1, 2, 15) else "liveness only")
    session.commit()
    found = [x.url for x in list_listings(session, search="liveness video", limit=3)]
    assert found == ["u15", "u2", "u1"] == full_search(session, "liveness video", 3)

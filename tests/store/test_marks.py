"""Crawl marks: when a thread or item page need not be fetched again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from faceleak.store import make_engine, session_factory
from faceleak.store.marks import Mark, is_fresh, load_marks, save_marks

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def test_a_page_never_fetched_is_fetched():
    assert not is_fresh(None, "3 | 2026-11-20 10:00", NOW, None)


def test_a_thread_whose_marker_is_unchanged_is_skipped_whatever_its_age():
    mark = Mark("3 | 2026-11-20 10:00", NOW - timedelta(days=300))
    assert is_fresh(mark, "3 | 2026-11-20 10:00", NOW, None)


def test_a_thread_with_a_new_reply_is_fetched_again():
    mark = Mark("3 | 2026-11-20 10:00", NOW - timedelta(minutes=5))
    assert not is_fresh(mark, "4 | 2026-11-29 11:58", NOW, timedelta(days=1))


def test_an_item_without_a_marker_waits_for_revisit():
    mark = Mark(None, NOW - timedelta(hours=3))
    assert is_fresh(mark, None, NOW, timedelta(hours=6))
    assert not is_fresh(mark, None, NOW, timedelta(hours=2))


def test_an_item_without_a_marker_or_revisit_is_fetched_every_pass():
    assert not is_fresh(Mark(None, NOW - timedelta(seconds=1)), None, NOW, None)


def test_marks_are_saved_and_replaced_per_source(migrated_db_url):
    engine = make_engine(migrated_db_url)
    Session = session_factory(engine)
    with Session.begin() as session:
        save_marks(session, "board", "discuz", [("http://b/t1", "1"), ("http://b/t2", None)], NOW)
    with Session.begin() as session:
        save_marks(session, "board", "discuz", [("http://b/t1", "2")], NOW + timedelta(hours=1))
        save_marks(session, "other", "discuz", [("http://b/t1", "9")], NOW)
    with Session() as session:
        marks = load_marks(session, "board")
    engine.dispose()
    assert marks["http://b/t1"] == Mark("2", NOW + timedelta(hours=1))
    assert marks["http://b/t2"] == Mark(None, NOW)


def test_a_listing_that_wants_its_samples_drops_the_marks_that_would_skip_it(migrated_db_url):
    from faceleak.store.marks import SAMPLES_WANTED, samples_seen, want_samples
    from faceleak.store.models import Listing
    from faceleak.store.record import get_source

    engine = make_engine(migrated_db_url)
    Session = session_factory(engine)
    with Session.begin() as session:
        save_marks(session, "board", "discuz",
                   [("http://b/t1", "1"), ("http://b/t2", "1"), ("http://b/s#older-pages", None)],
                   NOW)
        source = get_source(session, "board", "discuz", NOW)
        listing = Listing(source_id=source.id, url="http://b/t1#pid7", content_hash="x")
        session.add(listing)
        session.flush()
        want_samples(session, listing, NOW)
    with Session() as session:
        wanted = set(load_marks(session, "board"))
    with Session.begin() as session:
        seen = samples_seen(session, "board", ["http://b/t1#pid7", "http://b/t9"])
    with Session() as session:
        after = set(load_marks(session, "board"))
    engine.dispose()
    assert wanted == {"http://b/t2", "http://b/t1#pid7" + SAMPLES_WANTED}
    assert seen == 1 and after == {"http://b/t2"}

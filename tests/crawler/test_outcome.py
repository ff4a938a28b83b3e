"""A run's outcome from what it saw and what it stored: lost posts are never ``ok``."""

from __future__ import annotations

from faceleak.crawler.outcome import FAILING, UNSUCCESSFUL, run_outcome


def test_every_post_stored_is_ok():
    assert run_outcome(pages=3, posts=20, stored=20).status == "ok"


def test_some_posts_lost_is_partial_and_says_how_many():
    outcome = run_outcome(pages=3, posts=20, stored=17)

    assert outcome.status == "partial"
    assert outcome.message == "3 of 20 posts could not be stored"


def test_no_post_stored_is_failed_even_when_pages_were_seen():
    outcome = run_outcome(pages=3, posts=20, stored=0)

    assert outcome.status == "failed"
    assert outcome.message == "none of 20 posts could be stored"


def test_no_page_is_failed_and_pages_without_posts_are_empty():
    assert run_outcome(pages=0, posts=0, stored=0).status == "failed"
    assert run_outcome(pages=2, posts=0, stored=0).status == "empty"


def test_partial_counts_toward_the_failing_streak_and_the_exit_code():
    assert "partial" in FAILING and "partial" in UNSUCCESSFUL
    assert "empty" in FAILING and "empty" not in UNSUCCESSFUL

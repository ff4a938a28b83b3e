"""The CLI's queries: filters, ordering, links through shared samples, run status."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from faceleak.store import (
    consecutive_failures,
    delivery_counts,
    finish_run,
    get_listing,
    list_alerts,
    list_listings,
    listing_json,
    record_listing,
    related_listings,
    sellers_overview,
    similar_images,
    source_status,
    start_run,
)
from faceleak.store.models import Alert, Delivery

from .conftest import RADIUS, at, flip, post, random_hash, sample


def record(session: Session, url: str, hours: float, **fields):
    return record_listing(session, post(url, **fields), now=at(hours), match_radius=RADIUS)


def test_listings_come_newest_first_and_filter(session: Session) -> None:
    record(session, "u1", 0)
    record(session, "u2", 1, is_offer=False, seller="bob")
    record(session, "u3", 2, source="forum", source_kind="discuz")
    session.commit()
    assert [x.url for x in list_listings(session)] == ["u3", "u2", "u1"]
    assert [x.url for x in list_listings(session, offers_only=True)] == ["u3", "u1"]
    assert [x.url for x in list_listings(session, source="forum")] == ["u3"]
    assert [x.url for x in list_listings(session, seller="bob")] == ["u2"]
    assert [x.url for x in list_listings(session, since=at(1))] == ["u3", "u2"]
    assert [x.url for x in list_listings(session, limit=1)] == ["u3"]


def test_listing_json_of_a_page_of_listings_needs_no_query_per_listing(session: Session) -> None:
    for i in range(5):
        record(session, f"u{i}", i, images=(sample(f"s{i}", random_hash(i)),))
    session.commit()
    session.expunge_all()
    listings = list_listings(session)
    statements: list[str] = []

    def count_statement(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    bind = session.get_bind()
    event.listen(bind, "before_cursor_execute", count_statement)
    try:
        shapes = [listing_json(x) for x in listings]
    finally:
        event.remove(bind, "before_cursor_execute", count_statement)
    assert len(shapes) == 5 and all(len(s["images"]) == 1 for s in shapes)
    assert statements == []


def test_get_listing_loads_versions(session: Session) -> None:
    change = record(session, "u1", 0)
    record(session, "u1", 1, photo_count=1)
    session.commit()
    session.expunge_all()
    listing = get_listing(session, change.listing_id)
    assert [v.version for v in listing.versions] == [1, 2]
    assert get_listing(session, 999_999) is None


def test_related_listings_share_a_cluster(session: Session) -> None:
    h = random_hash(1)
    a = record(session, "u1", 0, images=(sample("a", h),))
    b = record(session, "u2", 1, seller="bob", images=(sample("b", flip(h, range(3))),))
    record(session, "u3", 2, images=(sample("c", random_hash(2)),))
    session.commit()
    related = related_listings(session, a.listing)
    assert [(x.url, ids) for x, ids in related] == [("u2", [b.images[0].cluster_id])]


def test_sellers_overview_links_sellers_through_shared_samples(session: Session) -> None:
    h = random_hash(1)
    shared = record(session, "u1", 0, seller="alice", images=(sample("a", h),))
    record(session, "u2", 1, seller="alice", is_offer=False)
    record(
        session,
        "f1",
        2,
        seller="bob",
        source="forum",
        source_kind="discuz",
        images=(sample("a", h),),
    )
    record(session, "u3", 3, seller="carol", images=(sample("c", random_hash(2)),))
    session.commit()
    cluster = shared.images[0].cluster_id
    assert sellers_overview(session) == [
        {
            "seller": "bob",
            "display_name": None,
            "source": "forum",
            "listings": 1,
            "offers": 1,
            "linked": [{"seller": "alice", "source": "tg-market", "clusters": [cluster]}],
        },
        {
            "seller": "alice",
            "display_name": None,
            "source": "tg-market",
            "listings": 2,
            "offers": 1,
            "linked": [{"seller": "bob", "source": "forum", "clusters": [cluster]}],
        },
        {
            "seller": "carol",
            "display_name": None,
            "source": "tg-market",
            "listings": 1,
            "offers": 1,
            "linked": [],
        },
    ]


def test_consecutive_failures_count_failed_and_empty_runs_since_the_last_ok(
    session: Session,
) -> None:
    outcomes = ["failed", "ok", "empty", "failed"]
    for hour, outcome in enumerate(outcomes):
        run = start_run(session, "tg-market", "telegram", at(hour))
        finish_run(session, run, outcome, at(hour + 0.5), pages=3, errors=1)
    start_run(session, "tg-market", "telegram", at(9))  # still running: not counted
    session.commit()
    assert consecutive_failures(session, "tg-market") == 2
    assert consecutive_failures(session, "never-ran") == 0


def test_source_status_gives_the_last_run_and_failures(session: Session) -> None:
    run = start_run(session, "forum", "discuz", at(0))
    finish_run(session, run, "failed", at(1), message="HTTP 503", pages=1, errors=1)
    session.commit()
    [status] = source_status(session)
    assert status["source"] == "forum" and status["kind"] == "discuz"
    assert status["consecutive_failures"] == 1
    last = status["last_run"]
    assert (last["status"], last["message"], last["pages"], last["errors"]) == (
        "failed",
        "HTTP 503",
        1,
        1,
    )
    assert last["finished_at"] == at(1)


def test_finish_run_refuses_unknown_counters(session: Session) -> None:
    import pytest

    run = start_run(session, "forum", "discuz", at(0))
    with pytest.raises(ValueError, match="unknown run counters"):
        finish_run(session, run, "ok", at(1), bogus=1)


def _alert(session: Session, key: str, status: str, hours: float, listing=None) -> Alert:
    alert = Alert(
        rule="new-offers",
        event="new_offer",
        severity="high",
        status=status,
        dedupe_key=key,
        created_at=at(hours),
        summary=f"alert {key}",
        listing=listing,
        details={},
    )
    session.add(alert)
    session.flush()
    return alert


def test_alerts_newest_first_by_status(session: Session) -> None:
    _alert(session, "k1", "open", 0)
    _alert(session, "k2", "acked", 1)
    _alert(session, "k3", "open", 2)
    session.commit()
    assert [a.dedupe_key for a in list_alerts(session)] == ["k3", "k1"]
    assert [a.dedupe_key for a in list_alerts(session, "acked")] == ["k2"]
    assert [a.dedupe_key for a in list_alerts(session, "all", limit=2)] == ["k3", "k2"]


def test_delivery_counts_pending_and_failed(session: Session) -> None:
    alert = _alert(session, "k1", "open", 0)
    for i, status in enumerate(["pending", "pending", "failed", "sent"]):
        session.add(Delivery(key=f"d{i}", alert_id=alert.id, channel=f"c{i}", status=status))
    session.commit()
    assert delivery_counts(session) == {"pending": 2, "failed": 1}


def test_similar_images_finds_near_and_mirrored_samples_with_their_listings(
    session: Session,
) -> None:
    h, mirror = random_hash(1), random_hash(2)
    a = record(session, "u1", 0, images=(sample("a", h, mirror=mirror),))
    record(session, "u2", 1, images=(sample("a", h, mirror=mirror),))
    record(session, "u3", 2, images=(sample("far", random_hash(3)),))
    session.commit()
    [(image, distance, listings)] = similar_images(session, flip(h, range(2)), None, RADIUS)
    assert (image.id, distance) == (a.images[0].image_id, 2)
    assert [x.url for x in listings] == ["u2", "u1"]
    [(image, distance, _)] = similar_images(session, flip(mirror, range(1)), None, RADIUS)
    assert (image.id, distance) == (a.images[0].image_id, 1)

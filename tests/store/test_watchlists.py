"""Watchlists: hash banks matched against new and already stored samples."""

from __future__ import annotations

from sqlalchemy.orm import Session

from faceleak.store import (
    add_watchlist,
    list_watchlists,
    match_stored_images,
    record_listing,
    remove_watchlist,
    watchlist_hits_for,
)

from .conftest import RADIUS, at, flip, post, random_hash, sample


def digest(label: str, h: bytes, mirror: bytes) -> tuple[str, str, bytes, bytes]:
    return (label, label.encode().hex().ljust(64, "0"), h, mirror)


def test_a_new_sample_near_a_watchlist_entry_is_a_hit(session: Session) -> None:
    own = random_hash(1)
    watchlist = add_watchlist(session, "staff", [digest("ceo", own, random_hash(2))])
    change = record_listing(
        session, post(images=(sample("leak", flip(own, range(4))),)), now=at(0), match_radius=RADIUS
    )
    [hit] = change.images[0].watchlist_hits
    assert (hit.watchlist, hit.entry_id, hit.distance) == ("staff", watchlist.entries[0].id, 4)


def test_a_mirrored_leak_is_a_hit(session: Session) -> None:
    own, own_mirror = random_hash(1), random_hash(2)
    add_watchlist(session, "staff", [digest("ceo", own, own_mirror)])
    hits = watchlist_hits_for(session, flip(own_mirror, range(1)), flip(own, range(1)), RADIUS)
    assert [h.distance for h in hits] == [1]


def test_an_unrelated_sample_is_no_hit(session: Session) -> None:
    add_watchlist(session, "staff", [digest("ceo", random_hash(1), random_hash(2))])
    change = record_listing(
        session, post(images=(sample("x", random_hash(3)),)), now=at(0), match_radius=RADIUS
    )
    assert change.images[0].watchlist_hits == ()


def test_only_new_images_are_checked_against_watchlists(session: Session) -> None:
    own = random_hash(1)
    add_watchlist(session, "staff", [digest("ceo", own, random_hash(2))])
    image = sample("leak", own)
    record_listing(session, post("u1", images=(image,)), now=at(0), match_radius=RADIUS)
    again = record_listing(session, post("u2", images=(image,)), now=at(1), match_radius=RADIUS)
    assert again.images[0].watchlist_hits == ()


def test_adding_a_watchlist_finds_samples_stored_before(session: Session) -> None:
    own = random_hash(1)
    stored = record_listing(
        session,
        post(images=(sample("old", flip(own, range(5))), sample("other", random_hash(9)))),
        now=at(0),
        match_radius=RADIUS,
    )
    watchlist = add_watchlist(session, "staff", [digest("ceo", own, random_hash(2))])
    matches = match_stored_images(session, watchlist, RADIUS)
    assert [(image.id, entry.label, distance) for image, entry, distance in matches] == [
        (stored.images[0].image_id, "ceo", 5)
    ]


def test_watchlists_are_listed_extended_and_removed(session: Session) -> None:
    add_watchlist(session, "b-team", [digest("x", random_hash(1), random_hash(2))])
    add_watchlist(session, "a-team", [digest("y", random_hash(3), random_hash(4))])
    add_watchlist(
        session,
        "a-team",
        [digest("y", random_hash(3), random_hash(4)), digest("z", random_hash(5), random_hash(6))],
    )
    session.commit()
    listed = {w.name: sorted(e.label for e in w.entries) for w in list_watchlists(session)}
    assert listed == {"a-team": ["y", "z"], "b-team": ["x"]}
    assert remove_watchlist(session, "a-team") is True
    assert remove_watchlist(session, "a-team") is False
    session.commit()
    assert [w.name for w in list_watchlists(session)] == ["b-team"]

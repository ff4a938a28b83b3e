"""A screenshot of a stored photo joins its cluster, hits its watchlist entry, and is `similar`."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from faceleak.store import add_watchlist, record_listing
from faceleak.store.changes import ImageObservation
from faceleak.store.matching import CANDIDATE_RADIUS, CONFIRM_RADIUS, Signals
from faceleak.store.queries import similar_images

from .conftest import at, flip, post, random_hash

RULE = {"match_radius": CANDIDATE_RADIUS, "confirm_radius": CONFIRM_RADIUS}
PHOTO = (random_hash(1), random_hash(2), random_hash(3, 32), random_hash(4, 32))
SHOT = (random_hash(5), random_hash(6), random_hash(7, 32), random_hash(8, 32))


def observed(name: str, signals: tuple, regions: tuple = ()) -> ImageObservation:
    h, m, f, fm = signals
    return ImageObservation(url=f"https://img.example/{name}.jpg",
                            sha256=hashlib.sha256(name.encode()).hexdigest(), width=720,
                            height=900, format="JPEG", faces=1, hash=h, hash_mirror=m,
                            fine_hash=f, fine_mirror=fm, regions=regions)


def inner_photo() -> tuple:
    """The photo as found inside the screenshot: a few bits off the stored one."""
    return (flip(PHOTO[0], range(3)), PHOTO[1], flip(PHOTO[2], range(20)), PHOTO[3])


def test_a_screenshot_of_a_stored_photo_joins_its_cluster(session: Session) -> None:
    first = record_listing(session, post("u1", images=(observed("photo", PHOTO),)), now=at(0),
                           **RULE)
    shot = record_listing(session, post("u2", seller="reseller", images=(
        observed("shot", SHOT, regions=(inner_photo(),)),)), now=at(1), **RULE)
    a, b = first.images[0], shot.images[0]
    assert not b.new_cluster and b.cluster_id == a.cluster_id
    assert [(r.source, r.seller) for r in b.other_sellers] == [("tg-market", "seller1")]


def test_without_the_region_the_screenshot_is_a_new_sample(session: Session) -> None:
    record_listing(session, post("u1", images=(observed("photo", PHOTO),)), now=at(0), **RULE)
    shot = record_listing(session, post("u2", images=(observed("shot", SHOT),)), now=at(1),
                          **RULE)
    assert shot.images[0].new_cluster


def test_a_screenshot_of_a_watchlisted_photo_is_a_hit(session: Session) -> None:
    add_watchlist(session, "staff", [("ceo", "c" * 64, *PHOTO)])
    change = record_listing(session, post(images=(
        observed("shot", SHOT, regions=(inner_photo(),)),)), now=at(0), **RULE)
    assert [(h.watchlist, h.distance) for h in change.images[0].watchlist_hits] == [("staff", 3)]


def test_similar_looks_inside_the_query(session: Session) -> None:
    record_listing(session, post("u1", images=(observed("photo", PHOTO),)), now=at(0), **RULE)
    h, m, f, fm = SHOT
    [(image, distance, _)] = similar_images(
        session, h, m, CANDIDATE_RADIUS, fine=f, fine_mirror=fm, confirm_radius=CONFIRM_RADIUS,
        regions=(Signals(*inner_photo()),))
    assert (image.url, distance) == ("https://img.example/photo.jpg", 3)

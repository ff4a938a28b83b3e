"""Two-stage matching in the store: 64-bit candidates must be confirmed by the 256-bit hash."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store import add_watchlist, record_listing, remove_watchlist, watchlist_hits_for
from faceleak.store.changes import ImageObservation
from faceleak.store.matching import (
    CANDIDATE_RADIUS,
    CONFIRM_RADIUS,
    PROBE_CONFIRM_RADIUS,
    UNCONFIRMED_RADIUS,
    MatchRule,
    Signals,
    extra_queries,
    match_distance,
)
from faceleak.store.models import Image
from faceleak.store.queries import similar_images

from .conftest import at, flip, post, random_hash

RULE = {"match_radius": CANDIDATE_RADIUS, "confirm_radius": CONFIRM_RADIUS}


def fine(seed: int) -> bytes:
    return random_hash(seed, 32)


def image(name: str, h: bytes, f: bytes | None) -> ImageObservation:
    return ImageObservation(
        url=f"https://img.example/{name}.jpg", sha256=hashlib.sha256(name.encode()).hexdigest(),
        width=400, height=500, format="JPEG", faces=1, hash=h,
        hash_mirror=flip(h, range(0, 64, 2)), fine_hash=f,
        fine_mirror=None if f is None else flip(f, range(0, 256, 2)))


def test_a_candidate_is_a_match_only_when_the_second_hash_confirms() -> None:
    h, f = random_hash(1), fine(1)
    rule = MatchRule()
    r1, r2 = CANDIDATE_RADIUS, CONFIRM_RADIUS
    assert match_distance(Signals(h, None, f), Signals(flip(h, range(r1)), None,
                                                       flip(f, range(r2))), rule) == r1
    assert match_distance(Signals(h, None, f), Signals(flip(h, range(r1)), None,
                                                       flip(f, range(r2 + 1))), rule) is None
    assert match_distance(Signals(h, None, f), Signals(flip(h, range(r1)), None, fine(2)),
                          rule) is None  # a look-alike: close in 64 bits, far in 256
    assert match_distance(Signals(h, None, f), Signals(flip(h, range(r1 + 1)), None, f),
                          rule) is None


def test_a_crop_probe_is_confirmed_within_its_own_radius() -> None:
    h, f = random_hash(1), fine(1)
    stored = Signals(h, None, f)
    far = flip(f, range(PROBE_CONFIRM_RADIUS))  # beyond CONFIRM_RADIUS, within the probe's
    assert CONFIRM_RADIUS < PROBE_CONFIRM_RADIUS
    assert match_distance(Signals(h, None, far), stored) is None
    assert match_distance(Signals(h, None, far, probe=True), stored) == 0
    assert match_distance(Signals(h, None, flip(f, range(PROBE_CONFIRM_RADIUS + 2)), probe=True),
                          stored) is None


def test_extra_queries_mark_probes_and_not_regions() -> None:
    quad = (random_hash(1), random_hash(2), fine(1), fine(2))
    region, probe = extra_queries([quad], [quad])
    assert (region.probe, probe.probe) == (False, True)
    assert region == Signals(*quad) and probe.hash == region.hash


def test_a_cropped_repost_joins_through_its_probe(session: Session) -> None:
    h, f = random_hash(1), fine(1)
    first = record_listing(session, post("u1", images=(image("a", h, f),)), now=at(0), **RULE)
    # two crops whose whole pictures match nothing stored
    crop_b, crop_c = image("b", random_hash(3), fine(3)), image("c", random_hash(4), fine(4))
    probe = (h, flip(h, range(0, 64, 2)), flip(f, range(PROBE_CONFIRM_RADIUS)),
             flip(flip(f, range(0, 256, 2)), range(PROBE_CONFIRM_RADIUS)))
    as_region = ImageObservation(**{**_fields(crop_b), "regions": (probe,)})
    as_probe = ImageObservation(**{**_fields(crop_c), "probes": (probe,)})
    region_change = record_listing(session, post("u2", seller="other", images=(as_region,)),
                                   now=at(1), **RULE)
    probe_change = record_listing(session, post("u3", seller="other", images=(as_probe,)),
                                  now=at(2), **RULE)
    a = first.images[0]
    assert region_change.images[0].cluster_id != a.cluster_id  # 256 bits too far for a region
    assert probe_change.images[0].cluster_id == a.cluster_id


def _fields(obs: ImageObservation) -> dict:
    return {name: getattr(obs, name) for name in ImageObservation.__dataclass_fields__}


def test_without_a_second_hash_the_old_single_stage_radius_applies() -> None:
    h = random_hash(1)
    rule = MatchRule()
    near, far = flip(h, range(UNCONFIRMED_RADIUS)), flip(h, range(UNCONFIRMED_RADIUS + 1))
    assert match_distance(Signals(h, None, fine(1)), Signals(near), rule) == UNCONFIRMED_RADIUS
    assert match_distance(Signals(h, None, fine(1)), Signals(far), rule) is None
    assert match_distance(Signals(h), Signals(far), MatchRule.single(12)) == UNCONFIRMED_RADIUS + 1


def test_a_look_alike_founds_its_own_cluster_and_a_repost_joins(session: Session) -> None:
    h, f = random_hash(1), fine(1)
    first = record_listing(session, post("u1", images=(image("a", h, f),)), now=at(0), **RULE)
    look_alike = record_listing(session, post("u2", seller="other", images=(
        image("b", flip(h, range(6)), fine(2)),)), now=at(1), **RULE)
    repost = record_listing(session, post("u3", seller="other", images=(
        image("c", flip(h, range(CANDIDATE_RADIUS)), flip(f, range(CONFIRM_RADIUS))),)),
        now=at(2), **RULE)
    a, b, c = (change.images[0] for change in (first, look_alike, repost))
    assert b.new_cluster and b.cluster_id != a.cluster_id
    assert not b.other_sellers  # no sample_reuse for a look-alike
    assert not c.new_cluster and c.cluster_id == a.cluster_id
    assert [(r.source, r.seller) for r in c.other_sellers] == [("tg-market", "seller1")]


def test_an_image_stored_before_the_second_hash_gets_it_from_the_same_bytes(
    session: Session,
) -> None:
    h, f = random_hash(1), fine(1)
    record_listing(session, post("u1", images=(image("a", h, None),)), now=at(0), **RULE)
    record_listing(session, post("u2", images=(image("a", h, f),)), now=at(1), **RULE)
    stored = session.scalars(select(Image)).one()
    assert stored.fine_hash == f and stored.fine_mirror is not None


def test_similar_confirms_candidates(session: Session) -> None:
    h, f = random_hash(1), fine(1)
    record_listing(session, post("u1", images=(image("a", h, f),)), now=at(0), **RULE)
    near = flip(h, range(CANDIDATE_RADIUS))
    assert similar_images(session, near, None, CANDIDATE_RADIUS, fine=fine(3),
                          confirm_radius=CONFIRM_RADIUS) == []
    [(_, distance, listings)] = similar_images(
        session, near, None, CANDIDATE_RADIUS, fine=flip(f, range(5)),
        confirm_radius=CONFIRM_RADIUS)
    assert (distance, [x.url for x in listings]) == (CANDIDATE_RADIUS, ["u1"])


@pytest.mark.parametrize("confirmed", [True, False])
def test_watchlist_hits_are_confirmed_by_the_second_hash(session: Session, confirmed: bool) -> None:
    own, own_fine = random_hash(1), fine(1)
    add_watchlist(session, "staff", [("ceo", "c" * 64, own, random_hash(2), own_fine, fine(2))])
    leak_fine = flip(own_fine, range(20)) if confirmed else fine(9)
    leak = image("leak", flip(own, range(CANDIDATE_RADIUS)), leak_fine)
    change = record_listing(session, post(images=(leak,)), now=at(0), **RULE)
    hits = [h.distance for h in change.images[0].watchlist_hits]
    assert hits == ([CANDIDATE_RADIUS] if confirmed else [])


def test_a_removed_watchlist_no_longer_hits_through_the_cached_index(session: Session) -> None:
    own = random_hash(1)
    add_watchlist(session, "staff", [("ceo", "c" * 64, own, random_hash(2))])
    assert [h.watchlist for h in watchlist_hits_for(session, own, None, 10)] == ["staff"]
    remove_watchlist(session, "staff")
    assert watchlist_hits_for(session, own, None, 10) == []
    add_watchlist(session, "again", [("ceo", "c" * 64, own, random_hash(2))])
    assert [h.watchlist for h in watchlist_hits_for(session, own, None, 10)] == ["again"]

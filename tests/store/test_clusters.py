"""Leader clustering: near-duplicates join the leader's cluster; chains never glue clusters."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from faceleak.store import record_listing, session_factory
from faceleak.store.models import Cluster

from .conftest import RADIUS, at, flip, post, random_hash, sample


def record(session: Session, url: str, *images, seller: str = "seller1", source: str = "tg-market"):
    change = record_listing(
        session,
        post(url, images=images, seller=seller, source=source),
        now=at(0),
        match_radius=RADIUS,
    )
    return change.images


def test_a_reposted_near_duplicate_joins_the_cluster(session: Session) -> None:
    original = random_hash(1)
    [a] = record(session, "u1", sample("original", original))
    [b] = record(session, "u2", sample("recompressed", flip(original, range(6))))
    session.commit()
    assert b.new_image and not b.new_cluster
    assert b.cluster_id == a.cluster_id
    assert session.get(Cluster, a.cluster_id).size == 2


def test_a_different_image_founds_its_own_cluster(session: Session) -> None:
    [a] = record(session, "u1", sample("a", random_hash(1)))
    [b] = record(session, "u2", sample("b", random_hash(2)))
    assert b.new_cluster and b.cluster_id != a.cluster_id


def test_a_chain_does_not_glue_a_far_image_to_the_leaders_cluster(session: Session) -> None:
    leader = random_hash(1)
    near_leader = flip(leader, range(8))  # 8 from the leader
    far = flip(leader, range(16))  # 8 from near_leader, 16 from the leader
    [a] = record(session, "u1", sample("a", leader))
    [b] = record(session, "u2", sample("b", near_leader))
    [c] = record(session, "u3", sample("c", far))
    session.commit()
    assert b.cluster_id == a.cluster_id
    assert c.new_cluster and c.cluster_id != a.cluster_id


def test_a_mirrored_repost_joins_through_the_mirror_hash(session: Session) -> None:
    h, mirror = random_hash(1), random_hash(2)
    [a] = record(session, "u1", sample("a", h, mirror=mirror))
    # The re-post is the mirror image: its hash is the original's mirror hash, and back.
    [b] = record(session, "u2", sample("b", flip(mirror, range(3)), mirror=flip(h, range(3))))
    assert b.cluster_id == a.cluster_id and not b.new_cluster


def test_the_nearest_leader_wins(session: Session) -> None:
    base = random_hash(1)
    [a] = record(session, "u1", sample("a", base))
    [b] = record(session, "u2", sample("b", flip(base, range(12))))  # beyond radius: own cluster
    [c] = record(session, "u3", sample("c", flip(base, range(10, 12))))  # 2 from a, 10 from b
    assert b.cluster_id != a.cluster_id
    assert c.cluster_id == a.cluster_id


def test_a_rolled_back_cluster_leaves_no_phantom(engine: Engine) -> None:
    factory = session_factory(engine)
    h = random_hash(5)
    with factory() as session:
        record(session, "u1", sample("lost", h))
        session.rollback()
    with factory() as session:
        [kept] = record(session, "u2", sample("kept", flip(h, range(2))))
        session.commit()
        assert kept.new_cluster
        assert session.get(Cluster, kept.cluster_id).leader_image_id == kept.image_id


def test_clusters_made_by_another_process_are_seen(migrated_db_url: str, engine: Engine) -> None:
    from faceleak.store import make_engine

    other_engine = make_engine(migrated_db_url)  # its own cache, as in another process
    h = random_hash(6)
    with session_factory(engine)() as session:
        record(session, "u0", sample("warm", random_hash(99)))  # loads this engine's cache
        session.commit()
    with session_factory(other_engine)() as session:
        [a] = record(session, "u1", sample("a", h))
        session.commit()
    with session_factory(engine)() as session:
        [b] = record(session, "u2", sample("b", flip(h, range(4))))
        session.commit()
    other_engine.dispose()
    assert b.cluster_id == a.cluster_id


def test_wide_hashes_cluster_separately_from_64_bit_ones(session: Session) -> None:
    wide = random_hash(1, width_bytes=32)
    [a] = record(session, "u1", sample("a", wide, mirror=random_hash(2, width_bytes=32)))
    [b] = record(
        session,
        "u2",
        sample("b", flip(wide, range(200, 205)), mirror=random_hash(3, width_bytes=32)),
    )
    [c] = record(session, "u3", sample("c", wide[:8]))
    assert b.cluster_id == a.cluster_id
    assert c.new_cluster


def test_other_sellers_lists_earlier_sellers_of_the_same_sample(session: Session) -> None:
    h = random_hash(1)
    [first] = record(session, "u1", sample("a", h), seller="alice")
    [same_seller] = record(session, "u2", sample("a", h), seller="alice")
    [other_seller] = record(session, "u3", sample("a2", flip(h, range(3))), seller="bob")
    [other_source] = record(
        session, "https://forum/t/1", sample("a", h), seller="bob", source="forum"
    )
    assert first.other_sellers == ()
    assert same_seller.other_sellers == ()
    assert [(r.source, r.seller) for r in other_seller.other_sellers] == [("tg-market", "alice")]
    assert [(r.source, r.seller) for r in other_source.other_sellers] == [
        ("tg-market", "alice"),
        ("tg-market", "bob"),
    ]

"""Properties of leader clustering over arbitrary arrival orders of near-duplicates."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store import record_listing
from faceleak.store.distance import mirror_distance
from faceleak.store.models import Cluster, Image

from .conftest import RADIUS, at, flip, post, random_hash, sample

# A few base samples, each re-posted with 0..20 flipped bits: some within the
# radius of their base, some beyond, and chains in between.
variants = st.lists(
    st.tuples(st.integers(0, 3), st.lists(st.integers(0, 63), max_size=20, unique=True)),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(variants=variants)
def test_members_stay_near_their_leader_and_leaders_stay_apart(session: Session, variants) -> None:
    before = dict(session.execute(select(Image.id, Image.cluster_id)).all())
    run = len(before)
    for i, (base, bits) in enumerate(variants):
        image = sample(f"{run}-{i}", flip(random_hash(base), bits))
        record_listing(
            session, post(f"u{run}-{i}", images=(image,)), now=at(0), match_radius=RADIUS
        )
    session.flush()

    images = session.scalars(select(Image)).all()
    assert {i.id: i.cluster_id for i in images if i.id in before} == before  # nobody re-homed
    sizes = Counter(i.cluster_id for i in images)
    for cluster in session.scalars(select(Cluster)):
        leader = session.get(Image, cluster.leader_image_id)
        assert leader.cluster_id == cluster.id
        assert cluster.size == sizes[cluster.id]
    leaders = [session.get(Image, c.leader_image_id) for c in session.scalars(select(Cluster))]
    for older, newer in ((a, b) for a in leaders for b in leaders if a.id < b.id):
        # a cluster is founded only when no existing leader is within the radius
        assert (
            mirror_distance(newer.hash, newer.hash_mirror, older.hash, older.hash_mirror) > RADIUS
        )
    for image in images:
        leader = session.get(Image, image.cluster.leader_image_id)
        distance = mirror_distance(image.hash, image.hash_mirror, leader.hash, leader.hash_mirror)
        assert distance <= RADIUS

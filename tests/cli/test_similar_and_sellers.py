"""`similar` (stored samples near a photo on disk) and `sellers` (linked through samples)."""

from __future__ import annotations

import json

import pytest

from faceleak.crawler.media import MATCH_RADIUS, digest_image, distance
from tests.cli.conftest import offer, sample


@pytest.fixture
def one_sample(store, photos):
    """A store holding one offer whose only sample is the astronaut photo."""
    listing_id = store.record(offer("https://t.me/s/example/1", images=(
        sample(photos.astronaut, "https://cdn.example/astronaut.png"),)))
    return store, listing_id


def similar(run, store, *args: str):
    result = run(store, "similar", *args, "--json")
    return result, json.loads(result.stdout) if result.stdout else None


@pytest.mark.parametrize("variant", ["astronaut_mirrored", "astronaut_reencoded",
                                     "astronaut_cropped"])
def test_similar_finds_the_stored_sample_from_an_altered_copy(one_sample, photos, run, variant):
    store, listing_id = one_sample
    result, [found] = similar(run, store, str(getattr(photos, variant)))
    stored_sha = digest_image(photos.astronaut.read_bytes(), count_faces=False).sha256
    assert result.exit_code == 0
    [match] = found["matches"]
    assert match["sha256"] == stored_sha and match["listings"] == [listing_id]
    assert 0 <= match["distance"] <= MATCH_RADIUS


@pytest.mark.parametrize("unrelated", ["coffee", "grace_hopper"])
def test_similar_finds_nothing_for_an_unrelated_photo(one_sample, photos, run, unrelated):
    store, _ = one_sample
    result, [found] = similar(run, store, str(getattr(photos, unrelated)))
    assert result.exit_code == 0 and found["matches"] == []


def test_max_distance_zero_keeps_only_exact_hash_matches(one_sample, photos, run):
    store, _ = one_sample
    near = distance(digest_image(photos.astronaut.read_bytes(), count_faces=False),
                    digest_image(photos.astronaut_cropped.read_bytes(), count_faces=False))
    assert near > 0  # the cropped copy is near but not identical
    _, found = similar(run, store, str(photos.astronaut), str(photos.astronaut_cropped),
                       "--max-distance", "0")
    assert [len(f["matches"]) for f in found] == [1, 0]
    assert found[0]["matches"][0]["distance"] == 0


def test_a_file_that_is_not_an_image_is_reported_and_exit_1(one_sample, photos, run):
    store, _ = one_sample
    result, found = similar(run, store, str(photos.not_an_image), str(photos.astronaut))
    assert result.exit_code == 1
    assert f"{photos.not_an_image}: not usable" in result.stderr
    assert [f["path"] for f in found] == [str(photos.astronaut)]  # the good one still answered


def test_similar_json_shape(one_sample, photos, run):
    store, listing_id = one_sample
    _, [found] = similar(run, store, str(photos.astronaut_mirrored))
    digest = digest_image(photos.astronaut_mirrored.read_bytes(), count_faces=False)
    assert set(found) == {"path", "hash", "matches"}
    assert found["hash"] == digest.hash.hex()
    [match] = found["matches"]
    assert set(match) == {"sha256", "url", "distance", "cluster", "listings"}
    assert match["listings"] == [listing_id]
    assert match["url"] == "https://cdn.example/astronaut.png"
    assert isinstance(match["cluster"], int)


def test_similar_human_output_lists_each_match(one_sample, photos, run):
    store, listing_id = one_sample
    result = run(store, "similar", str(photos.astronaut_reencoded))
    assert result.exit_code == 0
    assert "1 match(es)" in result.stdout
    assert f"listings {listing_id}" in result.stdout


def test_sellers_on_two_sources_sharing_a_sample_are_linked_by_cluster(market, run):
    result = run(market.store, "sellers", "--json")
    rows = {(r["seller"], r["source"]): r for r in json.loads(result.stdout)}
    listing = json.loads(run(market.store, "listing", str(market.bob_offer), "--json").stdout)
    cluster = listing["images"][0]["cluster"]
    assert result.exit_code == 0
    alice, bob = rows[("alice", "tg-market")], rows[("bob", "forum-b")]
    assert (alice["listings"], alice["offers"], bob["listings"], bob["offers"]) == (2, 1, 1, 1)
    assert alice["linked"] == [{"seller": "bob", "source": "forum-b", "clusters": [cluster]}]
    assert bob["linked"] == [{"seller": "alice", "source": "tg-market", "clusters": [cluster]}]


def test_sellers_without_a_shared_sample_are_not_linked(store, photos, run):
    store.record(offer("https://t.me/s/example/1", images=(
        sample(photos.astronaut, "https://cdn.example/a.png"),)))
    store.record(offer("https://forum.example/t/2", source="forum-b", source_kind="discuz",
                       seller="carol", images=(sample(photos.coffee, "https://f.example/c.png"),)))
    rows = json.loads(run(store, "sellers", "--json").stdout)
    assert [r["linked"] for r in rows] == [[], []]


def test_sellers_table_names_the_linked_seller(market, run):
    result = run(market.store, "sellers")
    assert result.exit_code == 0
    assert "alice@tg-market" in result.stdout and "bob@forum-b" in result.stdout

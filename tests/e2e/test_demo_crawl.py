"""A real crawl of the demo marketplace, end to end, through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from faceleak.crawler.extract.model import DATA_TYPES
from faceleak.demo import EXPECTED

pytestmark = pytest.mark.slow


def _by_url(listings: list[dict]) -> dict[str, dict]:
    return {x["url"]: x for x in listings}


def _crawl(demo_faceleak) -> tuple[dict, list[dict], list[dict]]:
    summary = demo_faceleak.json("crawl")
    listings = demo_faceleak.json("listings", "--limit", "10000")
    alerts = demo_faceleak.json("alerts", "--status", "all", "--limit", "10000")
    return summary, listings, alerts


def test_crawl_finds_exactly_the_demo_offers(demo_faceleak, demo_server):
    summary, listings, _ = _crawl(demo_faceleak)
    assert [s["status"] for s in summary["sources"]] == ["ok", "ok", "ok"], summary
    base = demo_server.base_url
    expected = {base + p.path for p in EXPECTED.posts if p.kind != "reply" and p.is_offer}
    found = {x["url"] for x in listings if x["is_offer"]}
    assert found == expected


def test_crawl_stores_every_demo_post(demo_faceleak, demo_server):
    _, listings, _ = _crawl(demo_faceleak)
    urls = _by_url(listings)
    missing = [
        p.path
        for p in EXPECTED.posts
        if p.kind != "reply" and demo_server.base_url + p.path not in urls
    ]
    assert missing == []


def test_offers_carry_their_photo_count_price_and_seller(demo_faceleak, demo_server):
    _, listings, _ = _crawl(demo_faceleak)
    urls = _by_url(listings)
    for post in EXPECTED.offers():
        got = urls[demo_server.base_url + post.path]
        assert got["photo_count"] == post.photo_count, post.path
        assert got["seller"] == post.seller, post.path
        assert got["data_types"] == [t for t in DATA_TYPES if t in post.data_types], post.path
        if post.price is None:
            assert got["price"] is None, post.path
        else:
            assert (got["price"]["amount"], got["price"]["currency"], got["price"]["per"]) == (
                post.price.amount,
                post.price.currency,
                post.price.per,
            ), post.path


def test_every_offer_raises_one_new_offer_alert(demo_faceleak, demo_server):
    _, listings, alerts = _crawl(demo_faceleak)
    offer_ids = sorted(x["id"] for x in listings if x["is_offer"])
    new_offer = sorted(a["listing"]["id"] for a in alerts if a["event"] == "new_offer")
    assert new_offer == offer_ids


def test_sample_images_are_hashed_not_kept_and_reposts_share_a_cluster(
    demo_faceleak, demo_server, tmp_path
):
    _, listings, alerts = _crawl(demo_faceleak)
    base = demo_server.base_url
    cluster_of = {img["url"]: img["cluster"] for x in listings for img in x["images"]}
    for image in (img for x in listings for img in x["images"]):
        assert len(bytes.fromhex(image["hash"])) * 8 >= 64
        assert image["width"] and image["height"]
    assert EXPECTED.reposts, "the demo should re-post samples"
    for repost in EXPECTED.reposts:
        assert cluster_of[base + repost.path] == cluster_of[base + repost.original_path], repost
    assert any(a["event"] == "sample_reuse" for a in alerts)
    assert not any(p.suffix.lower() in {".jpg", ".jpeg", ".png"} for p in tmp_path.rglob("*"))


def test_a_second_pass_raises_no_new_alerts(demo_faceleak):
    _, _, first = _crawl(demo_faceleak)
    _, _, second = _crawl(demo_faceleak)
    assert len(second) == len(first)


def test_a_changed_price_raises_offer_changed(demo_faceleak, demo_server):
    _crawl(demo_faceleak)
    demo_server.set_revision(2)
    _, listings, alerts = _crawl(demo_faceleak)
    from faceleak.demo import EXPECTED_REVISION_2

    changed = {demo_server.base_url + p for p in EXPECTED_REVISION_2.changed_offers}
    assert changed
    assert {a["listing"]["url"] for a in alerts if a["event"] == "offer_changed"} == changed
    added = {demo_server.base_url + p for p in EXPECTED_REVISION_2.new_posts}
    assert added <= {x["url"] for x in listings}

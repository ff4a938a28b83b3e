"""`listings` and `listing`: the DESIGN 4.2 JSON contract (SQLite and PostgreSQL), the
filters, and the human view of one listing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.cli.conftest import NOW, fill_market

LISTING_KEYS = {
    "id", "source", "url", "title", "text", "seller", "posted_at", "first_seen", "last_seen",
    "is_offer", "offer_score", "data_types", "photo_count", "price", "contacts", "images",
}
EXTRA_KEYS = {"reasons", "version", "label", "seller_display", "forwarded_from"}
IMAGE_KEYS = {"sha256", "url", "width", "height", "faces", "cluster", "hash"}


@pytest.fixture
def any_market(migrated_db_url, config_path, store_at, photos):
    """The market on SQLite and on PostgreSQL."""
    return fill_market(store_at(migrated_db_url, config_path), photos)


def listed(run, store, *args: str) -> list[dict]:
    result = run(store, "listings", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def ids(rows: list[dict]) -> list[int]:
    return [row["id"] for row in rows]


def test_listings_json_items_have_exactly_the_design_keys(any_market, run):
    rows = listed(run, any_market.store)
    assert rows and all(set(row) == LISTING_KEYS | EXTRA_KEYS for row in rows)
    bob = next(row for row in rows if row["id"] == any_market.bob_offer)
    assert set(bob["price"]) == {"amount", "currency", "per", "usd"}
    assert bob["price"] == {"amount": 0.5, "currency": "USDT", "per": "item", "usd": 0.5}
    assert bob["contacts"] == [{"kind": "qq", "value": "12345678"}]
    [image] = bob["images"]
    assert set(image) == IMAGE_KEYS
    assert (image["width"], image["height"], len(image["hash"])) == (512, 512, 16)


def test_listings_are_newest_first(any_market, run):
    m = any_market
    assert ids(listed(run, m.store)) == [m.alice_chat, m.bob_offer, m.alice_offer]


def test_listings_json_values_are_json_types_not_strings(any_market, run):
    alice = next(r for r in listed(run, any_market.store) if r["id"] == any_market.alice_offer)
    assert alice["is_offer"] is True and alice["offer_score"] == pytest.approx(0.97)
    assert alice["photo_count"] == 24000 and alice["data_types"] == ["face_photo"]
    assert alice["price"]["amount"] == 2500.0  # the edited price is the current one
    assert alice["version"] == 2
    assert alice["first_seen"].startswith((NOW - timedelta(days=10)).date().isoformat())


def test_offers_flag_leaves_out_posts_that_are_not_offers(market, run):
    assert ids(listed(run, market.store, "--offers")) == [market.bob_offer, market.alice_offer]


def test_source_filter_keeps_only_that_source(market, run):
    rows = listed(run, market.store, "--source", "forum-b")
    assert ids(rows) == [market.bob_offer]
    assert listed(run, market.store, "--source", "no-such-source") == []


def test_seller_filter_keeps_only_that_seller(market, run):
    assert ids(listed(run, market.store, "--seller", "alice")) == [market.alice_chat,
                                                                   market.alice_offer]


def test_since_duration_keeps_listings_first_seen_within_it(market, run):
    assert ids(listed(run, market.store, "--since", "7d")) == [market.alice_chat,
                                                               market.bob_offer]
    assert ids(listed(run, market.store, "--since", "36h")) == [market.alice_chat]


def test_since_iso_date_keeps_listings_first_seen_from_that_day(market, run):
    day = (NOW - timedelta(days=3)).date().isoformat()
    assert ids(listed(run, market.store, "--since", day)) == [market.alice_chat,
                                                              market.bob_offer]


@pytest.mark.parametrize("value", ["yesterday", "7x", "2026-13-45"])
def test_a_bad_since_value_is_a_usage_error(market, run, value):
    result = run(market.store, "listings", "--since", value)
    assert result.exit_code == 2
    assert "--since" in result.stderr and "7d" in result.stderr
    assert result.stdout == ""


def test_limit_keeps_the_newest(market, run):
    assert ids(listed(run, market.store, "--limit", "2")) == [market.alice_chat,
                                                              market.bob_offer]
    assert run(market.store, "listings", "--limit", "0").exit_code == 2


def test_listings_table_shows_each_listing_and_a_count_on_stderr(market, run):
    result = run(market.store, "listings")
    assert result.exit_code == 0
    assert "KYC 手持身份证 + 人脸" in result.stdout and "0.5 USDT/item" in result.stdout
    assert "3 listings" in result.stderr and "3 listings" not in result.stdout


def test_listing_view_shows_reasons_images_versions_and_related(market, run):
    result = run(market.store, "listing", str(market.alice_offer))
    out = result.stdout
    assert result.exit_code == 0
    assert out.startswith(f"#{market.alice_offer} [tg-market] 人脸照片 出售")
    assert "because  lexicon:人脸照片" in out and "because  price" in out
    assert "image:     https://cdn.example/astronaut.png 512x512" in out
    assert "version 1:" in out and "version 2:" in out
    assert "text, price" in out  # what the edit changed
    assert f"related:   #{market.bob_offer} [forum-b] seller bob" in out
    assert "2500 CNY (~354.20 USD)" in out


def test_listing_json_adds_versions_and_related_to_the_design_keys(any_market, run):
    m = any_market
    result = run(m.store, "listing", str(m.alice_offer), "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert set(data) == LISTING_KEYS | EXTRA_KEYS | {"versions", "related"}
    assert [v["version"] for v in data["versions"]] == [1, 2]
    assert set(data["versions"][1]["changed_fields"]) == {"text", "price"}
    [related] = data["related"]
    cluster = data["images"][0]["cluster"]
    assert related == {"id": m.bob_offer, "source": "forum-b", "seller": "bob",
                       "clusters": [cluster]}


def test_listing_without_related_or_images_says_so_in_json(market, run):
    data = json.loads(run(market.store, "listing", str(market.alice_chat), "--json").stdout)
    assert (data["images"], data["related"], data["price"]) == ([], [], None)


def test_an_unknown_listing_id_is_exit_1(market, run):
    result = run(market.store, "listing", "9999")
    assert result.exit_code == 1
    assert "no listing 9999" in result.stderr and result.stdout == ""

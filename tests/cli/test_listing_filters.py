"""The analyst filters of `listings` (DESIGN 4.1: --type, --min-photos, --contact, --search,
--cluster) and `contacts`, on SQLite (FTS5) and PostgreSQL (full-text index) alike."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import fill_market, offer


@pytest.fixture
def any_market(migrated_db_url, config_path, store_at, photos):
    return fill_market(store_at(migrated_db_url, config_path), photos)


def ids(run, store, *args: str) -> list[int]:
    result = run(store, "listings", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return [row["id"] for row in json.loads(result.stdout)]


def test_type_keeps_listings_selling_that_data_type(any_market, run):
    m = any_market
    assert ids(run, m.store, "--type", "handheld_id") == [m.bob_offer]
    assert ids(run, m.store, "--type", "face_photo", "--type", "handheld_id") == [m.bob_offer]
    assert ids(run, m.store, "--type", "face_photo") == [m.bob_offer, m.alice_offer]


def test_unknown_type_is_a_usage_error_naming_the_choices(market, run):
    result = run(market.store, "listings", "--type", "faces")
    assert result.exit_code == 2 and "face_photo" in result.stderr


def test_min_photos_keeps_listings_of_at_least_that_many(any_market, run):
    assert ids(run, any_market.store, "--min-photos", "1000") == [any_market.alice_offer]


def test_contact_matches_without_at_sign_and_case(any_market, run):
    assert ids(run, any_market.store, "--contact", "ALICE_faces") == [any_market.alice_offer]
    assert ids(run, any_market.store, "--contact", "12345678") == [any_market.bob_offer]
    assert ids(run, any_market.store, "--contact", "alice") == []  # whole values, not parts


def test_search_finds_words_and_chinese_substrings(any_market, run):
    m = any_market
    assert ids(run, m.store, "--search", "kyc") == [m.bob_offer]
    assert ids(run, m.store, "--search", "人脸") == [m.bob_offer, m.alice_offer]  # 2 chars
    assert ids(run, m.store, "--search", "人脸 手持") == [m.bob_offer]  # every term
    assert ids(run, m.store, "--search", '"') == []  # quotes are text, not query syntax


def test_search_follows_edits_of_the_text(any_market, run):
    m = any_market  # alice's price was edited from 3000元 to 2500元 (bob's post says 3000元)
    assert ids(run, m.store, "--search", "2500元") == [m.alice_offer]
    assert ids(run, m.store, "--search", "3000元") == [m.bob_offer]


def test_cluster_keeps_every_listing_showing_that_sample(any_market, run):
    m = any_market
    shown = json.loads(run(m.store, "listing", str(m.bob_offer), "--json").stdout)
    cluster = shown["images"][0]["cluster"]
    assert ids(run, m.store, "--cluster", str(cluster)) == [m.bob_offer, m.alice_offer]
    assert ids(run, m.store, "--cluster", str(cluster + 1000)) == []


def test_contacts_lists_values_used_by_more_than_one_seller(any_market, run):
    market = any_market
    carol = market.store.record(offer("https://forum.example/thread-12-1-1.html",
                                      source="forum-b", source_kind="discuz", seller="carol",
                                      contacts=({"kind": "telegram", "value": "@Alice_Faces"},)))
    result = run(market.store, "contacts", "--json")
    assert result.exit_code == 0, result.stderr
    [shared] = json.loads(result.stdout)
    assert shared["kind"] == "telegram"
    assert shared["sellers"] == [{"seller": "alice", "source": "tg-market"},
                                 {"seller": "carol", "source": "forum-b"}]
    assert shared["listings"] == sorted([market.alice_offer, carol])


def test_contact_index_follows_a_post_whose_contact_changed(any_market, run):
    m = any_market
    m.store.record(offer("https://t.me/s/example/1", contacts=({"kind": "wechat",
                                                                "value": "Face_Dealer"},)))
    assert ids(run, m.store, "--contact", "alice_faces") == []
    assert ids(run, m.store, "--contact", "face_dealer") == [m.alice_offer]

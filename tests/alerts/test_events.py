"""Each event fires on what it is about, and stays quiet otherwise (one behaviour per test)."""

from __future__ import annotations

from faceleak.alerts import raise_alerts
from faceleak.store.changes import ListingChange, SellerRef, WatchlistHit


def alerts_for(session, kit, change, event, **rule_kw):
    return raise_alerts(session, change, kit.config(kit.rule(event=event, **rule_kw)), now=kit.T0)


def test_new_offer_fires_for_a_new_offer(session, kit):
    listing = kit.add_listing(session)
    [alert] = alerts_for(session, kit, kit.new_change(listing), "new_offer")
    assert alert.event == "new_offer"
    assert alert.dedupe_key == f"r1:new_offer:{listing.id}"
    assert alert.listing_id == listing.id
    assert "tg-market" in alert.summary and "24000 photos" in alert.summary


def test_new_offer_ignores_a_new_post_that_is_not_an_offer(session, kit):
    listing = kit.add_listing(session, is_offer=False, offer_score=0.1)
    assert alerts_for(session, kit, kit.new_change(listing), "new_offer") == []


def test_new_offer_ignores_a_known_offer_seen_again(session, kit):
    listing = kit.add_listing(session)
    change = ListingChange(listing=listing, status="unchanged")
    assert alerts_for(session, kit, change, "new_offer") == []


def test_new_offer_fires_when_a_known_post_is_edited_into_an_offer(session, kit):
    listing = kit.add_listing(session, version=2)
    change = ListingChange(
        listing=listing,
        status="changed",
        changed_fields=("is_offer", "text"),
        previous={"is_offer": False, "text": "hello"},
    )
    [alert] = alerts_for(session, kit, change, "new_offer")
    assert alert.details["became_offer"] is True


def test_offer_changed_carries_before_and_after_of_the_price(session, kit):
    listing = kit.add_listing(session, price_amount=2500.0, version=3)
    change = ListingChange(
        listing=listing,
        status="changed",
        changed_fields=("price",),
        previous={"price": {"amount": 3000.0, "currency": "CNY", "per": "bundle", "usd": 425.0}},
    )
    [alert] = alerts_for(session, kit, change, "offer_changed")
    assert alert.dedupe_key == f"r1:offer_changed:{listing.id}:v3"
    assert alert.details["changed"] == ["price"]
    assert alert.details["before"]["price"]["amount"] == 3000.0
    assert alert.details["after"]["price"]["amount"] == 2500.0


def test_offer_changed_carries_photo_count_and_data_types(session, kit):
    listing = kit.add_listing(
        session, photo_count=50000, data_types=["face_photo", "id_card"], version=2
    )
    change = ListingChange(
        listing=listing,
        status="changed",
        changed_fields=("photo_count", "data_types"),
        previous={"photo_count": 24000, "data_types": ("face_photo",)},
    )
    [alert] = alerts_for(session, kit, change, "offer_changed")
    assert alert.details["before"] == {"photo_count": 24000, "data_types": ["face_photo"]}
    assert alert.details["after"] == {"photo_count": 50000, "data_types": ["face_photo", "id_card"]}


def test_offer_changed_ignores_changes_to_contacts_only(session, kit):
    listing = kit.add_listing(session, version=2)
    change = ListingChange(
        listing=listing, status="changed", changed_fields=("contacts",), previous={"contacts": []}
    )
    assert alerts_for(session, kit, change, "offer_changed") == []


def test_offer_changed_ignores_a_changed_post_that_is_not_an_offer(session, kit):
    listing = kit.add_listing(session, is_offer=False, version=2)
    change = ListingChange(
        listing=listing, status="changed", changed_fields=("text",), previous={"text": "old"}
    )
    assert alerts_for(session, kit, change, "offer_changed") == []


def test_new_sample_fires_once_per_new_cluster(session, kit):
    listing = kit.add_listing(session)
    change = kit.new_change(
        listing,
        kit.image(1, cluster_id=7, new_cluster=True),
        kit.image(2, cluster_id=8, new_cluster=False),
    )
    [alert] = alerts_for(session, kit, change, "new_sample")
    assert alert.dedupe_key == "r1:new_sample:7"
    assert alert.details["image_id"] == 1


def test_new_sample_ignores_new_samples_outside_offers(session, kit):
    listing = kit.add_listing(session, is_offer=False)
    change = kit.new_change(listing, kit.image(1, cluster_id=7, new_cluster=True))
    assert alerts_for(session, kit, change, "new_sample") == []


def test_sample_reuse_names_the_other_sellers(session, kit):
    listing = kit.add_listing(session)
    others = (SellerRef("forum-a", "bob"), SellerRef("tg-other", None))
    change = kit.new_change(listing, kit.image(1, cluster_id=7, other_sellers=others))
    [alert] = alerts_for(session, kit, change, "sample_reuse")
    assert alert.dedupe_key == f"r1:sample_reuse:7:{listing.id}"
    assert alert.details["other_sellers"] == [
        {"source": "forum-a", "seller": "bob"},
        {"source": "tg-other", "seller": None},
    ]
    assert "bob on forum-a" in alert.summary


def test_sample_reuse_ignores_samples_only_this_seller_showed(session, kit):
    listing = kit.add_listing(session)
    change = kit.new_change(listing, kit.image(1, cluster_id=7, new_cluster=False))
    assert alerts_for(session, kit, change, "sample_reuse") == []


def test_sample_reuse_stays_quiet_when_the_sample_was_already_in_this_listing(session, kit):
    listing = kit.add_listing(session)
    others = (SellerRef("forum-a", "bob"),)
    image = kit.image(1, cluster_id=7, other_sellers=others, new_image=False, new_in_listing=False)
    assert alerts_for(session, kit, kit.new_change(listing, image), "sample_reuse") == []


def test_watchlist_match_fires_even_when_the_post_is_not_an_offer(session, kit):
    listing = kit.add_listing(session, is_offer=False, offer_score=0.2)
    hits = (WatchlistHit("staff", entry_id=3, distance=6), WatchlistHit("staff", 4, 2))
    change = kit.new_change(listing, kit.image(5, cluster_id=7, watchlist_hits=hits))
    [alert] = alerts_for(session, kit, change, "watchlist_match")
    assert alert.dedupe_key == "r1:watchlist_match:staff:5"
    assert alert.details["entries"][0] == {"entry_id": 4, "distance": 2}
    assert "distance 2" in alert.summary


def test_watchlist_match_ignores_images_without_hits(session, kit):
    listing = kit.add_listing(session)
    change = kit.new_change(listing, kit.image(5, cluster_id=7, new_cluster=True))
    assert alerts_for(session, kit, change, "watchlist_match") == []


def test_source_failing_fires_when_the_streak_reaches_after(session, kit):
    from faceleak.alerts import raise_source_failing

    cfg = kit.config(kit.rule(event="source_failing", after=3, severity="medium"))
    [alert] = raise_source_failing(session, "tg-market", 3, 41, cfg, now=kit.T0)
    assert alert.dedupe_key == "r1:source_failing:tg-market:41"
    assert alert.listing_id is None
    assert alert.details["consecutive_failures"] == 3


def test_source_failing_stays_quiet_below_after(session, kit):
    from faceleak.alerts import raise_source_failing

    cfg = kit.config(kit.rule(event="source_failing", after=3))
    assert raise_source_failing(session, "tg-market", 2, 41, cfg, now=kit.T0) == []


def test_source_failing_alerts_once_per_streak(session, kit):
    from faceleak.alerts import raise_source_failing

    cfg = kit.config(kit.rule(event="source_failing", after=2))
    assert len(raise_source_failing(session, "tg-market", 2, 41, cfg, now=kit.T0)) == 1
    assert raise_source_failing(session, "tg-market", 5, 41, cfg, now=kit.T0) == []
    assert len(raise_source_failing(session, "tg-market", 2, 90, cfg, now=kit.T0)) == 1


def test_summaries_of_scraped_text_are_one_safe_line(session, kit):
    listing = kit.add_listing(session, title="evil\x1b]0;pwned\x07 title\nsecond line\u202e")
    [alert] = alerts_for(session, kit, kit.new_change(listing), "new_offer")
    assert "\x1b" not in alert.summary and "\n" not in alert.summary
    assert "\u202e" not in alert.summary and "pwned" not in alert.summary
    assert "evil title second line" in alert.summary

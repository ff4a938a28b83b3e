"""A rule's filters decide which listings may alert at all."""

from __future__ import annotations

from faceleak.alerts import raise_alerts


def raised(session, kit, listing, **rule_kw):
    cfg = kit.config(kit.rule(**rule_kw))
    return raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)


def test_min_photos_passes_an_offer_with_enough_photos(session, kit):
    listing = kit.add_listing(session, photo_count=1000)
    assert len(raised(session, kit, listing, min_photos=1000)) == 1


def test_min_photos_stops_an_offer_with_too_few_photos(session, kit):
    assert raised(session, kit, kit.add_listing(session, photo_count=999), min_photos=1000) == []


def test_min_photos_stops_an_offer_whose_count_is_unknown(session, kit):
    assert raised(session, kit, kit.add_listing(session, photo_count=None), min_photos=1) == []


def test_min_score_stops_a_weak_offer(session, kit):
    assert raised(session, kit, kit.add_listing(session, offer_score=0.6), min_score=0.8) == []


def test_sources_stops_other_sources(session, kit):
    listing = kit.add_listing(session, source="forum-a")
    assert raised(session, kit, listing, sources=["tg-market"]) == []


def test_sources_passes_a_listed_source(session, kit):
    listing = kit.add_listing(session, source="forum-a")
    assert len(raised(session, kit, listing, sources=["tg-market", "forum-a"])) == 1


def test_data_types_needs_one_shared_type(session, kit):
    listing = kit.add_listing(session, data_types=["face_photo"])
    assert raised(session, kit, listing, data_types=["id_card", "kyc_set"]) == []
    other = kit.add_listing(session, url="https://t.me/s/example/2",
                            data_types=["face_photo", "kyc_set"])
    assert len(raised(session, kit, other, data_types=["id_card", "kyc_set"])) == 1


def test_disabled_rule_raises_nothing(session, kit):
    assert raised(session, kit, kit.add_listing(session), enabled=False) == []


def test_rule_with_an_unknown_event_is_skipped_and_others_still_fire(session, kit):
    listing = kit.add_listing(session)
    cfg = kit.config(kit.rule("bad", event="no_such_event"), kit.rule("good"))
    [alert] = raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
    assert alert.rule == "good"

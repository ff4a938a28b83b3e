"""listing_json and alert_json give exactly the shapes of DESIGN 4.2 and 4.3."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from faceleak.store import alert_json, get_listing, listing_json, record_listing
from faceleak.store.changes import ImageObservation
from faceleak.store.models import Alert

from .conftest import RADIUS, at, post, sample

LISTING_KEYS = {
    "id",
    "source",
    "url",
    "title",
    "text",
    "seller",
    "posted_at",
    "first_seen",
    "last_seen",
    "is_offer",
    "offer_score",
    "data_types",
    "photo_count",
    "price",
    "contacts",
    "images",
}
# contracts grow by adding keys
EXTRA_LISTING_KEYS = {"reasons", "version", "label", "seller_display", "forwarded_from"}
IMAGE_KEYS = {"sha256", "url", "width", "height", "faces", "cluster", "hash"}
ALERT_KEYS = {
    "id",
    "rule",
    "event",
    "severity",
    "status",
    "dedupe_key",
    "created_at",
    "summary",
    "listing",
    "details",
}


def stored_listing(session: Session):
    h = bytes.fromhex("f0e1d2c3b4a59687")
    images = (sample("a", h), ImageObservation(url="https://img.example/404.jpg", error="HTTP 404"))
    change = record_listing(
        session, post(title="人脸 24k", images=images), now=at(0), match_radius=RADIUS
    )
    session.commit()
    session.expunge_all()
    return get_listing(session, change.listing_id), change


def test_listing_json_has_the_design_shape(session: Session) -> None:
    listing, change = stored_listing(session)
    shape = json.loads(json.dumps(listing_json(listing), ensure_ascii=False))
    assert set(shape) == LISTING_KEYS | EXTRA_LISTING_KEYS
    assert shape["id"] == change.listing_id
    assert (shape["source"], shape["seller"], shape["title"]) == (
        "tg-market",
        "seller1",
        "人脸 24k",
    )
    assert datetime.fromisoformat(shape["first_seen"]) == at(0)
    assert datetime.fromisoformat(shape["posted_at"]).utcoffset().total_seconds() == 0
    assert shape["is_offer"] is True and shape["offer_score"] == 0.97
    assert shape["data_types"] == ["face_photo"] and shape["photo_count"] == 24000
    assert shape["price"] == {"amount": 3000.0, "currency": "CNY", "per": "bundle", "usd": 425.1}
    assert shape["contacts"] == [{"kind": "telegram", "value": "@seller1"}]
    assert shape["version"] == 1


def test_listing_json_images_are_the_decoded_samples_only(session: Session) -> None:
    listing, change = stored_listing(session)
    [image] = listing_json(listing)["images"]
    assert set(image) == IMAGE_KEYS
    assert image["hash"] == "f0e1d2c3b4a59687"
    assert image["cluster"] == change.images[0].cluster_id
    assert (image["width"], image["height"], image["faces"]) == (800, 600, 1)


def test_a_listing_without_price_or_seller_serialises_nulls(session: Session) -> None:
    change = record_listing(
        session, post(price=None, seller=None, posted_at=None), now=at(0), match_radius=RADIUS
    )
    shape = listing_json(change.listing)
    assert (shape["price"], shape["seller"], shape["posted_at"]) == (None, None, None)


def test_listing_json_carries_the_sellers_display_name_and_the_forward(session: Session) -> None:
    obs = post(seller="kyc_shop", seller_display="KYC Shop", forwarded_from="yaremshooter")
    shape = listing_json(record_listing(session, obs, now=at(0), match_radius=RADIUS).listing)

    assert (shape["seller"], shape["seller_display"], shape["forwarded_from"]) == (
        "kyc_shop",
        "KYC Shop",
        "yaremshooter",
    )


def test_alert_json_has_the_design_shape(session: Session) -> None:
    listing, _ = stored_listing(session)
    alert = Alert(
        rule="new-offers",
        event="new_offer",
        severity="high",
        dedupe_key="k",
        created_at=at(1),
        summary="new offer: 24000 face photos",
        listing=listing,
        details={"photo_count": 24000},
    )
    session.add(alert)
    session.commit()
    shape = json.loads(json.dumps(alert_json(alert)))
    assert set(shape) == ALERT_KEYS
    assert (shape["rule"], shape["event"], shape["severity"], shape["status"]) == (
        "new-offers",
        "new_offer",
        "high",
        "open",
    )
    assert datetime.fromisoformat(shape["created_at"]) == at(1)
    assert set(shape["listing"]) == LISTING_KEYS | EXTRA_LISTING_KEYS
    assert shape["details"] == {"photo_count": 24000}


def test_alert_json_without_listing(session: Session) -> None:
    alert = Alert(
        rule="failing",
        event="source_failing",
        severity="low",
        dedupe_key="f",
        created_at=at(0),
        summary="forum failed 3 times",
    )
    session.add(alert)
    session.commit()
    shape = alert_json(alert)
    assert shape["listing"] is None and shape["details"] == {}

"""record_listing: listings, versions, images and sightings, and what it reports."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from faceleak.store import record_listing
from faceleak.store.changes import ImageObservation
from faceleak.store.models import Image, Listing, ListingVersion, Seller, Sighting, Source
from faceleak.store.queries import sellers_overview

from .conftest import RADIUS, at, post, random_hash, sample


def count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_new_listing_is_stored_with_version_one(session: Session) -> None:
    change = record_listing(session, post(), now=at(0), match_radius=RADIUS)
    session.commit()
    listing = change.listing
    assert change.status == "new"
    assert (listing.source.name, listing.seller.name, listing.version) == (
        "tg-market",
        "seller1",
        1,
    )
    assert listing.first_seen == listing.last_seen == at(0)
    assert (listing.photo_count, listing.price_amount, listing.price_currency) == (
        24000,
        3000.0,
        "CNY",
    )
    [version] = listing.versions
    assert version.version == 1
    assert version.changed_fields == []
    assert version.snapshot["price"] == {
        "amount": 3000.0,
        "currency": "CNY",
        "per": "bundle",
        "usd": 425.1,
    }
    assert version.snapshot["data_types"] == ["face_photo"]


def test_the_same_observation_again_is_unchanged_and_only_moves_last_seen(session: Session) -> None:
    images = (
        sample("a", random_hash(1)),
        ImageObservation(url="https://img.example/x", error="timeout"),
    )
    first = record_listing(session, post(images=images), now=at(0), match_radius=RADIUS)
    session.commit()
    again = record_listing(session, post(images=images), now=at(1), match_radius=RADIUS)
    session.commit()
    assert again.status == "unchanged"
    assert again.listing_id == first.listing_id
    assert again.changed_fields == () and again.previous == {}
    assert again.listing.version == 1
    assert again.listing.last_seen == at(1) and again.listing.first_seen == at(0)
    assert count(session, ListingVersion) == 1
    assert count(session, Sighting) == 2
    [image] = again.images
    assert not image.new_image and not image.new_cluster and not image.new_in_listing


def test_a_changed_price_makes_version_two_with_the_previous_values(session: Session) -> None:
    record_listing(session, post(), now=at(0), match_radius=RADIUS)
    session.commit()
    cheaper = {"amount": 2000, "currency": "CNY", "per": "bundle", "usd": 283.4}
    change = record_listing(session, post(price=cheaper), now=at(2), match_radius=RADIUS)
    session.commit()
    assert change.status == "changed"
    assert change.changed_fields == ("price",)
    assert change.previous == {
        "price": {"amount": 3000.0, "currency": "CNY", "per": "bundle", "usd": 425.1}
    }
    assert change.listing.version == 2
    assert change.listing.price_amount == 2000.0
    versions = session.scalars(select(ListingVersion).order_by(ListingVersion.version)).all()
    assert [(v.version, v.changed_fields) for v in versions] == [(1, []), (2, ["price"])]
    assert versions[1].seen_at == at(2)
    assert versions[1].snapshot["price"]["amount"] == 2000.0


def test_several_changed_fields_are_all_reported(session: Session) -> None:
    record_listing(session, post(), now=at(0), match_radius=RADIUS)
    change = record_listing(
        session,
        post(photo_count=50000, data_types=("face_photo", "id_card"), text="new text"),
        now=at(1),
        match_radius=RADIUS,
    )
    assert change.changed_fields == ("text", "data_types", "photo_count")
    assert change.previous["photo_count"] == 24000
    assert change.previous["data_types"] == ["face_photo"]


def test_reordered_lists_are_not_a_change(session: Session) -> None:
    contacts = ({"kind": "telegram", "value": "@a"}, {"kind": "qq", "value": "123"})
    record_listing(
        session,
        post(data_types=("id_card", "face_photo"), contacts=contacts),
        now=at(0),
        match_radius=RADIUS,
    )
    change = record_listing(
        session,
        post(data_types=("face_photo", "id_card"), contacts=contacts[::-1]),
        now=at(1),
        match_radius=RADIUS,
    )
    assert change.status == "unchanged"


def test_untracked_fields_are_refreshed_without_a_version(session: Session) -> None:
    record_listing(session, post(), now=at(0), match_radius=RADIUS)
    change = record_listing(
        session, post(offer_score=0.5, reasons=("x",)), now=at(1), match_radius=RADIUS
    )
    assert change.status == "unchanged"
    assert (change.listing.offer_score, change.listing.reasons) == (0.5, ["x"])


def test_sources_and_sellers_are_created_once(session: Session) -> None:
    record_listing(session, post("https://t.me/s/market/1"), now=at(0), match_radius=RADIUS)
    record_listing(session, post("https://t.me/s/market/2"), now=at(0), match_radius=RADIUS)
    record_listing(
        session, post("https://t.me/s/market/3", seller="other"), now=at(0), match_radius=RADIUS
    )
    session.commit()
    assert count(session, Source) == 1
    assert sorted(session.scalars(select(Seller.name))) == ["other", "seller1"]
    assert count(session, Listing) == 3


def test_the_same_image_bytes_are_stored_once(session: Session) -> None:
    h = random_hash(7)
    first = record_listing(
        session,
        post("u1", images=(sample("a", h, url="https://i/1.jpg"),)),
        now=at(0),
        match_radius=RADIUS,
    )
    second = record_listing(
        session,
        post("u2", images=(sample("a", h, url="https://cdn/2.jpg"),)),
        now=at(1),
        match_radius=RADIUS,
    )
    session.commit()
    assert count(session, Image) == 1
    assert first.images[0].new_image and first.images[0].new_cluster
    assert not second.images[0].new_image and not second.images[0].new_cluster
    assert second.images[0].new_in_listing
    assert second.images[0].image_id == first.images[0].image_id
    assert count(session, Sighting) == 2


def test_two_posts_in_one_pass_carrying_the_same_image(session: Session) -> None:
    h = random_hash(8)
    one = record_listing(
        session, post("u1", images=(sample("a", h),)), now=at(0), match_radius=RADIUS
    )
    two = record_listing(
        session, post("u2", images=(sample("a", h),)), now=at(0), match_radius=RADIUS
    )
    session.commit()
    assert one.images[0].image_id == two.images[0].image_id
    assert (one.images[0].new_image, two.images[0].new_image) == (True, False)
    assert count(session, Image) == 1


def test_one_post_listing_the_same_image_url_twice_gets_one_sighting(session: Session) -> None:
    image = sample("a", random_hash(9))
    change = record_listing(session, post(images=(image, image)), now=at(0), match_radius=RADIUS)
    session.commit()
    assert len(change.images) == 1
    assert count(session, Sighting) == 1


def test_a_failed_download_is_a_sighting_with_its_error(session: Session) -> None:
    failed = ImageObservation(url="https://img.example/gone.jpg", error="HTTP 404")
    change = record_listing(session, post(images=(failed,)), now=at(0), match_radius=RADIUS)
    session.commit()
    assert change.images == ()
    [sighting] = session.scalars(select(Sighting)).all()
    assert (sighting.url, sighting.image_id, sighting.error) == (failed.url, None, "HTTP 404")


def test_a_later_successful_download_replaces_the_error(session: Session) -> None:
    url = "https://img.example/late.jpg"
    record_listing(
        session,
        post(images=(ImageObservation(url=url, error="timeout"),)),
        now=at(0),
        match_radius=RADIUS,
    )
    change = record_listing(
        session,
        post(images=(sample("late", random_hash(3), url=url),)),
        now=at(1),
        match_radius=RADIUS,
    )
    session.commit()
    [sighting] = session.scalars(select(Sighting)).all()
    assert sighting.image_id == change.images[0].image_id and sighting.error is None


def test_an_undecodable_image_keeps_its_error_on_the_image(session: Session) -> None:
    broken = ImageObservation(
        url="https://img.example/bomb.png", sha256="b" * 64, error="decompression bomb"
    )
    change = record_listing(session, post(images=(broken,)), now=at(0), match_radius=RADIUS)
    session.commit()
    [image_change] = change.images
    assert image_change.cluster_id is None and image_change.new_image
    image = session.get(Image, image_change.image_id)
    assert (image.error, image.hash) == ("decompression bomb", None)


def test_naive_now_is_refused(session: Session) -> None:
    import pytest

    with pytest.raises(ValueError, match="timezone-aware"):
        record_listing(session, post(), now=at(0).replace(tzinfo=None), match_radius=RADIUS)


def test_hashes_with_the_top_bit_set_round_trip(session: Session) -> None:
    h = bytes.fromhex("ffffffffffffffff")
    mirror = bytes.fromhex("8000000000000001")
    change = record_listing(
        session, post(images=(sample("top", h, mirror=mirror),)), now=at(0), match_radius=RADIUS
    )
    session.commit()
    session.expunge_all()
    image = session.get(Image, change.images[0].image_id)
    assert (image.hash, image.hash_mirror) == (h, mirror)


def test_hostile_text_with_nul_bytes_and_an_overlong_seller_is_stored(session: Session) -> None:
    change = record_listing(
        session,
        post(
            text="出售\x00人脸",
            title="a\x00b",
            seller="x" * 1000,
            contacts=({"kind": "telegram", "value": "@a\x00b"},),
        ),
        now=at(0),
        match_radius=RADIUS,
    )
    session.commit()
    session.expunge_all()
    listing = session.get(Listing, change.listing_id)
    assert (listing.text, listing.title) == ("出售人脸", "ab")
    assert listing.seller.name == "x" * 255
    assert listing.contacts == [{"kind": "telegram", "value": "@ab"}]


def test_an_unusable_listing_is_refused_before_any_write(session: Session) -> None:
    import pytest

    with pytest.raises(ValueError, match="listing URL"):
        record_listing(session, post("https://x/" + "a" * 3000), now=at(0), match_radius=RADIUS)
    with pytest.raises(ValueError, match="naive"):
        record_listing(
            session, post(posted_at=at(0).replace(tzinfo=None)), now=at(0), match_radius=RADIUS
        )
    assert count(session, Source) == 0


def test_one_image_under_two_urls_of_a_post_is_new_once(session: Session) -> None:
    h = random_hash(4)
    first, second = sample("a", h, url="https://i/1.jpg"), sample("a", h, url="https://i/2.jpg")
    change = record_listing(session, post(images=(first, second)), now=at(0), match_radius=RADIUS)
    assert [(c.new_image, c.new_in_listing) for c in change.images] == [
        (True, True),
        (False, False),
    ]
    assert count(session, Image) == 1 and count(session, Sighting) == 2


def test_images_are_reported_and_listed_in_the_posts_order(session: Session) -> None:
    names = ["zz", "aa", "mm"]
    images = tuple(sample(n, random_hash(i)) for i, n in enumerate(names))
    change = record_listing(session, post(images=images), now=at(0), match_radius=RADIUS)
    session.commit()
    assert [c.sha256 for c in change.images] == [i.sha256 for i in images]
    assert [s.url for s in change.listing.sightings] == [i.url for i in images]


def test_stored_lists_keep_vocabulary_and_post_order(session: Session) -> None:
    contacts = ({"kind": "telegram", "value": "@z"}, {"kind": "qq", "value": "123"})
    change = record_listing(
        session,
        post(data_types=("kyc_set", "face_photo", "id_card"), contacts=contacts),
        now=at(0),
        match_radius=RADIUS,
    )
    assert change.listing.data_types == ["face_photo", "id_card", "kyc_set"]
    assert change.listing.contacts == list(contacts)



def test_a_new_currency_rate_is_no_changed_offer(session: Session) -> None:
    """The USD value follows the configured rates; the seller's price did not change."""
    record_listing(session, post(), now=at(0), match_radius=RADIUS)
    session.commit()
    rate_moved = {"amount": 3000, "currency": "CNY", "per": "bundle", "usd": 430.0}
    change = record_listing(session, post(price=rate_moved), now=at(2), match_radius=RADIUS)
    session.commit()
    assert change.status == "unchanged"
    assert change.listing.price_usd == 430.0


def test_a_renamed_seller_is_the_same_seller_with_its_new_display_name(session: Session) -> None:
    first = record_listing(
        session, post(seller="kyc_shop", seller_display="KYC Shop"), now=at(0), match_radius=RADIUS
    ).listing
    session.commit()
    second = record_listing(
        session,
        post("https://t.me/s/market/2", seller="kyc_shop", seller_display="KYC Shop 2.0"),
        now=at(1),
        match_radius=RADIUS,
    ).listing
    session.commit()

    assert first.seller_id == second.seller_id
    assert count(session, Seller) == 1
    assert second.seller.display_name == "KYC Shop 2.0"
    [row] = sellers_overview(session)
    assert (row["seller"], row["display_name"], row["listings"]) == ("kyc_shop", "KYC Shop 2.0", 2)


def test_forwarded_from_is_kept_on_the_listing(session: Session) -> None:
    listing = record_listing(
        session, post(forwarded_from="yaremshooter"), now=at(0), match_radius=RADIUS
    ).listing
    session.commit()

    assert listing.forwarded_from == "yaremshooter"

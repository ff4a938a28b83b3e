"""Pure helpers: mirror-aware distances and the tracked-field snapshot."""

from __future__ import annotations

import pytest

from faceleak.store.distance import hamming, mirror_distance, padded
from faceleak.store.snapshot import changed_fields, content_hash, tracked_values


def values(**overrides):
    fields = {
        "title": "t",
        "text": "x",
        "is_offer": True,
        "data_types": ["face_photo"],
        "photo_count": 10,
        "price": None,
        "contacts": [],
    }
    fields.update(overrides)
    return tracked_values(**fields)


def test_hamming_counts_differing_bits() -> None:
    assert hamming(b"\xff" * 8, b"\x00" * 8) == 64
    assert hamming(b"\x80" + b"\0" * 7, b"\0" * 8) == 1


def test_hamming_refuses_different_widths() -> None:
    with pytest.raises(ValueError, match="different widths"):
        hamming(b"\0" * 8, b"\0" * 32)


def test_mirror_distance_takes_the_nearest_orientation() -> None:
    h, m = b"\x00" * 8, b"\xff" * 8
    assert mirror_distance(h, m, m, h) == 0
    assert mirror_distance(h, None, m, None) == 64


def test_padding_keeps_distances() -> None:
    assert padded(b"\x01\x02") == b"\x01\x02" + b"\0" * 6
    assert padded(b"\0" * 8) == b"\0" * 8


def test_content_hash_ignores_list_order_and_int_versus_float() -> None:
    a = values(data_types=["id_card", "face_photo"], price={"amount": 3000, "currency": "CNY"})
    b = values(
        data_types=["face_photo", "id_card"],
        price={"amount": 3000.0, "currency": "CNY", "per": "bundle", "usd": None},
    )
    assert content_hash(a) == content_hash(b)


def test_changed_fields_follow_the_tracked_order() -> None:
    assert changed_fields(values(), values(photo_count=11, title="u")) == ("title", "photo_count")


def test_a_price_without_amount_is_no_price() -> None:
    assert values(price={"amount": None, "currency": "CNY"})["price"] is None

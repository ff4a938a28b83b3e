"""The tracked fields of a listing: normalised values, their hash, and what changed. Pure.

A change in any tracked field makes a new listing version (and may raise
``offer_changed``); the rest (offer score, reasons, seller, posted_at) is
refreshed in place. Lists are de-duplicated; data types are kept in the
vocabulary's order and contacts in the post's order (the analyst reads them),
but compared as sets, so the same facts in another order are not a change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from faceleak.config import DATA_TYPES
from faceleak.store.models import Listing

_TYPE_ORDER = {kind: i for i, kind in enumerate(DATA_TYPES)}

TRACKED = ("title", "text", "is_offer", "data_types", "photo_count", "price", "contacts")


def clean_text(value: str | None, limit: int | None = None) -> str | None:
    """Scraped text as databases accept it: no NUL (PostgreSQL refuses it), at most ``limit``."""
    if value is None:
        return None
    value = str(value).replace("\x00", "")
    return value[:limit] if limit is not None else value


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def normal_price(price: Mapping | None) -> dict | None:
    if not price or price.get("amount") is None or not price.get("currency"):
        return None
    return {
        "amount": float(price["amount"]),
        "currency": clean_text(price["currency"], 8),
        "per": clean_text(price.get("per") or "bundle", 8),
        "usd": _float(price.get("usd")),
    }


def normal_contacts(contacts: Iterable[Mapping]) -> list[dict]:
    pairs = dict.fromkeys(
        (clean_text(c.get("kind") or "other"), clean_text(c.get("value") or "")) for c in contacts
    )
    return [{"kind": kind, "value": value} for kind, value in pairs if value]


def tracked_values(
    *,
    title: str | None,
    text: str | None,
    is_offer: bool,
    data_types: Iterable[str],
    photo_count: int | None,
    price: Mapping | None,
    contacts: Iterable[Mapping],
) -> dict:
    """The tracked fields in the canonical form stored in ``listing_versions.snapshot``."""
    return {
        "title": clean_text(title),
        "text": clean_text(text) or "",
        "is_offer": bool(is_offer),
        "data_types": sorted(
            {clean_text(kind) for kind in data_types}, key=lambda k: (_TYPE_ORDER.get(k, 99), k)
        ),
        "photo_count": None if photo_count is None else int(photo_count),
        "price": normal_price(price),
        "contacts": normal_contacts(contacts),
    }


def listing_values(listing: Listing) -> dict:
    """The tracked fields as the listing row holds them now."""
    price = None
    if listing.price_amount is not None:
        price = {
            "amount": listing.price_amount,
            "currency": listing.price_currency,
            "per": listing.price_per,
            "usd": listing.price_usd,
        }
    return tracked_values(
        title=listing.title,
        text=listing.text,
        is_offer=listing.is_offer,
        data_types=listing.data_types or [],
        photo_count=listing.photo_count,
        price=price,
        contacts=listing.contacts or [],
    )


def _comparable(values: Mapping) -> dict:
    """The tracked values as compared: the asking price without its USD value, which follows
    the configured rates, not the seller (a new rate is no changed offer)."""
    out = {key: values.get(key) for key in TRACKED}
    out["contacts"] = sorted((c["kind"], c["value"]) for c in out["contacts"] or [])
    if out["price"]:
        out["price"] = {k: v for k, v in out["price"].items() if k != "usd"}
    return out


def content_hash(values: Mapping) -> str:
    canonical = json.dumps(
        _comparable(values),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def changed_fields(old: Mapping, new: Mapping) -> tuple[str, ...]:
    old_c, new_c = _comparable(old), _comparable(new)
    return tuple(key for key in TRACKED if old_c[key] != new_c[key])


def apply_values(listing: Listing, values: Mapping) -> None:
    """Write canonical tracked values onto the listing's columns."""
    listing.title = values["title"]
    listing.text = values["text"]
    listing.is_offer = values["is_offer"]
    listing.data_types = list(values["data_types"])
    listing.photo_count = values["photo_count"]
    price = values["price"] or {}
    listing.price_amount = price.get("amount")
    listing.price_currency = price.get("currency")
    listing.price_per = price.get("per")
    listing.price_usd = price.get("usd")
    listing.contacts = [dict(c) for c in values["contacts"]]
    listing.content_hash = content_hash(values)

"""``offer_changed``: the price, photo count, data types or text of a known offer changed."""

from __future__ import annotations

from typing import Any

from faceleak.store.changes import ListingChange
from faceleak.store.models import Listing
from faceleak.store.serialize import price_json

from .base import AlertDraft, ListingEvent, listing_label, source_name

WATCHED = ("price", "photo_count", "data_types", "text")
TEXT_LIMIT = 4000  # texts are kept whole in the listing; the diff only needs enough to read


def current_value(listing: Listing, field: str) -> Any:
    if field == "price":
        return price_json(listing)
    if field == "photo_count":
        return listing.photo_count
    if field == "data_types":
        return list(listing.data_types or [])
    return (listing.text or "")[:TEXT_LIMIT]


def _clip(field: str, value: Any) -> Any:
    if field == "text" and isinstance(value, str):
        return value[:TEXT_LIMIT]
    if isinstance(value, tuple):
        return list(value)
    return value


class OfferChanged(ListingEvent):
    """Once per listing version; an edit that makes a post an offer is ``new_offer`` instead."""

    name = "offer_changed"

    def drafts(self, change: ListingChange) -> list[AlertDraft]:
        listing = change.listing
        if change.status != "changed" or not listing.is_offer:
            return []
        if "is_offer" in change.changed_fields:
            return []
        fields = [f for f in WATCHED if f in change.changed_fields]
        if not fields:
            return []
        before = {f: _clip(f, change.previous.get(f)) for f in fields}
        after = {f: current_value(listing, f) for f in fields}
        return [
            AlertDraft(
                key=f"offer_changed:{listing.id}:v{listing.version}",
                summary=(
                    f"Offer changed on {source_name(listing)} ({', '.join(fields)}): "
                    f"{listing_label(listing)}"
                ),
                details={"changed": fields, "before": before, "after": after,
                         "version": listing.version},
                listing_id=listing.id,
            )
        ]

"""``new_offer``: an offer seen for the first time."""

from __future__ import annotations

from faceleak.store.changes import ListingChange

from .base import AlertDraft, ListingEvent, listing_label, seller_name, source_name


class NewOffer(ListingEvent):
    """A new listing that is an offer, or a known post just edited into one."""

    name = "new_offer"

    def drafts(self, change: ListingChange) -> list[AlertDraft]:
        listing = change.listing
        if not listing.is_offer:
            return []
        became_offer = change.status == "changed" and "is_offer" in change.changed_fields
        if change.status != "new" and not became_offer:
            return []
        facts = [f"on {source_name(listing)}"]
        if seller_name(listing):
            facts.append(f"by {seller_name(listing)}")
        if listing.photo_count is not None:
            facts.append(f"{listing.photo_count} photos")
        if listing.price_amount is not None and listing.price_currency:
            facts.append(f"{listing.price_amount:g} {listing.price_currency}")
        return [
            AlertDraft(
                key=f"new_offer:{listing.id}",
                summary=f"New offer {', '.join(facts)}: {listing_label(listing)}",
                details={
                    "source": source_name(listing),
                    "offer_score": round(listing.offer_score, 4),
                    "data_types": list(listing.data_types or []),
                    "became_offer": became_offer,
                },
                listing_id=listing.id,
            )
        ]

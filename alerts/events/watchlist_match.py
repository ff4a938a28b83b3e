"""``watchlist_match``: a sample image is near a watchlist hash (offer or not)."""

from __future__ import annotations

from faceleak.store.changes import ListingChange

from .base import AlertDraft, ListingEvent, listing_label, source_name


class WatchlistMatch(ListingEvent):
    """One alert per (watchlist, image): the organisation's own photo turned up somewhere."""

    name = "watchlist_match"

    def drafts(self, change: ListingChange) -> list[AlertDraft]:
        listing = change.listing
        matches: dict[tuple[str, int], dict] = {}
        for image in change.images:
            for hit in image.watchlist_hits:
                entry = matches.setdefault(
                    (hit.watchlist, image.image_id),
                    {"watchlist": hit.watchlist, "image_id": image.image_id,
                     "sha256": image.sha256, "cluster": image.cluster_id, "entries": []},
                )
                entry["entries"].append({"entry_id": hit.entry_id, "distance": hit.distance})
        drafts = []
        for (watchlist, image_id), details in matches.items():
            details["entries"].sort(key=lambda e: (e["distance"], e["entry_id"]))
            best = details["entries"][0]["distance"]
            kind = "offer" if listing.is_offer else "post"
            drafts.append(
                AlertDraft(
                    key=f"watchlist_match:{watchlist}:{image_id}",
                    summary=(
                        f"Watchlist {watchlist!r} matched (distance {best}) in a {kind} "
                        f"on {source_name(listing)}: {listing_label(listing)}"
                    ),
                    details=details,
                    listing_id=listing.id,
                )
            )
        return drafts

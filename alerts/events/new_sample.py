"""``new_sample``: an offer carries a sample image never seen before (a new cluster)."""

from __future__ import annotations

from faceleak.store.changes import ListingChange

from .base import AlertDraft, ListingEvent, listing_label, source_name, unique_by


class NewSample(ListingEvent):
    """One alert per new cluster: the first sighting of a sample, however often it recurs later."""

    name = "new_sample"

    def drafts(self, change: ListingChange) -> list[AlertDraft]:
        listing = change.listing
        if not listing.is_offer:
            return []
        fresh = [image for image in change.images if image.new_cluster]
        drafts = []
        for image in unique_by(fresh, lambda i: i.cluster_id or i.sha256):
            cluster = image.cluster_id if image.cluster_id is not None else f"sha256-{image.sha256}"
            drafts.append(
                AlertDraft(
                    key=f"new_sample:{cluster}",
                    summary=(
                        f"New sample image in an offer on {source_name(listing)}: "
                        f"{listing_label(listing)}"
                    ),
                    details={"image_id": image.image_id, "sha256": image.sha256,
                             "cluster": image.cluster_id},
                    listing_id=listing.id,
                )
            )
        return drafts

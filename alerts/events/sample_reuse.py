"""``sample_reuse``: a known sample appears in an offer of another seller or source."""

from __future__ import annotations

from faceleak.store.changes import ListingChange

from .base import AlertDraft, ListingEvent, listing_label, seller_name, source_name


class SampleReuse(ListingEvent):
    """One alert per (cluster, listing): the same sample reposted elsewhere links the sellers."""

    name = "sample_reuse"

    def drafts(self, change: ListingChange) -> list[AlertDraft]:
        listing = change.listing
        if not listing.is_offer:
            return []
        by_cluster: dict[object, dict] = {}
        for image in change.images:
            # only when the sample *appears* here: the listing that showed it first stays
            # quiet on later passes, when it sees the re-posts made after it
            if not image.other_sellers or not image.new_in_listing:
                continue
            cluster = image.cluster_id if image.cluster_id is not None else f"sha256-{image.sha256}"
            entry = by_cluster.setdefault(
                cluster, {"cluster": image.cluster_id, "images": [], "other_sellers": []}
            )
            entry["images"].append({"image_id": image.image_id, "sha256": image.sha256})
            for ref in image.other_sellers:
                item = {"source": ref.source, "seller": ref.seller}
                if item not in entry["other_sellers"]:
                    entry["other_sellers"].append(item)
        drafts = []
        for cluster, details in by_cluster.items():
            others = ", ".join(
                f"{o['seller'] or '(unknown seller)'} on {o['source']}"
                for o in details["other_sellers"]
            )
            who = seller_name(listing) or "(unknown seller)"
            drafts.append(
                AlertDraft(
                    key=f"sample_reuse:{cluster}:{listing.id}",
                    summary=(
                        f"Sample reused by {who} on {source_name(listing)}, "
                        f"seen before from {others}: {listing_label(listing)}"
                    ),
                    details=details,
                    listing_id=listing.id,
                )
            )
        return drafts

"""What goes into the store, and what the store says changed.

The pipeline builds a :class:`ListingObservation` from a scraped post, its
extraction and its image digests; ``record_listing`` answers with a
:class:`ListingChange` that the alert rules read. Keeping both as plain data
lets the alerts be tested without crawling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from faceleak.store.models import Listing


@dataclass(frozen=True, slots=True)
class ImageObservation:
    """A sample image referenced by a post: either its digest, or why there is none."""

    url: str
    sha256: str | None = None
    width: int | None = None
    height: int | None = None
    format: str | None = None
    faces: int | None = None
    hash: bytes | None = None
    hash_mirror: bytes | None = None
    fine_hash: bytes | None = None  # the confirming hashes of two-stage matching
    fine_mirror: bytes | None = None
    # (hash, mirror, fine, fine_mirror) of pictures inside this one: matched as extra
    # queries (a screenshot joins its photo's cluster), never stored
    regions: tuple[tuple[bytes, bytes, bytes, bytes], ...] = ()
    # the same of the picture with smaller margins (crop probes): extra queries under a
    # confirm radius of their own (store.matching.PROBE_CONFIRM_RADIUS), never stored
    probes: tuple[tuple[bytes, bytes, bytes, bytes], ...] = ()
    error: str | None = None  # download or decode failure; the listing is stored all the same


@dataclass(frozen=True, slots=True)
class ListingObservation:
    source: str
    source_kind: str
    url: str
    text: str
    title: str | None = None
    seller: str | None = None  # the seller's stable key within the source
    posted_at: datetime | None = None
    is_offer: bool = False
    offer_score: float = 0.0
    reasons: tuple[str, ...] = ()
    data_types: tuple[str, ...] = ()
    photo_count: int | None = None
    price: dict | None = None  # {"amount", "currency", "per", "usd"} as in DESIGN 4.2
    contacts: tuple[dict, ...] = ()  # {"kind", "value"}
    images: tuple[ImageObservation, ...] = ()
    seller_display: str | None = None  # what the seller calls itself now, when not its key
    forwarded_from: str | None = None  # where a forwarded post came from


@dataclass(frozen=True, slots=True)
class SellerRef:
    source: str
    seller: str | None


@dataclass(frozen=True, slots=True)
class WatchlistHit:
    watchlist: str
    entry_id: int
    distance: int


@dataclass(frozen=True, slots=True)
class ImageChange:
    """One image of the observed listing, as the store saw it."""

    image_id: int
    sha256: str
    cluster_id: int | None
    new_image: bool  # these bytes were never stored before
    new_cluster: bool  # no near-duplicate was known: a never-seen sample
    new_in_listing: bool  # first time this image is seen in this listing
    # sellers (source + seller name) that showed a sample of the same cluster before
    # and are not this listing's seller; non-empty means the sample is reused
    other_sellers: tuple[SellerRef, ...] = ()
    watchlist_hits: tuple[WatchlistHit, ...] = ()


@dataclass(slots=True)
class ListingChange:
    listing: Listing
    status: Literal["new", "changed", "unchanged"]
    changed_fields: tuple[
        str, ...
    ] = ()  # of: title, text, is_offer, data_types, photo_count, price, contacts
    previous: dict = field(default_factory=dict)  # the previous values of changed_fields
    images: tuple[ImageChange, ...] = ()

    @property
    def listing_id(self) -> int:
        return self.listing.id

"""``record_listing``: one observed post into the store, and what changed because of it.

Runs inside the caller's transaction (flushes, never commits), so the alert rows
the caller writes next land atomically with the change. Re-recording the same
observation is a no-op apart from ``last_seen``: status ``unchanged``, no new
version, no duplicate sighting.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store.changes import (
    ImageChange,
    ImageObservation,
    ListingChange,
    ListingObservation,
    SellerRef,
)
from faceleak.store.clusters import assign_cluster
from faceleak.store.labels import current_label, with_label
from faceleak.store.matching import Signals, extra_queries
from faceleak.store.models import Image, Listing, ListingVersion, Seller, Sighting, Source
from faceleak.store.snapshot import (
    apply_values,
    changed_fields,
    clean_text,
    content_hash,
    listing_values,
    tracked_values,
)
from faceleak.store.upsert import insert_if_absent
from faceleak.store.watchlists import watchlist_hits_for

URL_LIMIT = 2048  # the url columns' width
SELLER_LIMIT = 255


def _check(obs: ListingObservation, now: datetime) -> None:
    """Refuse, before any write, what would fail at flush and poison the transaction."""
    if now.tzinfo is None:
        raise ValueError("record_listing needs a timezone-aware 'now'")
    if obs.posted_at is not None and obs.posted_at.tzinfo is None:
        raise ValueError(f"posted_at of {obs.url[:200]} is naive; adapters give aware datetimes")
    if not obs.url or len(obs.url) > URL_LIMIT or "\x00" in obs.url:
        raise ValueError(
            f"listing URL empty, longer than {URL_LIMIT} or with NUL: {obs.url[:200]!r}"
        )


def get_source(session: Session, name: str, kind: str, now: datetime) -> Source:
    found = session.scalar(select(Source).where(Source.name == name))
    if found is None:
        insert_if_absent(session, Source, {"name": name, "kind": kind, "created_at": now}, ["name"])
        found = session.scalars(select(Source).where(Source.name == name)).one()
    return found


def get_seller(
    session: Session, source: Source, name: str, now: datetime, display_name: str | None = None
) -> Seller:
    """The seller keyed ``name`` in ``source``, its display name brought up to date."""
    query = select(Seller).where(Seller.source_id == source.id, Seller.name == name)
    found = session.scalar(query)
    if found is None:
        values = {"source_id": source.id, "name": name, "first_seen": now}
        insert_if_absent(session, Seller, values, ["source_id", "name"])
        found = session.scalars(query).one()
    if display_name and found.display_name != display_name:
        found.display_name = display_name
    return found


def _observed_values(obs: ListingObservation) -> dict:
    return tracked_values(
        title=obs.title,
        text=obs.text,
        is_offer=obs.is_offer,
        data_types=obs.data_types,
        photo_count=obs.photo_count,
        price=obs.price,
        contacts=obs.contacts,
    )


def _add_version(
    session: Session, listing: Listing, values: dict, changed: tuple[str, ...], now: datetime
) -> None:
    session.add(
        ListingVersion(
            listing_id=listing.id,
            version=listing.version,
            seen_at=now,
            content_hash=content_hash(values),
            changed_fields=list(changed),
            snapshot=values,
        )
    )


def _upsert_listing(
    session: Session, obs: ListingObservation, source: Source, seller: Seller | None, now: datetime
) -> tuple[Listing, str, tuple[str, ...], dict]:
    """The listing row brought up to date: (listing, status, changed fields, previous values)."""
    values = _observed_values(obs)
    query = select(Listing).where(Listing.source_id == source.id, Listing.url == obs.url)
    listing = session.scalar(query)
    if listing is None:
        row = {
            "source_id": source.id,
            "url": obs.url,
            "text": values["text"],
            "content_hash": content_hash(values),
            "first_seen": now,
            "last_seen": now,
            "version": 1,
        }
        new_id = insert_if_absent(session, Listing, row, ["source_id", "url"])
        listing = session.scalars(query).one()
        if new_id is not None:
            apply_values(listing, values)
            _refresh_untracked(listing, obs, seller, now)
            session.flush()
            _add_version(session, listing, values, (), now)
            return listing, "new", (), {}
    values = with_label(values, current_label(session, listing))  # the analyst's word stands
    old = listing_values(listing)
    changed = changed_fields(old, values) if listing.content_hash != content_hash(values) else ()
    status = "unchanged"
    if changed:
        listing.version = listing.version + 1
        status = "changed"
    apply_values(listing, values)
    _refresh_untracked(listing, obs, seller, now)
    if changed:
        _add_version(session, listing, values, changed, now)
    return listing, status, changed, {key: old[key] for key in changed}


def _refresh_untracked(
    listing: Listing, obs: ListingObservation, seller: Seller | None, now: datetime
) -> None:
    listing.last_seen = max(now, listing.last_seen) if listing.last_seen else now
    listing.offer_score = float(obs.offer_score)
    listing.reasons = [clean_text(reason) for reason in obs.reasons]
    if obs.posted_at is not None:
        listing.posted_at = obs.posted_at
    if obs.forwarded_from is not None:
        listing.forwarded_from = clean_text(obs.forwarded_from, SELLER_LIMIT)
    if seller is not None:
        listing.seller_id = seller.id


def _get_image(session: Session, obs: ImageObservation, now: datetime) -> tuple[Image, bool]:
    """The image with these bytes (by sha256), created if never seen: (image, is_new)."""
    query = select(Image).where(Image.sha256 == obs.sha256)
    image = session.scalar(query)
    new = False
    if image is None:
        row = {
            "sha256": obs.sha256,
            "url": clean_text(obs.url, URL_LIMIT),
            "width": obs.width,
            "height": obs.height,
            "format": clean_text(obs.format, 16),
            "faces": obs.faces,
            "hash": obs.hash,
            "hash_mirror": obs.hash_mirror,
            "fine_hash": obs.fine_hash,
            "fine_mirror": obs.fine_mirror,
            "error": None if obs.hash is not None else (obs.error or "not decoded"),
            "first_seen": now,
        }
        new = insert_if_absent(session, Image, row, ["sha256"]) is not None
        image = session.scalars(query).one()
    elif image.hash is None and obs.hash is not None:
        # Decoded now where it failed before (limits raised, decoder fixed).
        image.hash, image.hash_mirror, image.error = obs.hash, obs.hash_mirror, None
        image.width, image.height = obs.width, obs.height
        image.format = clean_text(obs.format, 16)
        image.faces = obs.faces
        image.fine_hash, image.fine_mirror = obs.fine_hash, obs.fine_mirror
    elif image.fine_hash is None and obs.fine_hash is not None and image.hash == obs.hash:
        # Hashed before two-stage matching: the same bytes now bring the confirming hash.
        image.fine_hash, image.fine_mirror = obs.fine_hash, obs.fine_mirror
    return image, new


def _upsert_sighting(
    session: Session,
    listing: Listing,
    url: str,
    image: Image | None,
    error: str | None,
    now: datetime,
) -> None:
    query = select(Sighting).where(Sighting.listing_id == listing.id, Sighting.url == url)
    sighting = session.scalar(query)
    if sighting is None:
        row = {
            "listing_id": listing.id,
            "url": url,
            "image_id": image.id if image else None,
            "error": None if image else error,
            "first_seen": now,
            "last_seen": now,
        }
        if insert_if_absent(session, Sighting, row, ["listing_id", "url"]) is not None:
            return
        sighting = session.scalars(query).one()
    sighting.last_seen = now
    if image is not None:
        sighting.image_id, sighting.error = image.id, None
    elif sighting.image_id is None:  # a failed download never hides an image seen before
        sighting.error = error


def _other_sellers(
    session: Session, image: Image, listing: Listing, own: tuple[str, str | None]
) -> tuple[SellerRef, ...]:
    """Sellers other than ``own`` that showed this sample (any image of its cluster) elsewhere."""
    same_sample = (
        Image.cluster_id == image.cluster_id
        if image.cluster_id is not None
        else Image.id == image.id
    )
    rows = session.execute(
        select(Source.name, Seller.name)
        .select_from(Sighting)
        .join(Image, Image.id == Sighting.image_id)
        .join(Listing, Listing.id == Sighting.listing_id)
        .join(Source, Source.id == Listing.source_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(same_sample, Sighting.listing_id != listing.id)
        .distinct()
    )
    refs = {(source, seller) for source, seller in rows if (source, seller) != own}
    return tuple(SellerRef(source, seller) for source, seller in sorted(refs, key=_ref_order))


def region_signals(obs: ImageObservation) -> tuple[Signals, ...]:
    """The observed regions (pictures inside the image) and crop probes as match queries."""
    return extra_queries(obs.regions, obs.probes)


def _ref_order(ref: tuple[str, str | None]) -> tuple[str, str]:
    return ref[0], ref[1] or ""


def _store_images(
    session: Session,
    observed: list[ImageObservation],
    *,
    now: datetime,
    match_radius: int,
    confirm_radius: int | None,
) -> dict[str, tuple[Image, bool, bool]]:
    """Each distinct image stored and clustered: ``{sha256: (image, new, new_cluster)}``.

    Writers insert images in one global order (by sha256), so two transactions
    carrying the same samples wait for each other instead of deadlocking.
    """
    stored: dict[str, tuple[Image, bool, bool]] = {}
    for obs in sorted(observed, key=lambda o: o.sha256 or ""):
        if obs.sha256 is None or obs.sha256 in stored:
            continue
        image, new_image = _get_image(session, obs, now)
        new_cluster = False
        if image.hash is not None and image.cluster_id is None:
            _, new_cluster = assign_cluster(
                session,
                image,
                match_radius=match_radius,
                confirm_radius=confirm_radius,
                regions=region_signals(obs),
            )
        stored[obs.sha256] = (image, new_image, new_cluster)
    return stored


def _sight_image(
    session: Session,
    listing: Listing,
    own: tuple[str, str | None],
    url: str,
    stored: tuple[Image, bool, bool],
    *,
    now: datetime,
    match_radius: int,
    confirm_radius: int | None,
    regions: tuple[Signals, ...] = (),
) -> ImageChange:
    """Record that ``listing`` shows the image at ``url``, and what that means."""
    image, new_image, new_cluster = stored
    seen_here = session.scalar(
        select(Sighting.id).where(Sighting.listing_id == listing.id, Sighting.image_id == image.id)
    )
    others = _other_sellers(session, image, listing, own)
    _upsert_sighting(session, listing, url, image, None, now)
    hits = ()
    if new_image and image.hash is not None:
        hits = tuple(
            watchlist_hits_for(
                session,
                image.hash,
                image.hash_mirror,
                match_radius,
                fine=image.fine_hash,
                fine_mirror=image.fine_mirror,
                confirm_radius=confirm_radius,
                regions=regions,
            )
        )
    return ImageChange(
        image_id=image.id,
        sha256=image.sha256,
        cluster_id=image.cluster_id,
        new_image=new_image,
        new_cluster=new_cluster,
        new_in_listing=seen_here is None,
        other_sellers=others,
        watchlist_hits=hits,
    )


def _record_images(
    session: Session,
    listing: Listing,
    own: tuple[str, str | None],
    observed: tuple[ImageObservation, ...],
    *,
    now: datetime,
    match_radius: int,
    confirm_radius: int | None,
) -> list[ImageChange]:
    by_url: dict[str, ImageObservation] = {}
    for obs in observed:  # the same picture linked twice in one post counts once
        by_url.setdefault(clean_text(obs.url, URL_LIMIT), obs)
    stored = _store_images(
        session,
        list(by_url.values()),
        now=now,
        match_radius=match_radius,
        confirm_radius=confirm_radius,
    )
    changes = []
    for url, obs in by_url.items():  # sightings in the post's order
        if obs.sha256 is None:
            _upsert_sighting(session, listing, url, None, obs.error or "no image", now)
            continue
        image, new_image, new_cluster = stored[obs.sha256]
        stored[obs.sha256] = (image, False, False)  # a second link to it in this post is not new
        changes.append(
            _sight_image(
                session,
                listing,
                own,
                url,
                (image, new_image, new_cluster),
                now=now,
                match_radius=match_radius,
                confirm_radius=confirm_radius,
                regions=region_signals(obs),
            )
        )
    return changes


def record_listing(
    session: Session,
    obs: ListingObservation,
    *,
    now: datetime,
    match_radius: int,
    confirm_radius: int | None = None,
) -> ListingChange:
    """Upsert listing, version, seller, images, sightings and clusters; report the change.

    Images match within ``match_radius`` on the 64-bit hash, confirmed within
    ``confirm_radius`` on the 256-bit hash (two-stage, ``store.matching``); without
    ``confirm_radius`` the 64-bit radius alone decides.
    """
    _check(obs, now)
    source = get_source(session, obs.source, obs.source_kind, now)
    seller_name = clean_text(obs.seller, SELLER_LIMIT)
    display = clean_text(obs.seller_display, SELLER_LIMIT) if obs.seller_display else None
    seller = get_seller(session, source, seller_name, now, display) if seller_name else None
    listing, status, changed, previous = _upsert_listing(session, obs, source, seller, now)
    session.flush()
    own_seller = seller.name if seller else None
    if seller is None and listing.seller_id is not None:  # this post named none; keep the known one
        own_seller = session.get_one(Seller, listing.seller_id).name
    own = (source.name, own_seller)
    images = _record_images(
        session,
        listing,
        own,
        obs.images,
        now=now,
        match_radius=match_radius,
        confirm_radius=confirm_radius,
    )
    session.flush()
    # Rows went in through Core inserts; let the collections reload on next access.
    session.expire(listing, ["versions", "sightings", "source", "seller"])
    return ListingChange(
        listing=listing,
        status=status,  # type: ignore[arg-type]
        changed_fields=changed,
        previous=previous,
        images=tuple(images),
    )

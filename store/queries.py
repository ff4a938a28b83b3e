"""The read side the CLI uses. Each function loads what its output needs in a few queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload

from faceleak.store.imagesearch import near_images
from faceleak.store.matching import MatchRule, Signals
from faceleak.store.models import Alert, Delivery, Image, Listing, Seller, Sighting, Source
from faceleak.store.runs import consecutive_failures, last_run
from faceleak.store.search import ListingFilter, conditions, nth_newest_match

ALERT_STATUSES = ("open", "acked", "resolved", "false_positive")


def _listing_loads():
    """Everything ``listing_json`` touches, loaded up front (no query per listing)."""
    return (
        selectinload(Listing.source),
        selectinload(Listing.seller),
        selectinload(Listing.label),
        selectinload(Listing.sightings).selectinload(Sighting.image),
    )


def list_listings(
    session: Session,
    *,
    offers_only: bool = False,
    source: str | None = None,
    seller: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
    types: tuple[str, ...] = (),
    min_photos: int | None = None,
    contact: str | None = None,
    search: str | None = None,
    cluster: int | None = None,
    seller_id: int | None = None,
    seen_since: datetime | None = None,
) -> list[Listing]:
    """Listings newest first; ``since`` keeps those first seen at or after it, ``seen_since``
    those seen (new or again) at or after it; the others are ``store.search.ListingFilter``'s."""
    wanted = ListingFilter(offers_only=offers_only, source=source, seller=seller,
                           seller_id=seller_id, types=tuple(types), min_photos=min_photos,
                           contact=contact, search=search, cluster=cluster)

    def newest(f: ListingFilter) -> list[Listing]:
        query = select(Listing).options(*_listing_loads()).where(*conditions(session, f))
        if since is not None:
            query = query.where(Listing.first_seen >= since)
        if seen_since is not None:
            query = query.where(Listing.last_seen >= seen_since)
        query = query.order_by(Listing.first_seen.desc(), Listing.id.desc()).limit(limit)
        return list(session.scalars(query))

    if search and limit > 0:
        found = _search_window(session, wanted, limit, newest)
        if found is not None:
            return found
    return newest(wanted)


SEARCH_WINDOWS = (500, 4_000, 32_000)  # newest matches of the first term a window spans


def _search_window(session: Session, wanted: ListingFilter, limit: int, newest) -> \
        list[Listing] | None:
    """A word most listings contain makes the index collect every match before the newest
    ``limit`` are taken. Instead search only the newest ids that hold the first term (the
    index stops early); the answer is the full search's when the window filled ``limit`` rows
    and no listing older by id was first seen after the last of them (ids follow first_seen
    in practice, but nothing enforces it). None: the window cannot prove it, search it all."""
    for size in SEARCH_WINDOWS:
        lowest = nth_newest_match(session, wanted.search or "", max(size, limit))
        if lowest is None:  # fewer matches than the window: the full search is cheap
            return None
        rows = newest(replace(wanted, min_id=lowest))
        if len(rows) < limit:
            continue
        # the oldest id first seen after the last row (a range of the first_seen index)
        # compared as stored (as ORDER BY compares), not as a value bound from Python
        last = select(Listing.first_seen).where(Listing.id == rows[-1].id).scalar_subquery()
        oldest_later = session.scalar(select(func.min(Listing.id)).where(
            Listing.first_seen > last))
        if oldest_later is None or oldest_later >= lowest:
            return rows
        return None
    return None


def get_listing(session: Session, listing_id: int) -> Listing | None:
    return session.scalar(
        select(Listing)
        .where(Listing.id == listing_id)
        .options(*_listing_loads(), selectinload(Listing.versions))
    )


def _cluster_ids(session: Session, listing_id: int) -> set[int]:
    return set(
        session.scalars(
            select(Image.cluster_id)
            .join(Sighting, Sighting.image_id == Image.id)
            .where(Sighting.listing_id == listing_id, Image.cluster_id.is_not(None))
        )
    )


def related_listings(session: Session, listing: Listing) -> list[tuple[Listing, list[int]]]:
    """Other listings showing a sample of the same cluster, with the shared cluster ids."""
    clusters = _cluster_ids(session, listing.id)
    if not clusters:
        return []
    rows = session.execute(
        select(Sighting.listing_id, Image.cluster_id)
        .join(Image, Image.id == Sighting.image_id)
        .where(Image.cluster_id.in_(clusters), Sighting.listing_id != listing.id)
        .distinct()
    )
    shared: dict[int, set[int]] = defaultdict(set)
    for listing_id, cluster_id in rows:
        shared[listing_id].add(cluster_id)
    listings = session.scalars(
        select(Listing).where(Listing.id.in_(shared)).options(*_listing_loads())
    )
    ordered = sorted(listings, key=lambda other: (other.first_seen, other.id), reverse=True)
    return [(other, sorted(shared[other.id])) for other in ordered]


def list_alerts(
    session: Session,
    status: str = "open",
    limit: int = 50,
    *,
    event: str | None = None,
    severity: str | None = None,
    source: str | None = None,
    rule: str | None = None,
    since: datetime | None = None,
) -> list[Alert]:
    """Alerts newest first; ``status`` one of ALERT_STATUSES or ``all``; the others narrow
    by the alert's event, severity, rule, its listing's source and its creation time."""
    if status != "all" and status not in ALERT_STATUSES:
        raise ValueError(f"alert status must be one of {(*ALERT_STATUSES, 'all')}, not {status!r}")
    query = select(Alert).options(
        selectinload(Alert.listing).selectinload(Listing.source),
        selectinload(Alert.listing).selectinload(Listing.seller),
        selectinload(Alert.listing).selectinload(Listing.label),
        selectinload(Alert.listing).selectinload(Listing.sightings).selectinload(Sighting.image),
    )
    if status != "all":
        query = query.where(Alert.status == status)
    for column, value in ((Alert.event, event), (Alert.severity, severity), (Alert.rule, rule)):
        if value:
            query = query.where(column == value)
    if source:
        query = query.where(Alert.listing.has(Listing.source.has(Source.name == source)))
    if since is not None:
        query = query.where(Alert.created_at >= since)
    query = query.order_by(Alert.created_at.desc(), Alert.id.desc()).limit(limit)
    return list(session.scalars(query))


def alert_facets(session: Session) -> dict[str, list[str]]:
    """The values each alert filter can take in this database (for the console's menus)."""
    def distinct(column) -> list[str]:
        return sorted(v for v in session.scalars(select(column).distinct()) if v)

    return {"event": distinct(Alert.event), "severity": distinct(Alert.severity),
            "rule": distinct(Alert.rule), "source": distinct(Source.name)}


def sellers_overview(session: Session) -> list[dict]:
    """Per seller: listings, offers, and the sellers sharing a sample cluster with it."""
    counts = session.execute(
        select(
            Seller.id,
            Seller.name,
            Source.name,
            Seller.display_name,
            func.count(Listing.id),
            func.coalesce(func.sum(case((Listing.is_offer.is_(True), 1), else_=0)), 0),
        )
        .join(Source, Source.id == Seller.source_id)
        .outerjoin(Listing, Listing.seller_id == Seller.id)
        .group_by(Seller.id, Seller.name, Source.name, Seller.display_name)
        .order_by(Source.name, Seller.name)
    ).all()
    pairs = session.execute(
        select(Listing.seller_id, Image.cluster_id)
        .select_from(Sighting)
        .join(Image, Image.id == Sighting.image_id)
        .join(Listing, Listing.id == Sighting.listing_id)
        .where(Listing.seller_id.is_not(None), Image.cluster_id.is_not(None))
        .distinct()
    ).all()
    sellers_of: dict[int, set[int]] = defaultdict(set)
    clusters_of: dict[int, set[int]] = defaultdict(set)
    for seller_id, cluster_id in pairs:
        sellers_of[cluster_id].add(seller_id)
        clusters_of[seller_id].add(cluster_id)
    names = {seller_id: (name, source) for seller_id, name, source, _, _, _ in counts}
    overview = []
    for seller_id, name, source, display, listings, offers in counts:
        links: dict[int, set[int]] = defaultdict(set)
        for cluster_id in clusters_of[seller_id]:
            for other in sellers_of[cluster_id] - {seller_id}:
                links[other].add(cluster_id)
        linked = [
            {"seller": names[other][0], "source": names[other][1], "clusters": sorted(ids)}
            for other, ids in links.items()
        ]
        linked.sort(key=lambda link: (link["source"], link["seller"]))
        overview.append(
            {
                "seller": name,
                "display_name": display,  # a Telegram channel's title; ``seller`` is its key
                "source": source,
                "listings": int(listings),
                "offers": int(offers),
                "linked": linked,
            }
        )
    return overview


def source_status(session: Session) -> list[dict]:
    """Per source: its last run (outcome and counts) and how many runs failed since the last ok."""
    status = []
    for source in session.scalars(select(Source).order_by(Source.name)):
        run = last_run(session, source.id)
        last = None
        if run is not None:
            last = {
                "id": run.id,
                "status": run.status,
                "started_at": run.started_at,
                "finished_at": run.finished_at,
                "message": run.message,
                **{
                    name: getattr(run, name)
                    for name in (
                        "pages",
                        "posts",
                        "offers",
                        "new_listings",
                        "changed_listings",
                        "images",
                        "errors",
                    )
                },
            }
        status.append(
            {
                "source": source.name,
                "kind": source.kind,
                "last_run": last,
                "consecutive_failures": consecutive_failures(session, source.name),
            }
        )
    return status


def delivery_counts(session: Session) -> dict[str, int]:
    """Deliveries still to send (pending) and given up on (failed)."""
    rows = dict(
        session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.status.in_(("pending", "failed")))
            .group_by(Delivery.status)
        ).all()
    )
    return {"pending": int(rows.get("pending", 0)), "failed": int(rows.get("failed", 0))}


def similar_images(
    session: Session,
    hash: bytes,
    hash_mirror: bytes | None,
    radius: int,
    *,
    fine: bytes | None = None,
    fine_mirror: bytes | None = None,
    confirm_radius: int | None = None,
    regions: tuple[Signals, ...] = (),
) -> list[tuple[Image, int, list[Listing]]]:
    """Stored images matching a hash (or its mirror), nearest first, with their listings.

    Within ``radius`` on the 64-bit hash; with ``confirm_radius`` (and ``fine``)
    also confirmed on the 256-bit hash: two-stage, as clustering matches. ``regions``,
    pictures inside the queried one (a screenshot's photo), are looked up too.
    """
    rule = (MatchRule.single(radius) if confirm_radius is None
            else MatchRule(radius=radius, confirm=confirm_radius))
    found: dict[int, int] = {}
    queries = [Signals(hash, hash_mirror, fine, fine_mirror), *regions]
    for near in near_images(session, queries, rule):  # the image, then pictures inside it
        for image_id, distance in near.items():
            found[image_id] = min(distance, found.get(image_id, distance))
    if not found:
        return []
    images = {
        image.id: image for image in session.scalars(select(Image).where(Image.id.in_(found)))
    }
    listings_of: dict[int, list[Listing]] = defaultdict(list)
    rows = session.execute(
        select(Sighting.image_id, Listing)
        .join(Listing, Listing.id == Sighting.listing_id)
        .where(Sighting.image_id.in_(found))
        .options(*_listing_loads())
        .order_by(Listing.first_seen.desc(), Listing.id.desc())
    )
    for image_id, listing in rows:
        if listing not in listings_of[image_id]:
            listings_of[image_id].append(listing)
    ordered = sorted(found.items(), key=lambda item: (item[1], item[0]))
    return [(images[i], distance, listings_of[i]) for i, distance in ordered]

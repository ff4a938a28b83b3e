"""Pivots an analyst makes from one thing to the next: a seller's listings, contacts and the
sellers linked to it (shared sample clusters, shared contacts), and every seller behind a contact.

Contacts live in each listing's JSON ``contacts``; they are compared by
``store.search.contact_key`` (case-insensitive, Telegram ``@`` optional).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from faceleak.store.models import Image, Listing, ListingContact, Seller, Sighting, Source
from faceleak.store.search import contact_key, dialect_of, has_contact


def get_seller(session: Session, seller_id: int) -> Seller | None:
    return session.get(Seller, seller_id)


def _contacts_of(rows) -> dict[tuple[str, str], dict]:
    """(kind, key) -> {"kind", "value", "listings"} over rows of (listing id, contacts)."""
    found: dict[tuple[str, str], dict] = {}
    for listing_id, contacts in rows:
        for c in contacts or []:
            key = (c.get("kind") or "other", contact_key(c.get("value") or ""))
            if not key[1]:
                continue
            entry = found.setdefault(key, {"kind": key[0], "value": c.get("value"),
                                           "listings": []})
            if listing_id not in entry["listings"]:
                entry["listings"].append(listing_id)
    return found


def seller_contacts(session: Session, seller_id: int) -> list[dict]:
    """The contacts written in the seller's listings, each with the listings naming it."""
    rows = session.execute(
        select(Listing.id, Listing.contacts).where(Listing.seller_id == seller_id)
        .order_by(Listing.id)
    )
    return sorted(_contacts_of(rows).values(), key=lambda c: (c["kind"], c["value"]))


def _seller_names(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    rows = session.execute(
        select(Seller.id, Seller.name, Source.name).join(Source, Source.id == Seller.source_id)
        .where(Seller.id.in_(ids))
    )
    return {seller_id: (name, source) for seller_id, name, source in rows}


def linked_sellers(session: Session, seller_id: int) -> list[dict]:
    """Other sellers sharing a sample cluster or a contact with this one, with what they share."""
    clusters = set(session.scalars(
        select(Image.cluster_id).join(Sighting, Sighting.image_id == Image.id)
        .join(Listing, Listing.id == Sighting.listing_id)
        .where(Listing.seller_id == seller_id, Image.cluster_id.is_not(None)).distinct()
    ))
    links: dict[int, dict[str, set]] = defaultdict(lambda: {"clusters": set(), "contacts": set()})
    if clusters:
        for other, cluster_id in session.execute(
            select(Listing.seller_id, Image.cluster_id).select_from(Sighting)
            .join(Image, Image.id == Sighting.image_id)
            .join(Listing, Listing.id == Sighting.listing_id)
            .where(Image.cluster_id.in_(clusters), Listing.seller_id.is_not(None),
                   Listing.seller_id != seller_id).distinct()
        ):
            links[other]["clusters"].add(cluster_id)
    mine = aliased(ListingContact)
    theirs = aliased(ListingContact)
    other = aliased(Listing)
    for other_id, key in session.execute(
        select(other.seller_id, mine.value_key).distinct()
        .select_from(Listing)
        .join(mine, mine.listing_id == Listing.id)
        .join(theirs, theirs.value_key == mine.value_key)
        .join(other, other.id == theirs.listing_id)
        .where(Listing.seller_id == seller_id, other.seller_id.is_not(None),
               other.seller_id != seller_id)
    ):
        links[other_id]["contacts"].add(key)
    shown = {contact_key(c["value"]): c["value"] for c in seller_contacts(session, seller_id)}
    for shared in links.values():
        shared["contacts"] = {shown.get(key, key) for key in shared["contacts"]}
    names = _seller_names(session, set(links))
    out = [
        {"id": other, "seller": names[other][0], "source": names[other][1],
         "clusters": sorted(shared["clusters"]), "contacts": sorted(shared["contacts"])}
        for other, shared in links.items() if other in names
    ]
    out.sort(key=lambda link: (link["source"], link["seller"]))
    return out


def contact_users(session: Session, value: str) -> list[dict]:
    """Every seller (and source) whose listings name the contact ``value``, with those listings."""
    rows = session.execute(
        select(Listing.id, Listing.seller_id, Seller.name, Source.name)
        .join(Source, Source.id == Listing.source_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(has_contact(dialect_of(session), value))
        .order_by(Source.name, Seller.name, Listing.id)
    )
    users: dict[tuple[int | None, str], dict] = {}
    for listing_id, seller_id, seller, source in rows:
        entry = users.setdefault((seller_id, source), {
            "seller_id": seller_id, "seller": seller, "source": source, "listings": []})
        entry["listings"].append(listing_id)
    return list(users.values())


def shared_contacts(session: Session) -> list[dict]:
    """Contact values written by more than one seller or in more than one source."""
    seller_or_none = func.coalesce(Listing.seller_id, -1)
    keys = [key for key, in session.execute(
        select(ListingContact.value_key)
        .join(Listing, Listing.id == ListingContact.listing_id)
        .group_by(ListingContact.value_key)
        .having((func.count(func.distinct(seller_or_none)) > 1)
                | (func.count(func.distinct(Listing.source_id)) > 1))
    )]
    if not keys:
        return []
    rows = session.execute(
        select(ListingContact.value_key, Listing.id, Listing.contacts, Seller.name, Source.name)
        .join(Listing, Listing.id == ListingContact.listing_id)
        .join(Source, Source.id == Listing.source_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(ListingContact.value_key.in_(keys))
    )
    users: dict[str, dict] = {}
    for key, listing_id, contacts, seller, source in rows:
        entry = users.get(key)
        if entry is None:
            written = next((c for c in contacts or []
                            if contact_key(c.get("value") or "") == key), {})
            entry = users[key] = {"kind": written.get("kind") or "other",
                                  "value": written.get("value") or key,
                                  "sellers": set(), "sources": set(), "listings": set()}
        entry["sellers"].add((seller or "", source))
        entry["sources"].add(source)
        entry["listings"].add(listing_id)
    shared = [
        {"kind": e["kind"], "value": e["value"],
         "sellers": [{"seller": s or None, "source": src} for s, src in sorted(e["sellers"])],
         "sources": sorted(e["sources"]), "listings": sorted(e["listings"])}
        for e in users.values()
    ]
    shared.sort(key=lambda e: (-len(e["sellers"]), e["kind"], e["value"]))
    return shared


def cluster_listings(session: Session, cluster_id: int) -> list[int]:
    """Ids of every listing showing a sample of the cluster, newest first."""
    return list(session.scalars(
        select(Listing.id).join(Sighting, Sighting.listing_id == Listing.id)
        .join(Image, Image.id == Sighting.image_id)
        .where(Image.cluster_id == cluster_id).distinct()
        .order_by(Listing.id.desc())
    ))


def seller_ids(session: Session) -> dict[tuple[str, str], int]:
    """(source, seller name) -> seller id, to link rows of ``sellers_overview``."""
    rows = session.execute(
        select(Seller.id, Seller.name, Source.name).join(Source, Source.id == Seller.source_id))
    return {(source, name): seller_id for seller_id, name, source in rows}

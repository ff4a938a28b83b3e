"""Pivots an analyst makes from one thing to the next: a seller's listings, contacts and the
sellers linked to it (shared sample clusters, shared contacts), and every seller behind a contact.

Contacts live in each listing's JSON ``contacts``; they are compared by
``store.search.contact_key`` (case-insensitive, Telegram ``@`` optional).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from faceleak.store.models import Image, Listing, Seller, Sighting, Source
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
    contacts = seller_contacts(session, seller_id)
    if contacts:
        dialect = dialect_of(session)
        mine = {contact_key(c["value"]): c["value"] for c in contacts}
        condition = or_(*(has_contact(dialect, value, f"lc_{i}")
                          for i, value in enumerate(mine.values())))
        for other, listed in session.execute(
            select(Listing.seller_id, Listing.contacts)
            .where(condition, Listing.seller_id.is_not(None), Listing.seller_id != seller_id)
        ):
            for c in listed or []:
                key = contact_key(c.get("value") or "")
                if key in mine:
                    links[other]["contacts"].add(mine[key])
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
    rows = session.execute(
        select(Listing.id, Listing.contacts, Seller.name, Source.name)
        .join(Source, Source.id == Listing.source_id)
        .outerjoin(Seller, Seller.id == Listing.seller_id)
        .where(Listing.contacts.is_not(None))
    )
    users: dict[tuple[str, str], dict] = {}
    for listing_id, contacts, seller, source in rows:
        for c in contacts or []:
            key = (c.get("kind") or "other", contact_key(c.get("value") or ""))
            if not key[1]:
                continue
            entry = users.setdefault(key, {"kind": key[0], "value": c.get("value"),
                                           "sellers": set(), "sources": set(), "listings": set()})
            entry["sellers"].add((seller or "", source))
            entry["sources"].add(source)
            entry["listings"].add(listing_id)
    shared = [
        {"kind": e["kind"], "value": e["value"],
         "sellers": [{"seller": s or None, "source": src} for s, src in sorted(e["sellers"])],
         "sources": sorted(e["sources"]), "listings": sorted(e["listings"])}
        for e in users.values() if len(e["sellers"]) > 1 or len(e["sources"]) > 1
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

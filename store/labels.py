"""Analysts' corrections, and revisions of a listing's extraction that do not come from a crawl.

A label stands instead of the extraction: its fields are written onto the listing (so every
query, export and alert rule sees what the analyst said), the values it replaced are kept in
the label row, and a crawl that sees the post again keeps the label's fields. Each revision
is a new listing version and a :class:`ListingChange`, so alerts follow from it the same way
they follow from a crawl (a relabel to offer raises ``new_offer``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from faceleak.store.changes import ListingChange
from faceleak.store.models import Label, Listing, ListingVersion, OfferModelRecord, utcnow
from faceleak.store.snapshot import (
    apply_values,
    changed_fields,
    content_hash,
    listing_values,
    normal_price,
)

OFFER_FIELDS = ("is_offer", "data_types", "photo_count", "price")


class LabelError(ValueError):
    """A label that cannot be recorded; the message says why, for the analyst."""


@dataclass(frozen=True, slots=True)
class LabelInput:
    is_offer: bool
    by: str
    data_types: tuple[str, ...] = ()
    photo_count: int | None = None
    price: Mapping[str, Any] | None = None  # {"amount", "currency", "per"}
    note: str | None = None


def label_values(label: Label | LabelInput) -> dict:
    """The offer fields a label sets (a not-offer has none)."""
    if not label.is_offer:
        return {"is_offer": False, "data_types": [], "photo_count": None, "price": None}
    return {"is_offer": True, "data_types": list(label.data_types or []),
            "photo_count": label.photo_count, "price": normal_price(label.price)}


def with_label(values: Mapping, label: Label | None) -> dict:
    """``values`` with the label's offer fields standing instead of the extraction's."""
    return {**values, **label_values(label)} if label is not None else dict(values)


def current_label(session: Session, listing: Listing) -> Label | None:
    return session.get(Label, listing.label_id) if listing.label_id is not None else None


def revise(session: Session, listing: Listing, values: Mapping, now: datetime) -> ListingChange:
    """Bring ``listing`` to ``values`` (tracked fields) as a new version, if anything changed."""
    old = listing_values(listing)
    new = {**old, **values}
    changed = changed_fields(old, new)
    if changed:
        if new.get("is_offer") and not old.get("is_offer") and not listing.sightings:
            from faceleak.store.marks import want_samples  # marks imports record: no cycle

            want_samples(session, listing, now)  # the next pass fetches its samples
        listing.version = listing.version + 1
        apply_values(listing, new)
        session.add(ListingVersion(
            listing_id=listing.id, version=listing.version, seen_at=now,
            content_hash=content_hash(new), changed_fields=list(changed), snapshot=new,
        ))
        session.flush()
    return ListingChange(
        listing=listing, status="changed" if changed else "unchanged",
        changed_fields=changed, previous={key: old[key] for key in changed}, images=(),
    )


def apply_label(
    session: Session, listing_id: int, label: LabelInput, now: datetime | None = None
) -> tuple[Label, ListingChange]:
    """Record ``label`` for the listing, in the caller's transaction, and apply it."""
    now = now or utcnow()
    if not label.by or not label.by.strip():
        raise LabelError("say who is labelling (--by)")
    listing = session.get(Listing, listing_id, with_for_update=True)
    if listing is None:
        raise LabelError(f"no listing with id {listing_id}")
    old = listing_values(listing)
    row = Label(
        listing_id=listing.id, at=now, by=label.by.strip()[:128], note=label.note,
        is_offer=label.is_offer, data_types=list(label.data_types) if label.is_offer else [],
        photo_count=label.photo_count if label.is_offer else None,
        price=normal_price(label.price) if label.is_offer else None,
        replaced={key: old[key] for key in OFFER_FIELDS},
    )
    session.add(row)
    session.flush()
    listing.label_id = row.id
    change = revise(session, listing, label_values(row), now)
    return row, change


def labels_of(session: Session, listing_id: int) -> list[Label]:
    """Every label of the listing, oldest first: its label trail."""
    query = select(Label).where(Label.listing_id == listing_id).order_by(Label.at, Label.id)
    return list(session.scalars(query))


def labelled_listings(session: Session) -> list[tuple[Listing, Label]]:
    """Listings with a label in force, with it: what ``model fit`` learns from."""
    query = select(Listing, Label).join(Label, Listing.label_id == Label.id).order_by(Listing.id)
    return [(listing, label) for listing, label in session.execute(query)]


def save_model(session: Session, model: Mapping[str, Any], now: datetime | None = None
               ) -> OfferModelRecord:
    row = OfferModelRecord(version=str(model["version"]), created_at=now or utcnow(),
                           trained_on=int(model.get("trained_on", 0)), model=dict(model))
    session.add(row)
    session.flush()
    return row


def latest_model(session: Session) -> OfferModelRecord | None:
    """The newest refitted model, or None when only the bundled one exists."""
    query = select(OfferModelRecord).order_by(OfferModelRecord.id.desc()).limit(1)
    return session.scalar(query)


def trail(session: Session, alert_id: int | None = None, limit: int = 500) -> list[dict]:
    """The triage and label trail, newest first: every status change of an alert and every
    label of a listing, as plain rows. With ``alert_id``: that alert's changes and the labels
    of its listing."""
    from faceleak.store.models import Alert, AuditEntry, Reveal

    triage_q = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    label_q = select(Label).order_by(Label.at.desc(), Label.id.desc())
    if alert_id is not None:
        triage_q = triage_q.where(AuditEntry.alert_id == alert_id)
        listing_id = session.scalar(select(Alert.listing_id).where(Alert.id == alert_id))
        label_q = label_q.where(Label.listing_id == listing_id)
    rows = [
        {"at": e.at, "kind": "triage", "by": e.by, "alert": e.alert_id, "listing": None,
         "action": e.action, "from": e.from_status, "to": e.to_status, "note": e.note}
        for e in session.scalars(triage_q.limit(limit))
    ] + [
        {"at": x.at, "kind": "label", "by": x.by, "alert": None, "listing": x.listing_id,
         "action": "offer" if x.is_offer else "not-offer",
         "from": "offer" if (x.replaced or {}).get("is_offer") else "not-offer",
         "to": "offer" if x.is_offer else "not-offer", "note": x.note}
        for x in session.scalars(label_q.limit(limit))
    ]
    reveal_q = select(Reveal).order_by(Reveal.at.desc(), Reveal.id.desc())
    if alert_id is not None:
        reveal_q = reveal_q.where(Reveal.listing_id == listing_id)
    rows += [
        {"at": r.at, "kind": "reveal", "by": r.by, "alert": None, "listing": r.listing_id,
         "action": "reveal", "from": "blurred", "to": "shown", "note": f"sample {r.sha256}"}
        for r in session.scalars(reveal_q.limit(limit))
    ]
    rows.sort(key=lambda r: r["at"], reverse=True)
    return rows[:limit]

"""The JSON shapes of DESIGN 4.2 (listing) and 4.3 (alert).

One place, used by the CLI, exports and webhook bodies alike.
"""

from __future__ import annotations

from datetime import datetime

from faceleak.store.models import Alert, Listing


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def price_json(listing: Listing) -> dict | None:
    if listing.price_amount is None or listing.price_currency is None:
        return None
    return {
        "amount": listing.price_amount,
        "currency": listing.price_currency,
        "per": listing.price_per or "bundle",
        "usd": listing.price_usd,
    }


def listing_images_json(listing: Listing) -> list[dict]:
    images = []
    seen: set[int] = set()
    for sighting in listing.sightings:
        image = sighting.image
        if image is None or image.id in seen or image.hash is None:
            continue
        seen.add(image.id)
        images.append(
            {
                "sha256": image.sha256,
                "url": sighting.url,
                "width": image.width,
                "height": image.height,
                "faces": image.faces,
                "cluster": image.cluster_id,
                "hash": image.hash.hex(),
            }
        )
    return images


def listing_json(listing: Listing) -> dict:
    """DESIGN 4.2, plus ``reasons``, ``version``, ``seller_display`` (a Telegram channel's title;
    ``seller`` is its username) and ``forwarded_from`` (contracts grow by adding keys)."""
    return {
        "id": listing.id,
        "source": listing.source.name,
        "url": listing.url,
        "title": listing.title,
        "text": listing.text,
        "seller": listing.seller.name if listing.seller else None,
        "seller_display": listing.seller.display_name if listing.seller else None,
        "forwarded_from": listing.forwarded_from,
        "posted_at": iso(listing.posted_at),
        "first_seen": iso(listing.first_seen),
        "last_seen": iso(listing.last_seen),
        "is_offer": listing.is_offer,
        "offer_score": round(listing.offer_score, 4),
        "data_types": list(listing.data_types or []),
        "photo_count": listing.photo_count,
        "price": price_json(listing),
        "contacts": [dict(c) for c in listing.contacts or []],
        "images": listing_images_json(listing),
        "reasons": list(listing.reasons or []),
        "version": listing.version,
        "label": label_json(listing.label) if listing.label_id is not None else None,
    }


def label_json(label) -> dict | None:
    """The analyst's label in force: its offer fields stand in the listing's own keys."""
    if label is None:
        return None
    return {"id": label.id, "by": label.by, "at": iso(label.at), "note": label.note,
            "is_offer": label.is_offer, "extracted": dict(label.replaced or {})}


def alert_json(alert: Alert) -> dict:
    """DESIGN 4.3: each ``alerts --json`` item and each webhook body."""
    return {
        "id": alert.id,
        "rule": alert.rule,
        "event": alert.event,
        "severity": alert.severity,
        "status": alert.status,
        "dedupe_key": alert.dedupe_key,
        "created_at": iso(alert.created_at),
        "summary": alert.summary,
        "listing": listing_json(alert.listing) if alert.listing is not None else None,
        "details": dict(alert.details or {}),
    }

"""Analysts teach the offer model: labels become training posts, refits score new crawls,
and a rescore runs the current model over what is already stored.

Wires the store (labels, stored models, listing revisions), the extractor and the alert
engine together; each step is one transaction, so a rescore stopped half-way loses nothing
and raises nothing twice (alerts are deduplicated on their keys).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from faceleak.alerts import raise_alerts, triage
from faceleak.crawler.extract import OfferModel, extract
from faceleak.crawler.extract.evaluation import Case
from faceleak.crawler.extract.model import Contact, Price
from faceleak.crawler.extract.normalize import language_of
from faceleak.crawler.extract.training import bundled_cases, fit
from faceleak.crawler.offer_model import active_model
from faceleak.store.labels import (
    LabelError,
    LabelInput,
    apply_label,
    labelled_listings,
    revise,
    save_model,
)
from faceleak.store.models import Alert, Label, Listing, Source

Progress = Callable[[str], None]
BATCH = 200  # listings rescored per transaction


def label_case(listing: Listing, label: Label) -> Case:
    """An analyst's label as a training post, labelled the way the corpus is."""
    price = None
    if label.price:  # a not-offer label has no offer fields (see ``apply_label``)
        price = Price(float(label.price["amount"]), label.price["currency"], label.price["per"])
    return Case(
        id=f"label:{listing.id}", lang=language_of(f"{listing.title or ''} {listing.text}"),
        text=listing.text, title=listing.title, is_offer=label.is_offer,
        data_types=tuple(label.data_types or ()), photo_count=label.photo_count, price=price,
        contacts=tuple(Contact(c["kind"], c["value"]) for c in listing.contacts or []),
    )


def fit_with_labels(sessions: Any, progress: Progress | None = None) -> OfferModel:
    """Refit on the bundled corpus plus every label in force, store the model, return it."""
    with sessions() as session:
        labelled = [label_case(listing, label) for listing, label in labelled_listings(session)]
    model = fit(bundled_cases() + labelled, progress=progress, extra=len(labelled))
    with sessions.begin() as session:
        save_model(session, model.as_json())
    return model


@dataclass(slots=True)
class RescoreResult:
    examined: int = 0
    changed: int = 0
    new_offers: int = 0
    alerts: int = 0


def rescore(
    sessions: Any,
    config: Any,
    *,
    since: datetime | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> RescoreResult:
    """Run the active model over stored listings without a label; raise what follows."""
    say = progress or (lambda _msg: None)
    with sessions() as session:
        model = active_model(session)
        query = select(Listing.id).where(Listing.label_id.is_(None)).order_by(Listing.id)
        if since is not None:
            query = query.where(Listing.first_seen >= since)
        if source is not None:
            query = query.where(Listing.source.has(Source.name == source))
        ids = list(session.scalars(query))
    say(f"rescoring {len(ids)} listings with model {model.version}")
    result = RescoreResult()
    for start in range(0, len(ids), BATCH):
        with sessions.begin() as session:
            for listing_id in ids[start:start + BATCH]:
                _rescore_one(session, listing_id, model, config, result)
        say(f"{min(start + BATCH, len(ids))}/{len(ids)} listings")
    return result


def _rescore_one(session: Any, listing_id: int, model: OfferModel, config: Any,
                 result: RescoreResult) -> None:
    listing = session.get(Listing, listing_id, with_for_update=True)
    if listing is None or listing.label_id is not None:  # gone, or labelled meanwhile
        return
    got = extract(listing.text, listing.title, rates_usd=config.currency_rates_usd, model=model)
    was_offer = listing.is_offer
    values = {
        "is_offer": got.is_offer, "data_types": list(got.data_types),
        "photo_count": got.photo_count, "price": got.price.as_json() if got.price else None,
        "contacts": [c.as_json() for c in got.contacts],
    }
    listing.offer_score = got.offer_score
    listing.reasons = list(got.reasons)
    change = revise(session, listing, values, datetime.now(UTC))
    result.examined += 1
    if change.status == "changed":
        result.changed += 1
        result.new_offers += int(listing.is_offer and not was_offer)
        result.alerts += len(raise_alerts(session, change, config))


OFFER_EVENTS = ("new_offer", "offer_changed")


class LabelUsageError(LabelError):
    """A label request that contradicts itself (a usage mistake, not a failure)."""


def label_listing(
    session: Any, listing_id: int, *, is_offer: bool, by: str, config: Any,
    types: tuple[str, ...] | None = None, count: int | None = None,
    price: dict | None = None, note: str | None = None, now: datetime | None = None,
) -> tuple[Label, list[Alert]]:
    """The ``label`` command's work, for the CLI and the console alike: the fields not given
    keep the stored values, the label is applied and the alerts it implies are raised."""
    if not is_offer and (types or count or price):
        raise LabelUsageError("types, count and price describe an offer; a not-offer label "
                              "has none")
    listing = session.get(Listing, listing_id)
    if listing is None:
        raise LabelError(f"no listing with id {listing_id}")
    given = LabelInput(
        is_offer=is_offer, by=by, note=note,
        data_types=types if types is not None else tuple(listing.data_types),
        photo_count=count if count is not None else listing.photo_count,
        price=price if price is not None else _stored_price(listing),
    )
    if is_offer and not given.data_types:
        raise LabelUsageError("an offer sells something: give its data types")
    row, change = apply_label(session, listing_id, given, now or datetime.now(UTC))
    return row, raise_alerts(session, change, config)


def _stored_price(listing: Listing) -> dict | None:
    if listing.price_amount is None:
        return None
    return {"amount": listing.price_amount, "currency": listing.price_currency,
            "per": listing.price_per or "bundle"}


def triage_alert(session: Any, alert_id: int, action: str, *, by: str, note: str | None = None,
                 now: datetime | None = None) -> Alert:
    """Triage with its consequence: a false-positive offer alert is an analyst saying "not an
    offer", recorded as a label like any (``TriageError`` when the move is not allowed)."""
    now = now or datetime.now(UTC)
    alert = triage(session, alert_id, action, by=by, note=note, now=now)
    if action == "false-positive" and alert.event in OFFER_EVENTS and alert.listing_id:
        why = f"alert {alert.id} marked false positive" + (f": {note}" if note else "")
        apply_label(session, alert.listing_id, LabelInput(is_offer=False, by=by, note=why), now)
    return alert

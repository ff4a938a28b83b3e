"""Which offer model scores: the newest one ``faceleak model fit`` stored, else the bundled one.

The model lives in the database, not on a worker's disk, so every crawl process and every
machine scores with the same weights (DESIGN 3: no state on one local disk).
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from faceleak.crawler.extract import OfferModel
from faceleak.crawler.extract.classifier import bundled_model
from faceleak.store.labels import latest_model

log = logging.getLogger(__name__)


def active_model(session: Session) -> OfferModel:
    """The newest stored model that this code can read, or the bundled one."""
    record = latest_model(session)
    if record is None:
        return bundled_model()
    try:
        return OfferModel.from_json(record.model)
    except (KeyError, ValueError, TypeError) as exc:
        log.warning("stored offer model %s is unreadable (%s); using the bundled one",
                    record.version, exc)
        return bundled_model()

"""Events, one module each; importing this package registers them all in ``Event.REGISTRY``."""

from . import (  # noqa: F401  (imported for registration)
    new_offer,
    new_sample,
    offer_changed,
    sample_reuse,
    source_failing,
    watchlist_match,
)
from .base import AlertDraft, Event, ListingEvent, SourceEvent

EVENTS = Event.REGISTRY

__all__ = ["EVENTS", "AlertDraft", "Event", "ListingEvent", "SourceEvent"]

"""What an event is: a named test on a change that yields alert drafts.

Each event lives in its own module and registers itself by subclassing with a ``name``;
the engine looks events up by the name a rule gives. Events are pure: they read the
change (and the listing already loaded with it) and never touch the session.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from faceleak.store.changes import ListingChange
from faceleak.store.models import Listing

from ..text import one_line


@dataclass(frozen=True, slots=True)
class AlertDraft:
    """An alert not yet stored. ``key`` names what it is about; the engine prefixes the rule."""

    key: str
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    listing_id: int | None = None


class Event:
    """Base of all events; subclasses with a ``name`` register themselves in ``REGISTRY``."""

    name: ClassVar[str]
    REGISTRY: ClassVar[dict[str, type[Event]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name")
        if name is None:
            return  # an intermediate base class
        if name in Event.REGISTRY:
            raise TypeError(f"event {name!r} registered twice ({Event.REGISTRY[name]!r}, {cls!r})")
        Event.REGISTRY[name] = cls


class ListingEvent(Event):
    """An event read from what the store reported after recording one listing."""

    def drafts(self, change: ListingChange) -> list[AlertDraft]:
        raise NotImplementedError


class SourceEvent(Event):
    """An event about a source's crawl runs rather than a listing."""

    def drafts(
        self, source: str, consecutive_failures: int, first_failed_run_id: int, after: int
    ) -> list[AlertDraft]:
        raise NotImplementedError


def listing_label(listing: Listing) -> str:
    """A short, safe name for a listing in one-line summaries: its title, else its text."""
    return one_line(listing.title or listing.text, 100) or listing.url


def source_name(listing: Listing) -> str:
    return listing.source.name if listing.source is not None else "?"


def seller_name(listing: Listing) -> str | None:
    return listing.seller.name if listing.seller is not None else None


def unique_by(items: Iterable[Any], key: Any) -> list[Any]:
    """Items in order, the first of each ``key(item)`` only."""
    seen: set[Any] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out

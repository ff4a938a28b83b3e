"""The SQL store: schema, engine, migrations, recording observations, and the queries.

Everything other parts use is importable from here; the submodules stay small. The migration
functions load Alembic (and with it Mako and Pygments) on first use (``faceleak.lazy``): a
crawl process records into a schema its parent has already upgraded.
"""

from typing import TYPE_CHECKING

from faceleak.lazy import on_first_use
from faceleak.store import models
from faceleak.store.changes import (
    ImageChange,
    ImageObservation,
    ListingChange,
    ListingObservation,
    SellerRef,
    WatchlistHit,
)
from faceleak.store.engine import make_engine, read_session_factory, session_factory
from faceleak.store.errors import StoreError
from faceleak.store.queries import (
    delivery_counts,
    get_listing,
    list_alerts,
    list_listings,
    related_listings,
    sellers_overview,
    similar_images,
    source_status,
)
from faceleak.store.record import record_listing
from faceleak.store.runs import consecutive_failures, finish_run, start_run
from faceleak.store.serialize import alert_json, listing_json
from faceleak.store.watchlists import (
    add_watchlist,
    list_watchlists,
    match_stored_images,
    remove_watchlist,
    watchlist_hits_for,
)

if TYPE_CHECKING:
    from faceleak.store.migrate import current_revision, schema_is_current, upgrade

__all__ = [
    "ImageChange",
    "ImageObservation",
    "ListingChange",
    "ListingObservation",
    "SellerRef",
    "StoreError",
    "WatchlistHit",
    "add_watchlist",
    "alert_json",
    "consecutive_failures",
    "current_revision",
    "delivery_counts",
    "finish_run",
    "get_listing",
    "list_alerts",
    "list_listings",
    "list_watchlists",
    "listing_json",
    "make_engine",
    "match_stored_images",
    "models",
    "read_session_factory",
    "record_listing",
    "related_listings",
    "remove_watchlist",
    "schema_is_current",
    "sellers_overview",
    "session_factory",
    "similar_images",
    "source_status",
    "start_run",
    "upgrade",
    "watchlist_hits_for",
]

__getattr__ = on_first_use(__name__, dict.fromkeys(
    ("current_revision", "schema_is_current", "upgrade"), "migrate"))

"""Which rules apply: the pure filters of a rule (enabled, sources, photos, score, data types).

Rules come from the config (``AppConfig.alerts.rules``) and are read by attribute only, so any
object with the RuleConfig fields will do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from faceleak.store.models import Listing

DEFAULT_AFTER = 3  # runs in a row before ``source_failing``, when a rule does not say


def _opt(rule: Any, name: str) -> Any:
    return getattr(rule, name, None)


def enabled_rules(config: Any) -> list[Any]:
    """The config's enabled rules, in config order."""
    alerts = getattr(config, "alerts", None)
    rules: Iterable[Any] = getattr(alerts, "rules", None) or ()
    return [r for r in rules if getattr(r, "enabled", True)]


def source_allowed(rule: Any, source: str) -> bool:
    sources = _opt(rule, "sources")
    return not sources or source in sources


def listing_allowed(rule: Any, listing: Listing) -> bool:
    """Whether ``listing`` passes the rule's filters; an unknown value fails a set minimum."""
    source = listing.source.name if listing.source is not None else ""
    if not source_allowed(rule, source):
        return False
    min_photos = _opt(rule, "min_photos")
    if min_photos is not None and (listing.photo_count is None or listing.photo_count < min_photos):
        return False
    min_score = _opt(rule, "min_score")
    if min_score is not None and (listing.offer_score or 0.0) < min_score:
        return False
    wanted = _opt(rule, "data_types")
    return not wanted or bool(set(wanted) & set(listing.data_types or ()))


def failing_after(rule: Any) -> int:
    after = _opt(rule, "after")
    return int(after) if after is not None else DEFAULT_AFTER


def channel_names(rule: Any) -> list[str]:
    """The rule's channels, each once, in order (one delivery per alert and channel)."""
    return list(dict.fromkeys(_opt(rule, "channels") or ()))

"""Channel targets: one outbox row per email recipient and per apprise URL.

Each target gets its own delivery and outcome, so a refused recipient or a dead chat service
neither marks the others sent nor makes them receive duplicates when it is retried. Apprise
URLs carry tokens, so a target stores a label (scheme and a digest), never the URL itself.
"""

from __future__ import annotations

import hashlib
from typing import Any

SINGLE = ""  # the target of channels that have only one (webhook, console)


def apprise_label(url: str) -> str:
    """``scheme://#<12 hex>``: stable for one URL, without its secrets."""
    scheme = url.split("://", 1)[0] if "://" in url else "?"
    return f"{scheme}://#{hashlib.sha256(url.encode('utf-8')).hexdigest()[:12]}"


def channel_targets(channel: Any | None) -> list[str]:
    """The targets of a channel config entry, each once; unknown channels get one row."""
    kind = getattr(channel, "kind", None)
    if kind == "email":
        return list(dict.fromkeys(str(a) for a in channel.to))
    if kind == "apprise":
        return list(dict.fromkeys(apprise_label(str(u)) for u in channel.urls))
    return [SINGLE]


def configured_channels(config: Any) -> dict[str, Any]:
    alerts = getattr(config, "alerts", None)
    return {c.name: c for c in (getattr(alerts, "channels", None) or ())}

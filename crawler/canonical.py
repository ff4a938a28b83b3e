"""One URL per listing: tracking and session parameters out, so a new session is no new listing.

A listing is keyed by its URL. Markets hand out links with ``utm_*``/``fbclid`` tags and session
ids (``PHPSESSID``, ``sid``, ``;jsessionid=``) that change every pass; kept, each pass would
store the same offer again and alert on it as new. A source whose own parameters are unusual
lists the ones that matter in ``keep_query``, and every other parameter is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote_plus, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "spm",
    }
)
SESSION_NAMES = frozenset(
    {"phpsessid", "sid", "jsessionid", "aspsessionid", "sessionid", "session_id", "cfid",
     "cftoken", "zenid", "oscsid"}
)
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.I)


def is_tracking(name: str) -> bool:
    """Whether a query parameter only tracks the visitor or carries a session."""
    lowered = name.lower()
    return (
        lowered.startswith(TRACKING_PREFIXES)
        or lowered in TRACKING_NAMES
        or lowered in SESSION_NAMES
    )


def canonical_url(url: str, keep_query: Iterable[str] | None = None) -> str:
    """``url`` without fragment, path session ids and tracking/session parameters.

    With ``keep_query``, only the parameters it names are kept (case-sensitive, as sites read
    them). Otherwise every parameter that :func:`is_tracking` does not name is kept, in order.
    """
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    # Raw segments, never decoded and re-encoded: a GBK board's %B7%CF must stay as it is.
    segments = [seg for seg in parts.query.split("&") if seg]
    if keep_query is not None:
        wanted = set(keep_query)
        kept = [seg for seg in segments if _name(seg) in wanted]
    else:
        kept = [seg for seg in segments if not is_tracking(_name(seg))]
    return urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), ""))


def _name(segment: str) -> str:
    return unquote_plus(segment.split("=", 1)[0])


__all__ = ["canonical_url", "is_tracking"]

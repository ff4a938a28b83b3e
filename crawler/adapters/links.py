"""Absolute, followable URLs from untrusted ``href``/``src`` values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urldefrag, urljoin, urlsplit

from w3lib.url import safe_url_string

MAX_URL_LENGTH = 4096
_STRIP = re.compile(r"[\t\n\r]")
_SCHEMES = frozenset({"http", "https"})
# Images that are page furniture, never a sample: lazy-load placeholders, smilies, UI icons.
_UI_IMAGE = re.compile(
    r"(?:^|/)(?:none|blank|spacer|loading|pixel|transparent)\.(?:gif|png)(?:$|\?)"
    r"|/smil(?:ies|ey|eys)/|/emot(?:ions?)?/"
    r"|/static/+image/|/images/+(?:default|common)/",
    re.I,
)


def absolute_url(base: str, href: str | None, encoding: str = "utf-8") -> str | None:
    """``href`` resolved against ``base``; ``None`` unless the result is http(s) with a host.

    Whitespace is stripped as browsers do; non-ASCII is percent-encoded (the query in the
    page's own encoding, so GBK-encoded links stay what the server expects).
    """
    if not href:
        return None
    href = _STRIP.sub("", href).strip()
    if not href or href.startswith("#") or len(href) > MAX_URL_LENGTH:
        return None
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
        if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
            return None
        return safe_url_string(joined, encoding=encoding)
    except (ValueError, LookupError):
        return None


def follow_url(base: str, href: str | None, encoding: str = "utf-8") -> str | None:
    """Like :func:`absolute_url`, without the fragment (a fragment is not another page)."""
    url = absolute_url(base, href, encoding)
    return urldefrag(url).url if url else None


def unique(urls: Iterable[str | None]) -> tuple[str, ...]:
    """Non-empty URLs in first-seen order, each once."""
    return tuple(dict.fromkeys(u for u in urls if u))


def is_ui_image(url: str) -> bool:
    """True for placeholders, smilies and theme images that are never a posted picture."""
    return bool(_UI_IMAGE.search(urlsplit(url).path)) if url else True


IMAGE_ATTRIBUTES = ("zoomfile", "file", "data-src", "data-original", "data-lazy-src", "src")


def image_url(attrib: Mapping[str, str], base: str, encoding: str = "utf-8") -> str | None:
    """The real picture behind an ``<img>``: lazy/zoom attributes before ``src``, UI images out."""
    for name in IMAGE_ATTRIBUTES:
        url = absolute_url(base, attrib.get(name), encoding)
        if url and not is_ui_image(url):
            return url
    return None

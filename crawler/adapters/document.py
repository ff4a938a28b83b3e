"""One parsed HTML page: decoded text, a parsel selector and the base for its links."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from parsel import Selector

from faceleak.crawler.adapters.encoding import decode_with_encoding
from faceleak.crawler.adapters.links import absolute_url

# A real page shows tens of posts; beyond this many a page is hostile, and per-post work
# (some of it proportional to the page) must not grow without bound.
MAX_POSTS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Document:
    """A page ready for CSS queries. ``base`` honours ``<base href>``; ``url`` does not."""

    url: str
    base: str
    encoding: str
    sel: Selector


def parse_document(url: str, body: bytes, headers: Mapping[str, str]) -> Document | None:
    """Decode and parse ``body``; ``None`` when there is nothing to parse."""
    if not body or not body.strip():
        return None
    content_type = headers.get("content-type") if headers else None
    text, encoding = decode_with_encoding(body, content_type)
    text = _CONTROL.sub("", text)
    sel = Selector(text=text, type="html", base_url=url)
    base = url
    href = sel.xpath("//base/@href").get()
    if href:
        base = absolute_url(url, href) or url
    return Document(url=url, base=base, encoding=encoding, sel=sel)

"""Generic HTML markets and paste sites, driven by the source's CSS ``selectors``.

A page where ``listing`` matches is an index: its links (and ``next_page``) are followed.
A page where ``body`` matches is one offer: one RawPost whose URL is the page URL. A page
can be both (an offer page with "related offers" links).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urldefrag

from parsel import Selector, SelectorList

from faceleak.crawler.adapters.base import Adapter, Page, RawPost, Thread
from faceleak.crawler.adapters.dates import parse_loose
from faceleak.crawler.adapters.document import Document, parse_document
from faceleak.crawler.adapters.links import follow_url, image_url, unique
from faceleak.crawler.adapters.text import element_text


def _selector(source: object, name: str) -> str | None:
    selectors = getattr(source, "selectors", None)
    value = getattr(selectors, name, None) if selectors is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _select(doc: Document, css: str | None) -> SelectorList:
    """Matches of a configured selector; a broken selector matches nothing."""
    if not css:
        return SelectorList([])
    try:
        return doc.sel.css(css)
    except Exception:
        return SelectorList([])


def _hrefs(nodes: SelectorList) -> list[str]:
    """``href`` of each matched link, or of the links inside each matched element."""
    hrefs: list[str] = []
    for node in nodes:
        own = node.attrib.get("href")
        hrefs.extend([own] if own is not None else node.css("a[href]::attr(href)").getall())
    return hrefs


def _first_text(nodes: SelectorList) -> str | None:
    for node in nodes:
        text = element_text(node.root)
        if text:
            return text
    return None


def _date(nodes: SelectorList) -> datetime | None:
    for node in nodes:
        for attr in ("datetime", "title", "data-time", "content"):
            value = node.attrib.get(attr)
            parsed = parse_loose(value)
            if parsed:
                return parsed
        parsed = parse_loose(element_text(node.root))
        if parsed:
            return parsed
    return None


def _images(doc: Document, nodes: SelectorList) -> tuple[str, ...]:
    imgs: list[Selector] = []
    for node in nodes:
        imgs.extend([node] if node.root.tag == "img" else node.css("img"))
    return unique(image_url(img.attrib, doc.base, doc.encoding) for img in imgs)


class HtmlAdapter(Adapter):
    """Selector-driven pages: ``listing``/``next_page`` to follow, ``body`` for an offer."""

    kind = "html"

    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        doc = parse_document(url, body, headers)
        if doc is None:
            return Page()
        css = {
            name: _selector(self.source, name)
            for name in ("listing", "next_page", "title", "body", "seller", "posted_at", "images")
        }
        listings = unique(follow_url(doc.base, href, doc.encoding)
                          for href in _hrefs(_select(doc, css["listing"])))
        hrefs = _hrefs(_select(doc, css["listing"])) + _hrefs(_select(doc, css["next_page"]))
        follow = unique(follow_url(doc.base, href, doc.encoding) for href in hrefs)
        threads = tuple(Thread(url) for url in listings)  # no marker: ``revisit`` decides
        bodies = _select(doc, css["body"])
        if not bodies:
            return Page(follow=follow, threads=threads)
        text = "\n".join(t for node in bodies if (t := element_text(node.root)))
        title = _first_text(_select(doc, css["title"])) or _first_text(doc.sel.css("title"))
        post = RawPost(
            url=urldefrag(url).url,
            text=text,
            title=title,
            seller=_first_text(_select(doc, css["seller"])),
            posted_at=_date(_select(doc, css["posted_at"])),
            image_urls=_images(doc, _select(doc, css["images"])),
        )
        return Page(posts=(post,), follow=follow, threads=threads)

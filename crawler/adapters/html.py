"""Generic HTML markets and paste sites, driven by the source's CSS ``selectors``.

A page where ``listing`` matches is an index: its links (and ``next_page``) are followed.
A page where ``body`` matches is one offer: one RawPost whose URL is the page URL. URLs are
canonical (``crawler/canonical.py``): no tracking or session parameters, so a new session id
is not a new listing. A page
can be both (an offer page with "related offers" links).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from parsel import Selector, SelectorList

from faceleak.crawler.adapters.base import Adapter, Page, RawPost, Thread
from faceleak.crawler.adapters.dates import parse_date
from faceleak.crawler.adapters.document import MAX_POSTS, Document, parse_document
from faceleak.crawler.adapters.links import absolute_url, follow_url, image_url, unique
from faceleak.crawler.adapters.text import element_text
from faceleak.crawler.canonical import canonical_url

SELECTOR_NAMES = (
    "listing", "next_page", "post", "permalink", "title", "body", "seller", "posted_at", "images"
)


def _selector(source: object, name: str) -> str | None:
    selectors = getattr(source, "selectors", None)
    value = getattr(selectors, name, None) if selectors is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _select(root: Document | Selector, css: str | None) -> SelectorList:
    """Matches of a configured selector in a page or a post; a broken selector matches nothing."""
    if not css:
        return SelectorList([])
    try:
        return (root.sel if isinstance(root, Document) else root).css(css)
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


def _date(nodes: SelectorList, tz: tzinfo) -> datetime | None:
    for node in nodes:
        for attr in ("datetime", "title", "data-time", "content"):
            value = node.attrib.get(attr)
            parsed = parse_date(value, tz)
            if parsed:
                return parsed
        parsed = parse_date(element_text(node.root), tz)
        if parsed:
            return parsed
    return None


def _images(doc: Document, nodes: SelectorList) -> tuple[str, ...]:
    imgs: list[Selector] = []
    for node in nodes:
        imgs.extend([node] if node.root.tag == "img" else node.css("img"))
    return unique(image_url(img.attrib, doc.base, doc.encoding) for img in imgs)


def _permalink(
    doc: Document, node: Selector, css: str | None, keep: list[str] | None
) -> str | None:
    """The post's own URL from its ``permalink`` link, with the fragment that names the post."""
    for href in _hrefs(_select(node, css)):
        link = absolute_url(doc.base, href, doc.encoding)
        if link:
            fragment = urlsplit(link).fragment
            return canonical_url(link, keep) + (f"#{fragment}" if fragment else "")
    return None


def _anchor(page_url: str, node: Selector, index: int) -> str:
    """The page URL with the post's element id (``#msg_174916``), else its place on the page."""
    ident = node.attrib.get("id") or node.attrib.get("data-content")
    if not ident:
        inner = node.css("[id]::attr(id)").get()
        ident = inner or f"post-{index + 1}"
    return f"{page_url}#{ident}"


class HtmlAdapter(Adapter):
    """Selector-driven pages: ``listing``/``next_page`` to follow, ``body`` for an offer."""

    kind = "html"

    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        doc = parse_document(url, body, headers)
        if doc is None:
            return Page()
        css = {name: _selector(self.source, name) for name in SELECTOR_NAMES}
        keep = getattr(self.source, "keep_query", None)
        hrefs = _hrefs(_select(doc, css["listing"])) + _hrefs(_select(doc, css["next_page"]))
        follow = unique(
            canonical_url(link, keep)
            for href in hrefs
            if (link := follow_url(doc.base, href, doc.encoding))
        )
        listings = unique(
            canonical_url(link, keep)
            for href in _hrefs(_select(doc, css["listing"]))
            if (link := follow_url(doc.base, href, doc.encoding))
        )
        threads = tuple(Thread(link) for link in listings)  # no marker: ``revisit`` decides
        page_url = canonical_url(url, keep)
        if css["post"]:
            return Page(posts=self._posts(doc, css, page_url, keep), follow=follow,
                        threads=threads)
        post = self._post(doc, doc, css, page_url)
        if post is None:
            return Page(follow=follow, threads=threads)
        if post.title is None:
            post = replace(post, title=_first_text(doc.sel.css("title")))
        return Page(posts=(post,), follow=follow, threads=threads)

    def _post(
        self, doc: Document, root: Document | Selector, css: dict, url: str
    ) -> RawPost | None:
        """The post whose fields are found under ``root`` (the page, or one ``post`` match)."""
        bodies = _select(root, css["body"])
        if not bodies:
            return None
        return RawPost(
            url=url,
            text="\n".join(t for node in bodies if (t := element_text(node.root))),
            title=_first_text(_select(root, css["title"])),
            seller=_first_text(_select(root, css["seller"])),
            posted_at=_date(_select(root, css["posted_at"]), self.tz),
            image_urls=_images(doc, _select(root, css["images"])),
        )

    def _posts(
        self, doc: Document, css: dict, page_url: str, keep: list[str] | None
    ) -> tuple[RawPost, ...]:
        """One post per ``post`` match (forum threads, paste lists), keyed by its permalink."""
        posts: dict[str, RawPost] = {}
        for index, node in enumerate(_select(doc, css["post"])[:MAX_POSTS]):
            url = _permalink(doc, node, css["permalink"], keep) or _anchor(page_url, node, index)
            post = self._post(doc, node, css, url)
            if post is not None:
                posts.setdefault(post.url, post)
        return tuple(posts.values())

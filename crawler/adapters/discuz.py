"""Discuz! 6/7 and X3.x boards: thread lists lead to threads, each post is a RawPost.

Discuz! prints times without a zone; they are read as China Standard Time (UTC+8), the
zone these boards run in. A thread's first post is the offer itself: it carries the thread
title and the thread URL; replies are ``<thread URL>#pid<PID>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from faceleak.crawler.adapters.activity import discuz_marker
from faceleak.crawler.adapters.base import Adapter, Page, RawPost, Thread
from faceleak.crawler.adapters.dates import CHINA, parse_date
from faceleak.crawler.adapters.document import MAX_POSTS, Document, parse_document
from faceleak.crawler.adapters.links import follow_url, image_url, unique
from faceleak.crawler.adapters.text import element_text

_PID = re.compile(r"^postmessage_(\d{1,20})$")
_REWRITTEN_THREAD = re.compile(r"/thread-(\d+)-(\d+)-(\d+)\.html$")
_VOLATILE_KEYS = frozenset({"extra", "page", "highlight", "fromuid", "sid", "authorid", "from"})
_THREAD_ROWS = "tbody[id^=normalthread_], tbody[id^=stickthread_]"
_ROW_LINKS = (
    "a.xst::attr(href)",
    "span[id^=thread_] a::attr(href)",
    "a[href*=viewthread]::attr(href)",
    "a[href*='thread-']::attr(href)",
)
_NEXT = "a.nxt::attr(href), div.pg a.nxt::attr(href), div.pages a.next::attr(href)"
_SELLER = (
    ".//*[contains(concat(' ', @class, ' '), ' pls ')]//a[contains(@class, 'xw1')]",
    ".//td[contains(@class, 'postauthor')]//cite//a",
    ".//a[contains(@href, 'space') and normalize-space()]",
    ".//td[contains(@class, 'postauthor')]//cite",
)
# Board chrome printed inside a post body: guest prompts, attachment tooltips, edit notes.
_CHROME = frozenset(
    {"attach_nopermission", "attach_tips", "aimg_tip", "tip", "atips_close", "pstatus", "locked"}
)
_BOARD_SUFFIX = re.compile(r"\s+-\s+.*$")


def thread_url(url: str) -> tuple[str, int]:
    """The thread's stable URL (paging and tracking parameters dropped) and the page number."""
    parts = urlsplit(url)
    rewritten = _REWRITTEN_THREAD.search(parts.path)
    if rewritten:
        tid, page, _ = rewritten.groups()
        path = parts.path[: rewritten.start()] + f"/thread-{tid}-1-1.html"
        return urlunsplit((parts.scheme, parts.netloc, path, "", "")), int(page)
    query = parse_qsl(parts.query, keep_blank_values=True)
    page_values = [v for k, v in query if k == "page"]
    page = int(page_values[0]) if page_values and page_values[0].isdigit() else 1
    kept = urlencode([(k, v) for k, v in query if k not in _VOLATILE_KEYS])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, kept, "")), page


class DiscuzAdapter(Adapter):
    """Thread lists (``forumdisplay``) and threads (``viewthread``) of Discuz! boards."""

    kind = "discuz"
    default_tz = CHINA

    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        doc = parse_document(url, body, headers)
        if doc is None:
            return Page()
        follow = [self._link(doc, href) for href in doc.sel.css(_NEXT).getall()]
        threads: dict[str, Thread] = {}
        for row in doc.sel.css(_THREAD_ROWS):
            for query in _ROW_LINKS:
                href = row.css(query).get()
                link = self._link(doc, href) if href else None
                if link:
                    url = thread_url(link)[0]
                    follow.append(url)
                    threads.setdefault(url, Thread(url, discuz_marker(row)))
                    break
        return Page(posts=self._posts(doc), follow=unique(follow),
                    threads=tuple(threads.values()))

    @staticmethod
    def _link(doc: Document, href: str) -> str | None:
        return follow_url(doc.base, href, doc.encoding)

    def _posts(self, doc: Document) -> tuple[RawPost, ...]:
        # One pass over every element with an id; per-post lookups would be quadratic.
        by_id: dict[str, Selector] = {}
        for node in doc.sel.xpath("//*[@id]"):
            by_id.setdefault(node.attrib.get("id", ""), node)  # a repeated id is one element
        messages = [
            (match.group(1), node)
            for element_id, node in by_id.items()
            if (match := _PID.match(element_id))
        ][:MAX_POSTS]
        if not messages:
            return ()
        base_url, page = thread_url(doc.url)
        title = self._title(doc)
        posts: list[RawPost] = []
        for index, (pid, node) in enumerate(messages):
            first = index == 0 and page == 1
            container = by_id.get(f"pid{pid}", node)
            posts.append(
                RawPost(
                    url=base_url if first else f"{base_url}#pid{pid}",
                    text=element_text(node.root, _CHROME),
                    title=title if first else None,
                    seller=self._seller(container),
                    posted_at=self._posted_at(by_id.get(f"authorposton{pid}"), container),
                    image_urls=self._images(doc, node, container),
                )
            )
        return tuple(posts)

    @staticmethod
    def _title(doc: Document) -> str | None:
        for query in ("#thread_subject", "h1"):
            nodes = doc.sel.css(query)
            if nodes and (text := element_text(nodes[0].root)):
                return text
        title = element_text(doc.sel.css("title")[0].root) if doc.sel.css("title") else ""
        title = _BOARD_SUFFIX.sub("", " ".join(title.split()))
        return title or None

    @staticmethod
    def _seller(container: Selector) -> str | None:
        for query in _SELLER:
            nodes = container.xpath(query)
            if nodes and (name := element_text(nodes[0].root)):
                return name
        return None

    def _posted_at(self, stamp: Selector | None, container: Selector) -> datetime | None:
        """X3's ``em#authorposton<PID>`` (exact time in a ``span[title]`` when shown as
        "3 天前", else the relative text itself), else Discuz! 6's ``.postinfo`` line
        "发表于 2009-1-11 10:23"."""
        if stamp is not None:
            titled = stamp.css("span[title]::attr(title)").get()
            return parse_date(titled, self.tz) or parse_date(element_text(stamp.root), self.tz)
        info = container.css(".postinfo")
        return parse_date(element_text(info[0].root), self.tz) if info else None

    @staticmethod
    def _images(doc: Document, node: Selector, container: Selector) -> tuple[str, ...]:
        imgs = node.css("img") + container.css(".pattl img")
        return unique(image_url(img.attrib, doc.base, doc.encoding) for img in imgs)

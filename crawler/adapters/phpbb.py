"""phpBB 2/3 boards (and Simple Machines Forum 2 topics, which share the shape).

Topic lists lead to topics; each post of a topic page is a RawPost. The first post of a
topic's first page carries the topic title and the topic URL; replies are
``<topic URL>#p<ID>`` (SMF: ``#msg<ID>``). Session ids (``sid``, ``PHPSESSID``) are removed
from every URL so one topic is one URL. Times carry no zone on these pages; they are read
as UTC (a guest sees the board default, most often UTC).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from faceleak.crawler.adapters.activity import last_cell_marker
from faceleak.crawler.adapters.base import Adapter, Page, RawPost, Thread
from faceleak.crawler.adapters.dates import parse_date, parse_iso
from faceleak.crawler.adapters.document import MAX_POSTS, Document, parse_document
from faceleak.crawler.adapters.links import follow_url, image_url, unique
from faceleak.crawler.adapters.text import element_text

_SESSION_KEYS = frozenset({"sid", "phpsessid"})
_PAGE_KEYS = frozenset({"start", "view"})
_NEXT_WORDS = frozenset({"next", "next »", "next ›", "»", "›", "下一页", "следующая"})
_TOPIC_LINKS = "a.topictitle::attr(href)"
_SMF_TOPIC_LINKS = "span[id^=msg_] a::attr(href)"
_POST_ID = re.compile(r"^p(\d{1,20})$")
_SMF_ID = re.compile(r"^msg_(\d{1,20})$")
_CHROME = frozenset({"codebox-header", "signature", "notice"})
_Meta = tuple[str | None, datetime | None, str | None]  # seller, posted_at, subject


def without_session(url: str, drop: frozenset[str] = frozenset()) -> str:
    """``url`` without session ids (and without any query key in ``drop``) or fragment."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in _SESSION_KEYS and k not in drop
    ]
    path = re.sub(r";jsessionid=[^/?]*", "", parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


_SMF_PATH_TOPIC = re.compile(r"/topic,(\d+)\.(\d+)\.html$")


def topic_url(url: str) -> str:
    """The topic's stable URL: no session, no paging (SMF ``topic=N.15`` becomes ``N.0``)."""
    url = without_session(url, _PAGE_KEYS)
    parts = urlsplit(url)
    path = _SMF_PATH_TOPIC.sub(lambda m: f"/topic,{m.group(1)}.0.html", parts.path)
    query = [
        (k, f"{v.partition('.')[0]}.0" if k == "topic" else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def _first_page(url: str) -> bool:
    smf_path = _SMF_PATH_TOPIC.search(urlsplit(url).path)
    if smf_path:
        return smf_path.group(2) == "0"
    query = dict(parse_qsl(urlsplit(url).query))
    start = query.get("start", "0")
    if "topic" in query:  # SMF: topic=38573.15 means "from the 16th post"
        return query["topic"].rpartition(".")[2] in {"", "0"}
    return start in {"", "0"}


def _text(nodes: list[Selector]) -> str | None:
    for node in nodes:
        text = element_text(node.root)
        if text:
            return text
    return None


class PhpbbAdapter(Adapter):
    """phpBB2/phpBB3 ``viewforum``/``viewtopic`` pages and SMF 2 topics."""

    kind = "phpbb"

    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        doc = parse_document(url, body, headers)
        if doc is None:
            return Page()
        posts = self._phpbb_posts(doc) or self._smf_posts(doc)
        return Page(posts=posts, follow=self._follow(doc), threads=self._threads(doc))

    def _threads(self, doc: Document) -> tuple[Thread, ...]:
        """Topic links of a topic list, each with its row's last-post cell as marker."""
        threads: dict[str, Thread] = {}
        for anchor in doc.sel.css("a.topictitle, span[id^=msg_] a"):
            url = self._link(doc, anchor.attrib.get("href"))
            if not url:
                continue
            rows = anchor.xpath("ancestor::dl[1] | ancestor::tr[1]")
            marker = last_cell_marker(rows[-1]) if rows else None
            threads.setdefault(url, Thread(url, marker))
        return tuple(threads.values())

    def _link(self, doc: Document, href: str | None) -> str | None:
        url = follow_url(doc.base, href, doc.encoding)
        return without_session(url) if url else None

    def _follow(self, doc: Document) -> tuple[str, ...]:
        links = [self._link(doc, h) for h in doc.sel.css(_TOPIC_LINKS).getall()]
        links += [self._link(doc, h) for h in doc.sel.css(_SMF_TOPIC_LINKS).getall()]
        nexts = doc.sel.css("a.right-box.right, li.next a, a.next, a[rel=next], a.navPages")
        for anchor in doc.sel.css("a[href]"):
            words = " ".join(anchor.css("::text").getall()).strip().lower()
            if words in _NEXT_WORDS:
                nexts.append(anchor)
        # SMF's "next »" in <link rel=next> and prev_next URLs is the next *topic*.
        links += [
            self._link(doc, a.attrib.get("href"))
            for a in nexts
            if "prev_next" not in a.attrib.get("href", "")
        ]
        return unique(links)

    def _topic_title(self, doc: Document) -> str | None:
        title = _text(doc.sel.css("h2.topic-title, h2 a, h2"))
        if title:
            return title
        raw = _text(doc.sel.css("title")) or ""
        for sep in (" - View topic - ", " • View topic - ", " • "):
            if sep in raw:
                return raw.rsplit(sep, 1)[1].strip() or None
        return raw or None

    def _phpbb_posts(self, doc: Document) -> tuple[RawPost, ...]:
        nodes = [
            (m.group(1), node)
            for node in doc.sel.css("div.post[id]")
            if (m := _POST_ID.match(node.attrib.get("id", "")))
        ]
        return self._build(doc, nodes, ".content", "p", self._phpbb_meta)

    def _smf_posts(self, doc: Document) -> tuple[RawPost, ...]:
        nodes = [
            (m.group(1), node)
            for node in doc.sel.css("div.inner[id^=msg_]")
            if (m := _SMF_ID.match(node.attrib.get("id", "")))
        ]
        return self._build(doc, nodes, None, "msg", self._smf_meta)

    def _build(
        self,
        doc: Document,
        nodes: list[tuple[str, Selector]],
        body_css: str | None,
        anchor: str,
        meta: Callable[[Document, str, Selector], _Meta],
    ) -> tuple[RawPost, ...]:
        if not nodes:
            return ()
        nodes = nodes[:MAX_POSTS]
        topic = topic_url(doc.url)
        first_page = _first_page(doc.url)
        topic_title = self._topic_title(doc)
        posts = []
        for index, (post_id, node) in enumerate(nodes):
            body = node.css(body_css)[:1] if body_css else [node]
            if not body:
                continue
            seller, posted_at, subject = meta(doc, post_id, node)
            first = first_page and index == 0
            posts.append(
                RawPost(
                    url=topic if first else f"{topic}#{anchor}{post_id}",
                    text=element_text(body[0].root, _CHROME),
                    title=(topic_title or subject) if first else subject,
                    seller=seller,
                    posted_at=posted_at,
                    image_urls=unique(
                        image_url(img.attrib, doc.base, doc.encoding) for img in body[0].css("img")
                    ),
                )
            )
        return tuple(posts)

    def _phpbb_meta(self, doc: Document, post_id: str, node: Selector) -> _Meta:
        author = node.css(".author")
        seller = _text(author.css("a.username, a.username-coloured, strong a, strong, a"))
        stamp = author.css("time::attr(datetime)").get()
        posted_at = parse_iso(stamp, self.tz) or parse_date(_text(author) or "", self.tz)
        return seller, posted_at, _text(node.css("h3 a, h3"))

    def _smf_meta(self, doc: Document, post_id: str, node: Selector) -> _Meta:
        # The poster box and the key info come before the message body in the same post.
        seller = _text(node.xpath("preceding::div[contains(@class, 'poster')][1]//h4"))
        info = node.xpath("preceding::div[contains(@class, 'keyinfo')][1]//div[@class='smalltext']")
        posted_at = parse_date(_text(info) or "", self.tz)
        return seller, posted_at, _text(doc.sel.css(f"#subject_{post_id} a"))

"""Telegram channel web previews (``t.me/s/<channel>``), current and older layouts.

Permalinks stay on the host that served the page (``<scheme>://<host>/<data-post>``), so a
local mirror or the demo marketplace on 127.0.0.1 yields links that resolve there; on
t.me itself this is exactly ``https://t.me/<channel>/<id>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from parsel import Selector

from faceleak.crawler.adapters.base import Adapter, Page, RawPost
from faceleak.crawler.adapters.dates import parse_iso
from faceleak.crawler.adapters.document import MAX_POSTS, Document, parse_document
from faceleak.crawler.adapters.links import absolute_url, follow_url, unique
from faceleak.crawler.adapters.text import element_text

_POST_ID = re.compile(r"^[A-Za-z0-9_]{1,64}/\d{1,20}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
_BACKGROUND = re.compile(r"background-image\s*:\s*url\(\s*(['\"]?)(.*?)\1\s*\)", re.I)
# The message's own text, not the quoted text of the message it replies to.
_OWN_TEXT = (
    ".//div[contains(concat(' ', normalize-space(@class), ' '), ' tgme_widget_message_text ')]"
    "[not(ancestor::*[contains(@class, 'tgme_widget_message_reply')])]"
    "[not(ancestor::*[contains(@class, 'link_preview')])]"
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def background_urls(style: str | None, base: str) -> list[str]:
    """URLs in a ``background-image:url('…')`` style attribute, made absolute."""
    if not style:
        return []
    return [u for _, raw in _BACKGROUND.findall(style[:20000]) if (u := absolute_url(base, raw))]


def _channel_url(url: str, before: str) -> str:
    """The page ``url`` asking for messages older than ``before``."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in {"before", "after"}]
    query.append(("before", before))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def _forwarded_from(message: Selector) -> str | None:
    """The username of the channel a forwarded message came from, else the name shown."""
    for node in message.css(".tgme_widget_message_forwarded_from_name"):
        href = node.attrib.get("href") or ""
        path = urlsplit(href).path.strip("/").split("/")
        if urlsplit(href).hostname in ("t.me", "telegram.me") and _USERNAME.match(path[0]):
            return path[0]
        name = element_text(node.root)
        if name:
            return name
    return None


class TelegramAdapter(Adapter):
    """Each ``.tgme_widget_message[data-post]`` is a post; older pages are followed."""

    kind = "telegram"

    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        doc = parse_document(url, body, headers)
        if doc is None:
            return Page()
        posts: dict[str, RawPost] = {}
        for message in doc.sel.css(".tgme_widget_message[data-post]")[:MAX_POSTS]:
            if "service_message" in (message.attrib.get("class") or "").split():
                continue  # "channel created", "pinned a message": no offer in it
            post = self._post(doc, message)
            if post is not None:
                posts.setdefault(post.url, post)
        return Page(posts=tuple(posts.values()), follow=self._older(doc))

    def _post(self, doc: Document, message: Selector) -> RawPost | None:
        data_post = (message.attrib.get("data-post") or "").strip()
        if not _POST_ID.match(data_post):
            return None
        texts = message.xpath(_OWN_TEXT)
        text = element_text(texts[0].root) if texts else ""
        owner = message.css(".tgme_widget_message_owner_name")
        title = element_text(owner[0].root) if owner else ""
        images = []
        for wrap in message.css(".tgme_widget_message_photo_wrap"):
            images.extend(background_urls(wrap.attrib.get("style"), doc.base))
        return RawPost(
            url=f"{_origin(doc.url)}/{data_post}",
            text=text,
            # the username survives a rename of the title; the title is what analysts read
            seller=data_post.split("/", 1)[0],
            seller_display=title or None,
            forwarded_from=_forwarded_from(message),
            posted_at=parse_iso(
                message.css(".tgme_widget_message_date time::attr(datetime)").get()
                or message.css("time[datetime]::attr(datetime)").get()
            ),
            image_urls=unique(images),
        )

    @staticmethod
    def _older(doc: Document) -> tuple[str, ...]:
        links = [
            follow_url(doc.base, href)
            for href in doc.sel.css("link[rel=prev]::attr(href)").getall()
        ]
        if any(links):
            return unique(links)
        for before in doc.sel.css(".tme_messages_more[data-before]::attr(data-before)").getall():
            if before.strip().isdigit():
                links.append(_channel_url(doc.url, before.strip()))
        return unique(links)

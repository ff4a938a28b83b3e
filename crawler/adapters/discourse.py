"""Discourse forums through their public JSON API.

A configured forum URL becomes ``<forum>/latest.json``; a topic list leads to
``/t/<slug>/<id>.json``; every post of a topic's ``post_stream`` is a RawPost whose URL is
the post's web permalink (``/t/<slug>/<id>`` for the first post, ``/<post_number>`` after).
Posts the topic JSON leaves out (long topics carry only the first chunk) are fetched
through ``/t/<id>/posts.json?post_ids[]=…``. Hostile JSON (wrong types anywhere) yields
whatever is well-formed and skips the rest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector

from faceleak.crawler.adapters.base import Adapter, Page, RawPost, Thread
from faceleak.crawler.adapters.dates import parse_iso
from faceleak.crawler.adapters.document import MAX_POSTS
from faceleak.crawler.adapters.links import follow_url, image_url, unique
from faceleak.crawler.adapters.text import clean_text, html_to_text

POSTS_PER_REQUEST = 20


def latest_url(forum_url: str) -> str:
    """The JSON topic list for a forum base URL (a ``.json`` URL is kept as it is)."""
    parts = urlsplit(forum_url)
    path = parts.path.rstrip("/")
    if path.endswith(".json"):
        return forum_url
    path = f"{path}.json" if path.endswith("/latest") else f"{path}/latest.json"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _json_url(base: str, href: object) -> str | None:
    """An API link made absolute and asking for JSON (``/latest?page=1`` -> ``/latest.json?…``)."""
    if not isinstance(href, str):
        return None
    url = follow_url(base, href)
    if not url:
        return None
    parts = urlsplit(url)
    path = parts.path if parts.path.endswith(".json") else parts.path.rstrip("/") + ".json"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def forum_root(url: str) -> str:
    """The forum's base path inside ``url`` ("" at the host root, "/forum" in a subfolder)."""
    path = urlsplit(url).path
    for marker in ("/t/", "/latest", "/c/", "/top", "/new"):
        index = path.find(marker)
        if index >= 0:
            return path[:index]
    return ""


def _load(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _slug(value: object) -> str:
    return quote(value, safe="-_") if isinstance(value, str) and value else "topic"


def _id(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


class DiscourseAdapter(Adapter):
    """``/latest.json`` topic lists and ``/t/<slug>/<id>.json`` topics."""

    kind = "discourse"

    def start_urls(self) -> list[str]:
        return [latest_url(url) for url in self.source.start_urls]

    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        data = _load(body)
        if data is None:
            return Page()
        follow: list[str | None] = []
        threads: tuple[Thread, ...] = ()
        topic_list = data.get("topic_list")
        if isinstance(topic_list, dict):
            follow.extend(self._topic_links(url, topic_list))
            threads = self._threads(url, topic_list)
        stream = data.get("post_stream")
        posts: tuple[RawPost, ...] = ()
        if isinstance(stream, dict):
            posts = self._posts(url, data, stream)
            follow.extend(self._missing_posts(url, data, stream))
        return Page(posts=posts, follow=unique(follow), threads=threads)

    @staticmethod
    def _threads(url: str, topic_list: dict[str, Any]) -> tuple[Thread, ...]:
        """Each topic with its last activity (``bumped_at``, else ``last_posted_at``, and
        ``posts_count``) as marker."""
        topics = topic_list.get("topics")
        threads = []
        for topic in topics if isinstance(topics, list) else []:
            if isinstance(topic, dict) and (topic_id := _id(topic.get("id"))):
                path = f"{forum_root(url)}/t/{_slug(topic.get('slug'))}/{topic_id}.json"
                link = follow_url(url, path)
                when = topic.get("bumped_at") or topic.get("last_posted_at")
                marker = f"{when} | {topic.get('posts_count')}" if when else None
                if link:
                    threads.append(Thread(link, marker[:255] if marker else None))
        return tuple(threads)

    @staticmethod
    def _topic_links(url: str, topic_list: dict[str, Any]) -> list[str | None]:
        topics = topic_list.get("topics")
        links: list[str | None] = []
        for topic in topics if isinstance(topics, list) else []:
            if isinstance(topic, dict) and (topic_id := _id(topic.get("id"))):
                path = f"{forum_root(url)}/t/{_slug(topic.get('slug'))}/{topic_id}.json"
                links.append(follow_url(url, path))
        links.append(_json_url(url, topic_list.get("more_topics_url")))
        return links

    @staticmethod
    def _posts(url: str, topic: dict[str, Any], stream: dict[str, Any]) -> tuple[RawPost, ...]:
        raw_posts = stream.get("posts")
        title = clean_text(topic["title"]) if isinstance(topic.get("title"), str) else None
        posts = []
        for post in raw_posts[:MAX_POSTS] if isinstance(raw_posts, list) else []:
            if not isinstance(post, dict):
                continue
            topic_id = _id(post.get("topic_id")) or _id(topic.get("id"))
            number = _id(post.get("post_number"))
            if topic_id is None or number is None:
                continue
            slug = _slug(post.get("topic_slug") or topic.get("slug"))
            path = f"{forum_root(url)}/t/{slug}/{topic_id}" + ("" if number == 1 else f"/{number}")
            cooked = post.get("cooked") if isinstance(post.get("cooked"), str) else ""
            username = post.get("username")
            posts.append(
                RawPost(
                    url=urljoin(url, path),
                    text=html_to_text(cooked),
                    title=title if number == 1 else None,
                    seller=clean_text(username) or None if isinstance(username, str) else None,
                    posted_at=parse_iso(post.get("created_at"))
                    if isinstance(post.get("created_at"), str)
                    else None,
                    image_urls=_cooked_images(url, cooked),
                )
            )
        return tuple(posts)

    @staticmethod
    def _missing_posts(url: str, topic: dict[str, Any], stream: dict[str, Any]) -> list[str | None]:
        topic_id = _id(topic.get("id"))
        ids = stream.get("stream")
        posts = stream.get("posts")
        if topic_id is None or not isinstance(ids, list) or not isinstance(posts, list):
            return []
        have = {p.get("id") for p in posts if isinstance(p, dict)}
        missing = [i for i in ids[: MAX_POSTS * 10] if _id(i) and i not in have]
        links: list[str | None] = []
        for start in range(0, len(missing), POSTS_PER_REQUEST):
            chunk = missing[start : start + POSTS_PER_REQUEST]
            query = urlencode([("post_ids[]", i) for i in chunk])
            links.append(follow_url(url, f"{forum_root(url)}/t/{topic_id}/posts.json?{query}"))
        return links


def _cooked_images(url: str, cooked: str) -> tuple[str, ...]:
    """Pictures in a post's rendered HTML; emoji and avatars are not pictures of anything."""
    if not cooked:
        return ()
    imgs = Selector(text=cooked).css("img")
    return unique(
        image_url(img.attrib, url)
        for img in imgs
        if not {"emoji", "avatar"} & set((img.attrib.get("class") or "").split())
    )

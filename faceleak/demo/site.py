"""The whole demo site as a map from route to exact response bytes.

Pages embed absolute URLs (as the real sites do), so a site is built for one ``base`` URL; for a
given base and revision the bytes are identical on every build.
"""

from __future__ import annotations

from dataclasses import dataclass

from faceleak.demo import discuz_pages, paths, shop_pages, tg_pages
from faceleak.demo.content import BBS, SHOP, TG, posts
from faceleak.demo.images import build_images

HTML_UTF8 = "text/html; charset=utf-8"
HTML_GBK = "text/html; charset=gbk"
# This thread's header claims UTF-8 while its bytes (and its <meta>) are GBK: the bytes must win.
MISLABELLED_TID = 8803

ROBOTS_TXT = b"""# faceleak demo marketplace
User-agent: *
Disallow: /bbs/member.php
Disallow: /bbs/home.php?mod=spacecp
Disallow: /shop/cart/
Allow: /
"""


@dataclass(frozen=True, slots=True)
class Resource:
    body: bytes
    content_type: str


def _add(site: dict[paths.RouteKey, Resource], path: str, body: bytes, content_type: str) -> None:
    site[paths.route_key(path)] = Resource(body, content_type)


def _add_images(site: dict[paths.RouteKey, Resource], source: str, names: set[str]) -> None:
    images = build_images()
    for name in sorted(names):
        img = images[name]
        _add(site, paths.image_path(source, name), img.data, img.content_type)


def _telegram(site: dict[paths.RouteKey, Resource], base: str, revision: int) -> None:
    images = build_images()
    tg = posts(TG, revision)
    _add(site, paths.tg_channel_page(), tg_pages.channel_page(base, tg, images), HTML_UTF8)
    numbers = sorted(p.number for p in tg)
    for n in numbers[1:]:
        _add(site, paths.tg_channel_page(before=n),
             tg_pages.channel_page(base, tg, images, before=n), HTML_UTF8)
    for n in numbers[:-1]:
        _add(site, f"{paths.tg_channel_page()}?after={n}",
             tg_pages.channel_page(base, tg, images, after=n), HTML_UTF8)
    for post in tg:
        body = tg_pages.post_page(base, post, images)
        _add(site, paths.tg_permalink(post.number), body, HTML_UTF8)
    _add_images(site, TG, {name for p in tg for name in p.images} | {"channel-avatar"})


def _discuz(site: dict[paths.RouteKey, Resource], base: str, revision: int) -> None:
    images = build_images()
    bbs = posts(BBS, revision)
    page = 1
    while (body := discuz_pages.forum_page(base, bbs, page)) is not None:
        _add(site, paths.bbs_forum_page(page), body, HTML_GBK)
        page += 1
    for post in bbs:
        header = HTML_UTF8 if post.number == MISLABELLED_TID else HTML_GBK
        body = discuz_pages.thread_page(base, post, images)
        _add(site, paths.bbs_thread(post.number), body, header)
    _add_images(site, BBS, {name for p in bbs for name in p.images} | {"none.gif"})


def _shop(site: dict[paths.RouteKey, Resource], base: str, revision: int) -> None:
    shop = posts(SHOP, revision)
    page = 1
    while (body := shop_pages.index_page(base, shop, page)) is not None:
        _add(site, paths.shop_index(page), body, HTML_UTF8)
        page += 1
    for post in shop:
        _add(site, paths.shop_item(post.number), shop_pages.item_page(base, post), HTML_UTF8)
    _add_images(site, SHOP, {name for p in shop for name in p.images} | {"placeholder.png"})


def build_site(base: str, revision: int = 1) -> dict[paths.RouteKey, Resource]:
    """Every served resource, keyed by :func:`paths.route_key`. ``base`` has no trailing slash."""
    if revision not in (1, 2):
        raise ValueError(f"revision must be 1 or 2, not {revision!r}")
    base = base.rstrip("/")
    site: dict[paths.RouteKey, Resource] = {}
    _add(site, "/robots.txt", ROBOTS_TXT, "text/plain; charset=utf-8")
    _telegram(site, base, revision)
    _discuz(site, base, revision)
    _shop(site, base, revision)
    return site

"""Where each page and image of the demo marketplace lives, as paths relative to the server root.

One module so the pages, the server's routing and the test expectations agree on every URL.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlsplit

from faceleak.demo.content import BBS, BBS_FID, SHOP, TG, TG_CHANNEL, DemoPost

BBS_ROOT = "/bbs/"
SHOP_ROOT = "/shop/"
TG_PAGE_SIZE = 8
BBS_PAGE_SIZE = 6
SHOP_PAGE_SIZE = 6

# Query parameters that do not change what is served (Discuz! appends ``extra=page%3D1``).
IGNORED_PARAMS = frozenset({"extra", "from", "ordertype", "embed", "single"})

RouteKey = tuple[str, frozenset[tuple[str, str]]]


def route_key(path_and_query: str) -> RouteKey:
    """Canonical key of a request target: path plus the meaningful query parameters, unordered."""
    parts = urlsplit(path_and_query)
    params = frozenset((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k not in IGNORED_PARAMS)
    return parts.path or "/", params


def tg_channel_page(before: int | None = None) -> str:
    return f"/s/{TG_CHANNEL}" + (f"?before={before}" if before is not None else "")


def tg_permalink(number: int) -> str:
    return f"/{TG_CHANNEL}/{number}"


def bbs_forum_page(page: int = 1) -> str:
    suffix = f"&page={page}" if page > 1 else ""
    return f"{BBS_ROOT}forum.php?mod=forumdisplay&fid={BBS_FID}{suffix}"


def bbs_thread(tid: int) -> str:
    return f"{BBS_ROOT}forum.php?mod=viewthread&tid={tid}"


def shop_index(page: int = 1) -> str:
    return SHOP_ROOT + (f"?page={page}" if page > 1 else "")


def shop_item(number: int) -> str:
    return f"{SHOP_ROOT}item/{number}"


def post_path(post: DemoPost) -> str:
    """The page a post is read from (its permalink on the site)."""
    if post.source == TG:
        return tg_permalink(post.number)
    if post.source == BBS:
        return bbs_thread(post.number)
    if post.source == SHOP:
        return shop_item(post.number)
    raise ValueError(f"unknown source {post.source!r}")


def _opaque(name: str, length: int) -> str:
    return hashlib.sha256(f"faceleak-demo:{name}".encode()).hexdigest()[:length]


def image_path(source: str, name: str) -> str:
    """Where a source serves an image; each site has its own CDN-like layout."""
    if source == TG:
        return f"/cdn4/file/{_opaque(name, 43)}.jpg"
    if source == BBS:
        if name == "none.gif":
            return f"{BBS_ROOT}static/image/common/none.gif"
        return f"{BBS_ROOT}data/attachment/forum/202611/20/{_opaque(name, 22)}.jpg"
    if source == SHOP:
        if name == "placeholder.png":
            return f"{SHOP_ROOT}static/img/placeholder.png"
        return f"{SHOP_ROOT}uploads/{_opaque(name, 32)}.jpg"
    raise ValueError(f"unknown source {source!r}")

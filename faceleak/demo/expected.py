"""What a correct pass over the demo marketplace should find, for end-to-end tests.

Derived from the same data the pages are rendered from, so it cannot drift from the site. Paths
are relative to ``DemoServer.base_url``: a Telegram post's permalink (its date link), a Discuz!
thread's URL for its first post and ``<thread>#pid<PID>`` for each reply (always a non-offer),
a shop item's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from faceleak.demo import paths
from faceleak.demo.config import SOURCE_NAMES
from faceleak.demo.content import ALL_POSTS, BBS, DemoPost, Price, posts
from faceleak.demo.images import derivations


@dataclass(frozen=True, slots=True)
class ExpectedPost:
    source: str  # config source name: demo-telegram | demo-bbs | demo-shop
    path: str  # the page the post is read from (Telegram: its permalink)
    kind: str  # offer | news | buying | device | tutorial | job | other_goods | reply
    seller: str | None
    posted_at: datetime
    photo_count: int | None = None
    price: Price | None = None
    data_types: tuple[str, ...] = ()
    image_paths: tuple[str, ...] = ()
    pid: int | None = None  # Discuz! post id
    data_post: str | None = None  # Telegram data-post ("channel/n")

    @property
    def is_offer(self) -> bool:
        return self.kind == "offer"


@dataclass(frozen=True, slots=True)
class ExpectedRepost:
    """An image that is an altered (or identical) copy of another seller's sample."""

    path: str
    original_path: str
    alteration: str


@dataclass(frozen=True, slots=True)
class Expectations:
    revision: int
    posts: tuple[ExpectedPost, ...]
    reposts: tuple[ExpectedRepost, ...]
    changed_offers: tuple[str, ...]  # paths whose offer differs from revision 1
    new_posts: tuple[str, ...]  # paths that first appear in this revision

    def offers(self, source: str | None = None) -> tuple[ExpectedPost, ...]:
        return tuple(p for p in self.posts if p.is_offer and source in (None, p.source))


def _expected(post: DemoPost) -> list[ExpectedPost]:
    source = SOURCE_NAMES[post.source]
    path = paths.post_path(post)
    first = ExpectedPost(
        source, path, post.kind, post.seller, post.posted_at, post.photo_count, post.price,
        post.data_types, tuple(paths.image_path(post.source, name) for name in post.images),
        pid=post.pid if post.source == BBS else None,
        data_post=f"{paths.TG_CHANNEL}/{post.number}" if post.source == "telegram" else None,
    )
    replies = [ExpectedPost(source, f"{path}#pid{r.pid}", "reply", r.author, r.posted_at,
                            pid=r.pid)
               for r in post.replies]
    return [first, *replies]


def _reposts(revision: int) -> tuple[ExpectedRepost, ...]:
    """Offer samples that copy another offer's sample: altered, or identical on another source."""
    where: dict[str, list[str]] = {}
    for post in ALL_POSTS:
        if post.is_offer and post.since_revision <= revision:
            for name in post.images:
                where.setdefault(name, []).append(paths.image_path(post.source, name))
    out = []
    for name, (origin, alteration) in derivations().items():
        if name in where and origin in where:
            out.extend(ExpectedRepost(path, where[origin][0], alteration) for path in where[name])
    for locations in where.values():
        out.extend(ExpectedRepost(p, locations[0], "identical")
                   for p in locations[1:] if p != locations[0])
    return tuple(sorted(out, key=lambda r: r.path))


def expectations(revision: int = 1) -> Expectations:
    current = [p for source in ("telegram", "discuz", "html") for p in posts(source, revision)]
    original = {paths.post_path(p): p for s in ("telegram", "discuz", "html") for p in posts(s, 1)}
    changed = tuple(sorted(
        paths.post_path(p) for p in current
        if paths.post_path(p) in original and original[paths.post_path(p)] != p
    ))
    new = tuple(sorted(paths.post_path(p) for p in current if paths.post_path(p) not in original))
    return Expectations(
        revision,
        tuple(e for p in current for e in _expected(p)),
        _reposts(revision),
        changed,
        new,
    )

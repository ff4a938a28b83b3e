"""Cross-check: the project's own config loader, adapters and media step read the demo right.

The adapters were built against the real saved pages; if they read every demo post with its
seller, date and samples, the demo markup is faithful. The media step's hashes must pair each
re-post with its original and nothing else. Each test skips while its part is absent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from faceleak.demo import EXPECTED, demo_config_yaml
from faceleak.demo.images import build_images
from faceleak.demo.paths import route_key
from faceleak.demo.site import build_site

if TYPE_CHECKING:
    from faceleak.config.sources import SourceConfig
    from faceleak.crawler.adapters.base import RawPost

Crawled = dict[str, list["RawPost"]]
BASE = "http://127.0.0.1:8124"


def crawl(source: SourceConfig, site: dict) -> list[RawPost]:
    """Follow the adapter's links over the in-memory site, as the spider does over HTTP."""
    from faceleak.crawler.adapters.base import adapter_for

    adapter = adapter_for(source)
    queue, seen, found = list(adapter.start_urls()), set(), []
    while queue and len(seen) < source.max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        parts = urlsplit(url)
        resource = site.get(route_key(parts.path + (f"?{parts.query}" if parts.query else "")))
        assert resource is not None, f"adapter followed a link the site does not serve: {url}"
        result = adapter.parse(url, resource.body, {"content-type": resource.content_type})
        found += result.posts
        queue += result.follow
    return found


@pytest.fixture(scope="module")
def crawled() -> Crawled:
    loading = pytest.importorskip("faceleak.config.loading")
    pytest.importorskip("faceleak.crawler.adapters.telegram")
    config = loading.load_config_text(demo_config_yaml(BASE))
    site = build_site(BASE)
    return {source.name: crawl(source, site) for source in config.sources}


def test_adapters_find_every_expected_post_with_seller_date_and_samples(crawled: Crawled) -> None:
    by_url = {post.url: post for posts in crawled.values() for post in posts}
    for expected in EXPECTED.posts:
        post = by_url.get(BASE + expected.path)
        assert post is not None, f"{expected.source}: no post at {expected.path}"
        assert post.seller == expected.seller, expected.path
        assert post.posted_at == expected.posted_at, expected.path
        assert [urlsplit(u).path for u in post.image_urls] == list(expected.image_paths), \
            expected.path


def test_adapters_find_nothing_the_demo_does_not_describe(crawled: Crawled) -> None:
    expected = {BASE + p.path for p in EXPECTED.posts}
    assert {post.url for posts in crawled.values() for post in posts} <= expected


def test_media_digest_matches_each_repost_to_its_original_and_keeps_samples_apart() -> None:
    media = pytest.importorskip("faceleak.crawler.media")
    images = build_images()
    digests = {name: media.digest_image(img.data) for name, img in images.items()
               if img.content_type == "image/jpeg"}
    for name, img in images.items():
        if img.derived_from:
            assert media.is_match(digests[name], digests[img.derived_from]), name
    originals = [name for name in digests if not images[name].derived_from]
    for i, a in enumerate(originals):
        for b in originals[i + 1:]:
            assert not media.is_match(digests[a], digests[b]), (a, b)

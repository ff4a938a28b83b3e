"""On every real page: follow links are absolute http(s), fragment-free and unique;
post URLs are absolute and distinct; post text is free of control characters."""

from __future__ import annotations

import re

import pytest

from faceleak.crawler.adapters import adapter_for

from .conftest import make_source

PAGES = [
    (
        "telegram",
        "telegram/ukraine_aggregator_tme_s_ClashReport_raw.html",
        "https://t.me/s/ClashReport",
    ),
    (
        "telegram",
        "telegram/any2feed_tme_s_topwar_official_full.html",
        "https://t.me/s/topwar_official",
    ),
    ("telegram", "telegram/hashtag-subscriber_tme_s_xCareers_2020.html", "https://t.me/s/xCareers"),
    (
        "discuz",
        "forums/discuz6_gbk_forumdisplay_1984bbs.html",
        "https://1984bbs.com/forumdisplay.php?fid=2",
    ),
    (
        "discuz",
        "forums/discuz6_gbk_viewthread_1984bbs.html",
        "https://1984bbs.com/viewthread.php?tid=3143",
    ),
    (
        "discuz",
        "forums/talkop_forumdisplay_fid49_typeid145_utf8.html",
        "http://bbs.talkop.com/forum.php",
    ),
    (
        "discuz",
        "forums/talkop_viewthread_vivrecard_201811_utf8.html",
        "http://bbs.talkop.com/thread-108869-1-1.html",
    ),
    ("phpbb", "forums/ptforum_phpbb3_viewforum_f35.html", "https://f.test/viewforum.php?f=35"),
    (
        "phpbb",
        "forums/ptforum_phpbb3_viewtopic_t28017.html",
        "https://f.test/viewtopic.php?t=28017",
    ),
    (
        "phpbb",
        "forums/ptforum_phpbb2_viewforum_f4_iso8859-1.html",
        "https://f.test/viewforum.php?f=4",
    ),
    (
        "phpbb",
        "forums/ptforum_smf2_topic_38573.html",
        "http://forums.contribs.org/index.php?topic=38573.0",
    ),
    ("discourse", "forums/discourse_api_latest.json", "https://try.discourse.org/latest.json"),
    ("discourse", "forums/discourse_api_topic.json", "https://try.discourse.org/t/57.json"),
    ("autoshop", "autoshop/dujiaoka_unicorn_home.html", "http://faka.example/"),
    ("autoshop", "autoshop/dujiaoka_unicorn_buy_1.html", "http://faka.example/buy/1"),
    ("autoshop", "autoshop/dujiaoka_hyper_home.html", "http://faka.example/"),
    ("autoshop", "autoshop/dujiaoka_hyper_buy_1.html", "http://faka.example/buy/1"),
]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize(("kind", "name", "url"), PAGES, ids=[p[1] for p in PAGES])
def test_real_page_output_is_well_formed(page, kind, name, url):
    result = adapter_for(make_source(kind, [url])).parse(url, page(name), {})
    assert result.posts or result.follow
    assert len(set(result.follow)) == len(result.follow)
    for link in result.follow:
        assert link.startswith(("http://", "https://")) and "#" not in link
    post_urls = [p.url for p in result.posts]
    assert len(set(post_urls)) == len(post_urls)
    for post in result.posts:
        assert post.url.startswith(("http://", "https://"))
        assert not CONTROL.search(post.text + (post.title or "") + (post.seller or ""))
        assert post.posted_at is None or post.posted_at.utcoffset().total_seconds() == 0
        assert all(u.startswith(("http://", "https://")) for u in post.image_urls)

"""Hostile or broken responses give an empty or partial Page, never an exception."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faceleak.crawler.adapters import Adapter, Page, adapter_for
from faceleak.crawler.adapters.document import MAX_POSTS

from .conftest import make_source

KINDS = sorted(Adapter.registry)
URL = "https://market.example/s/shop"

HOSTILE = {
    "empty": b"",
    "whitespace": b" \r\n\t ",
    "binary": bytes(range(256)) * 8,
    "png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "nul_bytes": b"<p>a\x00b</p>\x00\x00<div id='postmessage_1'>\x00</div>",
    "truncated": b"<html><body><div class='tgme_widget_message' data-post='shop/1'><div class='",
    "huge_attribute": b'<a href="' + b"x" * 2_000_000 + b'">x</a><img style="' + b"u" * 500_000,
    "escape_sequences": b"<p>\x1b]0;pwned\x07\x1b[2J\x1b[31mred</p>",
    "hostile_base": b'<base href="javascript:alert(1)"><a href="x">x</a>',
    "deep": b"<div>" * 20_000,
    "json_bomb": b"[" * 50_000,
    "declared_utf16": b'<meta charset="utf-16"><p>hi</p>',
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_body_never_raises(kind, name):
    adapter = adapter_for(make_source(kind, [URL], body="p", listing="a", images="img"))
    result = adapter.parse(URL, HOSTILE[name], {"content-type": "text/html; charset=utf-8"})
    assert isinstance(result, Page)
    assert all(u.startswith(("http://", "https://")) for u in result.follow)


@pytest.mark.parametrize("kind", KINDS)
def test_empty_body_gives_an_empty_page(kind):
    assert adapter_for(make_source(kind, [URL], body="p")).parse(URL, b"", {}) == Page()


def test_escape_sequences_never_reach_post_text():
    source = make_source("html", body="p")
    (post,) = adapter_for(source).parse(URL, HOSTILE["escape_sequences"], {}).posts
    assert "\x1b" not in post.text and "\x07" not in post.text


def test_javascript_base_href_does_not_make_links_javascript():
    source = make_source("html", listing="a")
    result = adapter_for(source).parse(URL, HOSTILE["hostile_base"], {})
    assert result.follow == ("https://market.example/s/x",)


def test_truncated_real_page_gives_the_posts_before_the_cut(page):
    body = page("telegram/ukraine_aggregator_tme_s_ClashReport_raw.html")
    posts = adapter_for(make_source("telegram", [URL])).parse(URL, body[: len(body) // 2], {}).posts
    assert 0 < len(posts) < 17
    assert posts[0].url == "https://market.example/ClashReport/93429"


def test_truncated_discuz_thread_gives_the_posts_before_the_cut(page):
    body = page("forums/talkop_viewthread_vivrecard_201904_utf8.html")
    url = "http://bbs.talkop.com/forum.php?mod=viewthread&tid=112530"
    posts = adapter_for(make_source("discuz", [url])).parse(url, body[: len(body) // 2], {}).posts
    assert 0 < len(posts) < 10


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=2000))
def test_random_bytes_never_raise(kind, body):
    adapter = adapter_for(make_source(kind, [URL], body="p", listing="a"))
    assert isinstance(adapter.parse(URL, body, {}), Page)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    markup=st.text(alphabet=st.sampled_from(list("<>/='\" apdivhrefsc#:.\x1b\x00中")), max_size=400)
)
def test_random_markup_never_raises(kind, markup):
    adapter = adapter_for(make_source(kind, [URL], body="p", listing="a"))
    assert isinstance(adapter.parse(URL, markup.encode(), {}), Page)


def test_a_page_with_thousands_of_posts_is_capped():
    body = b"".join(b'<div id="postmessage_%d">x</div>' % i for i in range(1, 3001))
    url = "https://bbs.example.cn/viewthread.php?tid=1"
    posts = adapter_for(make_source("discuz", [url])).parse(url, body, {}).posts
    assert len(posts) == MAX_POSTS

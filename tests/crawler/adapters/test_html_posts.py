"""Several posts on one page (forum threads, paste lists): one listing per ``post`` match."""

from __future__ import annotations

from datetime import UTC, datetime

from faceleak.config.sources import SelectorsConfig, SourceConfig
from faceleak.crawler.adapters import adapter_for

SMF = "forums/ptforum_smf2_topic_38573.html"
SMF_URL = "http://forums.contribs.org/index.php/topic,38573.0.html?PHPSESSID=vqr5gjd0frvtco7j85kqh33o14"
SMF_SELECTORS = {
    "post": "#forumposts div.bordercolor",
    "permalink": "h5[id^=subject_] a",
    "title": "h5[id^=subject_]",
    "body": "div.inner",
    "seller": ".poster h4",
    "posted_at": ".keyinfo .smalltext",
}


def _source(**selectors: str) -> SourceConfig:
    return SourceConfig(
        name="board", kind="html", start_urls=["http://forums.contribs.org/"], schedule="1h",
        selectors=SelectorsConfig(**selectors),
    )


def test_every_post_of_a_real_smf_thread_is_its_own_listing(page):
    posts = adapter_for(_source(**SMF_SELECTORS)).parse(SMF_URL, page(SMF), {}).posts

    assert len(posts) == 15
    assert len({p.url for p in posts}) == 15
    first = posts[0]
    assert first.url == "http://forums.contribs.org/index.php/topic,38573.msg174916.html#msg174916"
    assert first.seller == "gregswallow"
    assert first.posted_at == datetime(2007, 9, 19, 13, 8, 14, tzinfo=UTC)
    assert first.title.startswith("FAQ: Should I trust/follow the advice")
    assert first.text.startswith("The developers have brought it to my attention")
    assert [p.seller for p in posts[1:3]] == ["imcintyre", "mmccarn"]


def test_post_urls_carry_no_session_id(page):
    posts = adapter_for(_source(**SMF_SELECTORS)).parse(SMF_URL, page(SMF), {}).posts

    assert not any("PHPSESSID" in p.url for p in posts)


def test_without_a_permalink_a_post_is_keyed_by_its_element_id():
    body = (
        b'<article class="message" id="js-post-101"><div class="bbWrapper">one</div></article>'
        b'<article class="message" id="js-post-102"><div class="bbWrapper">two</div></article>'
    )
    source = _source(post="article.message", body=".bbWrapper")

    posts = adapter_for(source).parse("https://forum.example/threads/x.9/", body, {}).posts

    assert [(p.url, p.text) for p in posts] == [
        ("https://forum.example/threads/x.9/#js-post-101", "one"),
        ("https://forum.example/threads/x.9/#js-post-102", "two"),
    ]


def test_a_paste_list_entry_without_any_id_is_keyed_by_its_place():
    body = b'<ul><li class="p"><pre>first</pre></li><li class="p"><pre>second</pre></li></ul>'

    posts = adapter_for(_source(post="li.p", body="pre")).parse("https://p.example/list", body, {})

    assert [p.url for p in posts.posts] == [
        "https://p.example/list#post-1",
        "https://p.example/list#post-2",
    ]


def test_a_post_match_without_a_body_is_no_listing():
    body = b'<div class="m"><p class="b">text</p></div><div class="m">an ad, no body</div>'

    posts = adapter_for(_source(post="div.m", body="p.b")).parse("https://f.example/t", body, {})

    assert len(posts.posts) == 1

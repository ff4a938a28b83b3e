"""Discourse JSON API: topic lists and topics, from the discourse_api gem's fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from faceleak.crawler.adapters import Page, adapter_for
from faceleak.crawler.adapters.discourse import latest_url

from .conftest import make_source

LATEST = "forums/discourse_api_latest.json"
TOPIC = "forums/discourse_api_topic.json"
FORUM = "https://try.discourse.org"
SLUG = "this-site-is-a-sandbox-it-is-reset-every-day"


def parse(body: bytes, url: str) -> Page:
    return adapter_for(make_source("discourse", [FORUM])).parse(url, body, {})


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("https://try.discourse.org", "https://try.discourse.org/latest.json"),
        ("https://try.discourse.org/", "https://try.discourse.org/latest.json"),
        ("https://x.org/forum/", "https://x.org/forum/latest.json"),
        ("https://x.org/latest", "https://x.org/latest.json"),
        ("https://x.org/c/market/5.json", "https://x.org/c/market/5.json"),
    ],
)
def test_forum_url_maps_to_its_json_topic_list(configured, expected):
    assert latest_url(configured) == expected


def test_start_urls_are_rewritten_to_the_api():
    source = make_source("discourse", ["https://try.discourse.org"])
    assert adapter_for(source).start_urls() == ["https://try.discourse.org/latest.json"]


def test_topic_list_follows_each_topic_json_and_the_next_list_page(page):
    result = parse(page(LATEST), FORUM + "/latest.json")
    assert result.posts == ()
    assert result.follow == (
        FORUM + "/t/test-topic-1/1.json",
        FORUM + "/t/test-topic-3/1.json",
        FORUM + "/latest.json?page=1",
    )


def test_topic_yields_every_post_with_its_permalink(page):
    posts = parse(page(TOPIC), FORUM + "/t/57.json").posts
    assert [p.url for p in posts] == [
        f"{FORUM}/t/{SLUG}/57",
        f"{FORUM}/t/{SLUG}/57/2",
        f"{FORUM}/t/{SLUG}/57/3",
        f"{FORUM}/t/{SLUG}/57/14",
    ]


def test_first_post_has_the_topic_title_username_and_utc_time(page):
    first = parse(page(TOPIC), FORUM + "/t/57.json").posts[0]
    assert first.title == "THIS SITE IS A SANDBOX -- it is reset every day"
    assert first.seller == "samsaffron"
    assert first.posted_at == datetime(2013, 2, 4, 20, 26, 26, 278000, tzinfo=UTC)
    assert first.text.startswith("Welcome!\nTry is a sandbox, a safe place to play")


def test_cooked_images_become_image_urls(page):
    post = parse(page(TOPIC), FORUM + "/t/57.json").posts[3]
    assert post.text == "What? So I have to post this every day?"
    assert post.image_urls == ("http://q101.com/wp-content/uploads/2012/02/GroundhogDay.gif",)


def test_posts_missing_from_a_long_topic_are_requested():
    topic = {
        "id": 9,
        "title": "t",
        "slug": "s",
        "post_stream": {
            "stream": [1, 2, 3],
            "posts": [{"id": 1, "post_number": 1, "topic_id": 9, "cooked": "<p>a</p>"}],
        },
    }
    result = parse(json.dumps(topic).encode(), "https://f.test/forum/t/s/9.json")
    assert result.follow == (
        "https://f.test/forum/t/9/posts.json?post_ids%5B%5D=2&post_ids%5B%5D=3",
    )
    assert result.posts[0].url == "https://f.test/forum/t/s/9"


def test_emoji_images_are_not_samples():
    topic = {
        "id": 9,
        "post_stream": {
            "posts": [
                {
                    "id": 1,
                    "post_number": 2,
                    "topic_id": 9,
                    "cooked": '<p>hi <img class="emoji" src="/images/emoji/smile.png">'
                    '<img src="/u/a.jpg"></p>',
                }
            ]
        },
    }
    (post,) = parse(json.dumps(topic).encode(), "https://f.test/t/9.json").posts
    assert post.image_urls == ("https://f.test/u/a.jpg",)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"topic_list": {"topics": [null, 3, {"id": "x"}, {"id": true}]}}',
        b'{"id": 3, "post_stream": {"posts": [null, {"post_number": "one"}, {"cooked": 5}]}}',
        b'{"post_stream": {"posts": "nope", "stream": 7}}',
        b"[" * 100000,
    ],
)
def test_malformed_json_gives_an_empty_page(body):
    result = parse(body, FORUM + "/t/1.json")
    assert result.posts == ()


def test_username_and_title_lose_terminal_control_characters():
    topic = {
        "id": 9,
        "title": "KYC \x1b[2Jpack",
        "post_stream": {
            "posts": [{"id": 1, "post_number": 1, "topic_id": 9, "username": "\x1b]0;x\x07bob"}]
        },
    }
    (post,) = parse(json.dumps(topic).encode(), "https://f.test/t/9.json").posts
    assert post.title == "KYC [2Jpack"
    assert post.seller == "]0;xbob"

"""Telegram t.me/s/<channel> previews, current and older layouts, from real saved pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from faceleak.crawler.adapters import Page, adapter_for

from .conftest import make_source

CLASH = "telegram/ukraine_aggregator_tme_s_ClashReport_raw.html"
TOPWAR = "telegram/any2feed_tme_s_topwar_official_full.html"
XCAREERS = "telegram/hashtag-subscriber_tme_s_xCareers_2020.html"
ALBUM = "telegram/any2feed_message_media_photo_and_video.html"


def parse(body: bytes, url: str = "https://t.me/s/ClashReport") -> Page:
    return adapter_for(make_source("telegram", [url])).parse(url, body, {})


def test_every_message_of_the_current_layout_is_a_post(page):
    posts = parse(page(CLASH)).posts
    assert len(posts) == 17
    assert posts[0].url == "https://t.me/ClashReport/93429"
    assert posts[-1].url == "https://t.me/ClashReport/93448"


def test_post_text_keeps_paragraphs_and_typography(page):
    post = parse(page(CLASH)).posts[0]
    assert post.text == (
        "U.S. Treasury Secretary Scott Bessent says Washington is entering the “endgame” against"
        " Iran, preparing sweeping sanctions to cut off Tehran’s remaining financial and"
        " commercial ties.\n\nHe warned that countries and companies continuing to support Iran"
        " could also face U.S. economic penalties, as the Trump administration seeks to further"
        " isolate and weaken the Iranian economy.\n\nSource: FT"
    )


def test_seller_is_the_channel_username_and_the_title_its_display_name(page):
    posts = parse(page(CLASH)).posts
    assert {p.seller for p in posts} == {"ClashReport"}
    assert {p.seller_display for p in posts} == {"Clash Report"}


def test_a_renamed_channel_is_the_same_seller():
    def post(title: str):
        body = (
            '<div class="tgme_widget_message" data-post="kyc_shop/7">'
            f'<a class="tgme_widget_message_owner_name" href="https://t.me/kyc_shop">{title}</a>'
            "</div>"
        ).encode()
        return parse(body, "https://t.me/s/kyc_shop").posts[0]

    before, after = post("KYC Shop"), post("KYC Shop 2.0")
    assert before.seller == after.seller == "kyc_shop"
    assert (before.seller_display, after.seller_display) == ("KYC Shop", "KYC Shop 2.0")


def test_forwarded_from_is_the_source_channels_username(page):
    posts = parse(page(TOPWAR), "https://t.me/s/topwar_official").posts
    forwarded = [p.forwarded_from for p in posts if p.forwarded_from]
    assert "yaremshooter" in forwarded and "Belarus_VPO" in forwarded
    assert all(p.seller == "topwar_official" for p in posts)


def test_a_forward_from_a_hidden_account_keeps_the_name_shown():
    body = (
        b'<div class="tgme_widget_message" data-post="shop/7">'
        b'<div class="tgme_widget_message_forwarded_from">Forwarded from '
        b'<span class="tgme_widget_message_forwarded_from_name">Ivan P.</span></div></div>'
    )
    assert parse(body, "https://t.me/s/shop").posts[0].forwarded_from == "Ivan P."


def test_posted_at_is_aware_utc_from_the_time_element(page):
    post = parse(page(CLASH)).posts[0]
    assert post.posted_at == datetime(2026, 8, 24, 3, 46, 52, tzinfo=UTC)
    assert post.posted_at.utcoffset().total_seconds() == 0


def test_photo_background_image_becomes_the_image_url(page):
    post = parse(page(CLASH)).posts[0]
    assert post.image_urls == (
        "https://cdn4.telesco.pe/file/drHev-1OLxvVCx1d2o_Yk7RNWdco38iVy3gg-Z4hMFY5CIYp2FmgRLP92p8"
        "9PGghjH-kdKPxLqg2FRDfk5mIZRoZmE-5SbM2naaF7h98Bx7O4a9lxYiUFn54ibjgCLi0OyBHuB_tjy9laFqP6v"
        "q5tjYhNcgtJFUVHwl1TFc3XJdOD9J0Uv3bmXzm0S6A6sTtR3Jhq62uLMNoq-508FlxAbfrw6Nbf70njyO-CgU3da"
        "p6E62wUj0uO5lCcLtsv0FkzQWVSf0ynh1widVnXsKHW1LzHhYg2TgG72lzRDvOV6L-i5Zio7aNvlhR6RS5SHC01O"
        "dGlc78owmkyCVCvMu-cQ.jpg",
    )


def test_only_photo_posts_carry_images_and_emoji_are_not_images(page):
    with_images = [p.url for p in parse(page(CLASH)).posts if p.image_urls]
    assert with_images == [
        "https://t.me/ClashReport/93429",
        "https://t.me/ClashReport/93438",
        "https://t.me/ClashReport/93439",
    ]


def test_reply_quote_is_not_part_of_the_replying_post(page):
    post = next(p for p in parse(page(CLASH)).posts if p.url.endswith("/93433"))
    assert "Andy Burnham" not in post.text
    assert post.text


def test_grouped_album_yields_every_photo(page):
    (post,) = parse(page(ALBUM), "https://t.me/s/anna_news").posts
    assert post.url == "https://t.me/anna_news/46908"
    assert len(post.image_urls) == 2
    assert all(u.startswith("https://cdn4.telegram-cdn.org/file/") for u in post.image_urls)
    assert post.text.startswith("Ночью над Белгородом сбили 3 беспилотника\n\nОни упали")


def test_older_messages_are_followed_through_link_rel_prev(page):
    assert parse(page(CLASH)).follow == ("https://t.me/s/ClashReport?before=93429",)


def test_reindented_page_still_parses_all_twelve_posts(page):
    result = parse(page(TOPWAR), "https://t.me/s/topwar_official")
    assert len(result.posts) == 12
    assert result.posts[0].seller_display == "Военное обозрение"
    assert result.posts[1].text == (
        "Власти Петербурга подтвердили, что аэропорт Пулково временно не принимает самолеты."
    )


def test_older_widget_layout_is_parsed(page):
    result = parse(page(XCAREERS), "https://t.me/s/xCareers")
    assert len(result.posts) == 19  # 20 messages, one of them the "pinned" service message
    first = result.posts[0]
    assert first.url == "https://t.me/xCareers/1491"
    assert (first.seller, first.seller_display) == ("xCareers", "xCareers: Digital Jobs")
    assert first.posted_at == datetime(2020, 4, 30, 17, 0, 4, tzinfo=UTC)
    assert first.text.startswith("РАЗРАБОТЧИК IOS 🔥\n\nФормат: #удаленка")


def test_service_message_is_not_a_post(page):
    urls = [p.url for p in parse(page(XCAREERS), "https://t.me/s/xCareers").posts]
    assert "https://t.me/xCareers/1502" not in urls  # "xCareers: Digital Jobs pinned"
    assert "https://t.me/xCareers/1503" in urls


def test_repeated_message_is_one_post():
    message = b'<div class="tgme_widget_message" data-post="shop/7">x</div>'
    assert len(parse(message * 3, "https://t.me/s/shop").posts) == 1


def test_permalinks_stay_on_the_host_that_served_the_page(page):
    result = parse(page(XCAREERS), "http://127.0.0.1:8123/s/xCareers")
    assert result.posts[0].url == "http://127.0.0.1:8123/xCareers/1491"
    assert result.follow == ("http://127.0.0.1:8123/s/xCareers?before=1491",)


def test_data_before_is_followed_when_there_is_no_prev_link():
    body = (
        b'<div class="tgme_widget_message" data-post="shop/7">'
        b'<div class="tgme_widget_message_text">hi</div></div>'
        b'<div class="tme_messages_more" data-before="7"></div>'
    )
    result = parse(body, "https://t.me/s/shop?q=faces")
    assert result.follow == ("https://t.me/s/shop?q=faces&before=7",)


def test_a_post_without_an_owner_name_still_has_its_seller():
    body = b'<div class="tgme_widget_message" data-post="shop/7"></div>'
    assert parse(body, "https://t.me/s/shop").posts[0].seller == "shop"


@pytest.mark.parametrize(
    "data_post", ["", "shop", "shop/abc", "../x/1", "a/1/2", "x" * 5000 + "/1"]
)
def test_message_with_a_malformed_data_post_is_skipped(data_post):
    body = f'<div class="tgme_widget_message" data-post="{data_post}">x</div>'.encode()
    assert parse(body).posts == ()

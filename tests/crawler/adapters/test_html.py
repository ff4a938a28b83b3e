"""Selector-driven HTML pages: the Cypher market listing and a pastebin paste page."""

from __future__ import annotations

from datetime import UTC, datetime

from faceleak.crawler.adapters import Page, adapter_for

from .conftest import make_source

CYPHER = "paste_darknet/darknet_cypher_market_drugs_category_2020.html"
PASTE = "paste_darknet/pastebin_guest_paste_page_2022.html"
ONION = "http://xtzqxvmi6p7hul6i.onion/"
CATEGORY = ONION + "category/f4cc5410-3cf8-11ea-88bb-2f78883d918a"


def market(body: bytes, url: str = CATEGORY, **selectors: str) -> Page:
    selectors = {
        "listing": "div.card-body a[href*='/product/']",
        "next_page": "a.page-link[rel=next]",
        "title": "h1",
        "body": ".product-description",
        **selectors,
    }
    return adapter_for(make_source("html", [url], **selectors)).parse(url, body, {})


def paste(body: bytes, url: str = "https://pastebin.com/abcd1234") -> Page:
    source = make_source(
        "html",
        [url],
        title=".info-top h1",
        body=".source",
        seller=".username",
        posted_at=".date span",
        images=".highlighted-code img",
    )
    return adapter_for(source).parse(url, body, {})


def test_listing_page_follows_every_offer_and_the_next_page(page):
    follow = market(page(CYPHER)).follow
    assert len(follow) == 25
    assert follow[0] == ONION + "product/3b4aedd0-7e2f-11ea-9f18-658b67f01eb3"
    assert follow[-1] == CATEGORY + "?page=2"


def test_listing_page_without_a_body_match_has_no_posts(page):
    assert market(page(CYPHER)).posts == ()


def test_listing_selector_on_a_container_follows_the_links_inside(page):
    follow = market(page(CYPHER), listing="div.card-body", next_page="").follow
    assert ONION + "vendor/7bda2520-7682-11ea-bf57-8b851a6ff2f6" in follow


def test_paste_page_is_one_post_with_title_text_seller_and_date(page):
    (post,) = paste(page(PASTE)).posts
    assert post.url == "https://pastebin.com/abcd1234"
    assert post.title == "Untitled"
    assert post.text == "dadsadadas"
    assert post.seller == "a guest"
    assert post.posted_at == datetime(2022, 10, 8, 12, 24, 35, tzinfo=UTC)


def test_post_url_has_no_fragment(page):
    (post,) = paste(page(PASTE), "https://pastebin.com/abcd1234#L2").posts
    assert post.url == "https://pastebin.com/abcd1234"


def test_offer_page_reads_every_configured_field():
    body = (
        b"<html><head><base href='https://cdn.example.net/m/'></head><body>"
        b"<h1>Verified KYC pack</h1><div class=seller><a>vendor_x</a></div>"
        b"<time datetime='2024-05-01T10:00:00+02:00'>1 May</time>"
        b"<div class=desc><p>50 selfies</p><p>price 30$</p></div>"
        b"<div class=gallery><img src='blank.gif' data-src='a.jpg'><img src='b.png'>"
        b"<img src='javascript:alert(1)'></div></body></html>"
    )
    source = make_source(
        "html", title="h1", body=".desc", seller=".seller", posted_at="time", images=".gallery img"
    )
    (post,) = adapter_for(source).parse("http://market.test/offer/1", body, {}).posts
    assert post.title == "Verified KYC pack"
    assert post.text == "50 selfies\nprice 30$"
    assert post.seller == "vendor_x"
    assert post.posted_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert post.image_urls == ("https://cdn.example.net/m/a.jpg", "https://cdn.example.net/m/b.png")


def test_title_falls_back_to_the_page_title():
    source = make_source("html", body="#b")
    body = b"<title>Offer 7</title><div id=b>text</div>"
    assert adapter_for(source).parse("http://m.test/7", body, {}).posts[0].title == "Offer 7"


def test_invalid_css_selector_matches_nothing_instead_of_failing():
    source = make_source("html", listing="a[[[", body="div:nth-child(")
    assert adapter_for(source).parse("http://m.test/", b"<a href='/x'>x</a>", {}) == Page()


def test_source_without_selectors_yields_an_empty_page():
    source = make_source("html")
    source.selectors = None
    assert adapter_for(source).parse("http://m.test/", b"<p>x</p>", {}) == Page()

"""One URL per listing: tracking and session parameters dropped, ``keep_query`` honoured."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from faceleak.config.sources import SelectorsConfig, SourceConfig
from faceleak.crawler.adapters import adapter_for
from faceleak.crawler.canonical import canonical_url


@pytest.mark.parametrize(
    "url",
    [
        "https://m.example/item/7?utm_source=tg&utm_medium=post",
        "https://m.example/item/7?fbclid=IwAR0x&gclid=Cj0K",
        "https://m.example/item/7?PHPSESSID=9f8e7d6c5b4a",
        "https://m.example/item/7?sid=0123456789abcdef0123456789abcdef",
        "https://m.example/item/7;jsessionid=A1B2C3D4E5",
        "https://m.example/item/7#gallery",
    ],
)
def test_tracking_session_and_fragment_are_dropped(url):
    assert canonical_url(url) == "https://m.example/item/7"


def test_meaningful_parameters_stay_in_their_order():
    url = "https://m.example/viewtopic.php?t=28017&utm_campaign=x&start=20&sid=ab12"

    assert canonical_url(url) == "https://m.example/viewtopic.php?t=28017&start=20"


def test_gbk_percent_encoding_is_kept_byte_for_byte():
    url = "https://bbs.example/space.php?username=%B7%CF%D0%F4&sid=Zx9"

    assert canonical_url(url) == "https://bbs.example/space.php?username=%B7%CF%D0%F4"


def test_keep_query_keeps_only_the_named_parameters():
    url = "https://m.example/offer?id=42&sid=real-item-id&visit=8d1f&lang=en"

    assert canonical_url(url, ["id", "sid"]) == "https://m.example/offer?id=42&sid=real-item-id"


def _shop(**fields) -> SourceConfig:
    return SourceConfig(
        name="shop", kind="html", start_urls=["https://m.example/"], schedule="1h",
        selectors=SelectorsConfig(listing="a.item", body=".description"), **fields,
    )


PAGE = (
    b'<a class="item" href="/item/7?utm_source=feed&PHPSESSID=abc">x</a>'
    b'<div class="description">Face photo pack</div>'
)


def test_an_html_listing_is_keyed_by_its_canonical_url_whatever_the_session():
    adapter = adapter_for(_shop())
    first = adapter.parse("https://m.example/item/7?PHPSESSID=aaa&utm_source=x", PAGE, {})
    second = adapter.parse("https://m.example/item/7?PHPSESSID=bbb", PAGE, {})

    assert first.posts[0].url == second.posts[0].url == "https://m.example/item/7"
    assert first.follow == ("https://m.example/item/7",)


def test_an_html_source_with_keep_query_keeps_its_own_parameters():
    adapter = adapter_for(_shop(keep_query=["id"]))

    page = adapter.parse("https://m.example/offer?id=3&ref=home", PAGE, {})

    assert page.posts[0].url == "https://m.example/offer?id=3"


def test_an_adapter_stand_in_without_keep_query_still_canonicalises():
    source = SimpleNamespace(
        name="s", kind="html", start_urls=[], selectors=_shop().selectors, max_pages=1
    )
    page = adapter_for(source).parse("https://m.example/i?gclid=1", PAGE, {})

    assert page.posts[0].url == "https://m.example/i"

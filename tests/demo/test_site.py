"""The demo site's pages: faithful markup, pagination that reaches every post, revisions, config."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from parsel import Selector

from faceleak.demo import EXPECTED, EXPECTED_REVISION_2, DemoServer, demo_config_yaml
from faceleak.demo.content import BBS, SHOP, TG, DemoPost, posts
from faceleak.demo.paths import (
    bbs_forum_page,
    bbs_thread,
    route_key,
    shop_index,
    shop_item,
    tg_channel_page,
    tg_permalink,
)
from faceleak.demo.site import Resource, build_site

BASE = "http://127.0.0.1:8123"


@pytest.fixture(scope="module")
def site() -> dict:
    return build_site(BASE)


def page(site: dict, url: str) -> Resource:
    parts = urlsplit(url)
    return site[route_key(parts.path + (f"?{parts.query}" if parts.query else ""))]


def html(site: dict, url: str) -> Selector:
    body = page(site, url).body
    return Selector(text=body.decode("gb18030" if b"charset=gbk" in body[:600] else "utf-8"))


def test_building_twice_gives_identical_bytes() -> None:
    first = build_site(BASE)
    second = build_site(BASE)
    assert first.keys() == second.keys()
    assert all(first[k] == second[k] for k in first)


def test_pages_carry_the_base_url_they_were_built_for(site: dict) -> None:
    other = build_site("http://127.0.0.1:9999")
    key = route_key(tg_channel_page())
    assert BASE.encode() in site[key].body
    assert b"127.0.0.1:9999" in other[key].body and BASE.encode() not in other[key].body


def test_telegram_pages_follow_the_real_tme_markup(site: dict) -> None:
    sel = html(site, tg_channel_page())
    messages = sel.css("div.tgme_widget_message_wrap > div.tgme_widget_message[data-post]")
    assert len(messages) == 8
    first = messages[0]
    assert first.css("a.tgme_widget_message_owner_name span::text").get() == "料库 | KYC Bazaar"
    assert first.css("time::attr(datetime)").get().endswith("+00:00")
    assert first.css(".tgme_widget_message_text")
    styles = sel.css("a.tgme_widget_message_photo_wrap::attr(style)").getall()
    prefix = f"background-image:url('{BASE}/cdn4/file/"
    assert styles and all(prefix in s for s in styles)


def test_telegram_older_page_is_linked_and_holds_the_rest(site: dict) -> None:
    newest = html(site, tg_channel_page())
    prev = newest.css('link[rel="prev"]::attr(href)').get()
    more = newest.css("a.tme_messages_more::attr(data-before)").get()
    assert prev == tg_channel_page(before=int(more))
    older = html(site, urljoin(BASE, prev))
    seen = newest.css("[data-post]::attr(data-post)").getall() + older.css(
        "[data-post]::attr(data-post)").getall()
    assert sorted(seen) == sorted(f"kyc_bazaar/{p.number}" for p in posts(TG))
    assert not older.css('link[rel="prev"]')


def test_telegram_mentions_are_linked_and_text_keeps_line_breaks(site: dict) -> None:
    body = page(site, tg_permalink(1201)).body.decode()
    assert '<a href="https://t.me/liaoku_888">@liaoku_888</a>' in body
    assert "3000元打包<br/>高清正脸" in body


def test_discuz_list_pages_reach_every_thread_through_nxt(site: dict) -> None:
    url, tids = BASE + bbs_forum_page(), []
    while url:
        sel = html(site, url)
        for row in sel.css("tbody[id^=normalthread_]"):
            tid = int(row.attrib["id"].removeprefix("normalthread_"))
            link = row.css("a.s.xst::attr(href)").get()
            assert f"mod=viewthread&tid={tid}" in link
            tids.append(tid)
        url = sel.css("a.nxt::attr(href)").get()
    assert sorted(tids) == sorted(p.number for p in posts(BBS))


def test_discuz_thread_has_subject_posts_dates_and_lazy_attachments(site: dict) -> None:
    sel = html(site, BASE + bbs_thread(8801))
    assert sel.css("#thread_subject::text").get() == "【出】人脸数据 大头照 5000张 10元打包"
    bodies = sel.css("td.t_f[id^=postmessage_]")
    assert [b.attrib["id"] for b in bodies] == ["postmessage_880101", "postmessage_880102",
                                                "postmessage_880103"]
    assert sel.css("#authorposton880101::text").get() == "发表于 2026-11-12 21:16"
    imgs = bodies[0].css("img[id^=aimg_]")
    assert len(imgs) == 3
    for img in imgs:
        assert img.attrib["src"] == "static/image/common/none.gif"
        assert img.attrib["file"] == img.attrib["zoomfile"]
        assert img.attrib["file"].startswith(BASE + "/bbs/data/attachment/forum/")


def test_shop_index_pages_reach_every_item_through_a_next(site: dict) -> None:
    url, items = BASE + shop_index(), []
    while url:
        sel = html(site, url)
        items += sel.css("a.item-link::attr(href)").getall()
        url = sel.css("a.next::attr(href)").get()
    assert sorted(items) == sorted(BASE + shop_item(p.number) for p in posts(SHOP))


def test_shop_item_page_matches_the_configured_selectors(site: dict) -> None:
    sel = html(site, BASE + shop_item(502))
    assert sel.css("h1::text").get().startswith("KYC set")
    assert "12 USDT per set" in sel.css(".description::text").get()
    assert sel.css(".seller a::text").get() == "kyc_master"
    assert sel.css("time::attr(datetime)").get() == "2026-11-11T08:30:00+00:00"
    img = sel.css(".gallery img")
    assert img.attrib["src"] == "/shop/static/img/placeholder.png"
    assert img.attrib["data-src"].startswith(BASE + "/shop/uploads/")


def test_expected_covers_offers_and_every_kind_of_hard_negative() -> None:
    kinds = {p.kind for p in EXPECTED.posts}
    assert {"offer", "news", "buying", "device", "tutorial", "job", "other_goods"} <= kinds
    offers = EXPECTED.offers()
    assert len(offers) >= 12
    assert {p.source for p in offers} == {"demo-telegram", "demo-bbs", "demo-shop"}
    assert all(p.price is not None for p in offers)
    assert {p.price.per for p in offers} == {"bundle", "item"}


def _shown_text(site: dict, post: DemoPost) -> str:
    """The post's text as the page shows it, markup and line breaks removed."""
    if post.source == TG:
        sel, css = html(site, BASE + tg_permalink(post.number)), ".tgme_widget_message_text"
    elif post.source == BBS:
        sel, css = html(site, BASE + bbs_thread(post.number)), f"#postmessage_{post.pid}"
    else:
        sel, css = html(site, BASE + shop_item(post.number)), ".description"
    # Discuz! puts an attachment's tooltip (name, size, upload time) inside the post body
    texts = sel.css(css).xpath(".//text()[not(ancestor::ignore_js_op)]").getall()
    return "".join(texts).replace("\r", "").replace("\n", "")


def test_every_post_text_is_shown_on_its_page(site: dict) -> None:
    for post in posts(TG) + posts(BBS) + posts(SHOP):
        assert _shown_text(site, post).strip() == post.text.replace("\n", ""), post.number


def test_revision_two_changes_one_price_and_adds_one_post() -> None:
    assert EXPECTED_REVISION_2.changed_offers == ("/kyc_bazaar/1201",)
    assert EXPECTED_REVISION_2.new_posts == ("/kyc_bazaar/1213",)
    before = {p.path: p for p in EXPECTED.posts}
    after = {p.path: p for p in EXPECTED_REVISION_2.posts}
    assert before["/kyc_bazaar/1201"].price.amount == 3000
    assert after["/kyc_bazaar/1201"].price.amount == 2500
    assert set(after) - set(before) == {"/kyc_bazaar/1213"}


def test_revision_two_is_served_over_http() -> None:
    with DemoServer(revision=2) as server:
        site = build_site(server.base_url, revision=2)
        body = site[route_key(tg_channel_page())].body.decode()
        assert 'data-post="kyc_bazaar/1213"' in body
        assert "2500元打包" in site[route_key(tg_permalink(1201))].body.decode()
        server.set_revision(1)
        assert server.revision == 1


def test_demo_config_follows_the_design_format() -> None:
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load(demo_config_yaml(BASE + "/"))
    kinds = {s["kind"]: s for s in config["sources"]}
    assert set(kinds) == {"telegram", "discuz", "html"}
    for source in config["sources"]:
        assert source["allow_private"] is True and source["obey_robots"] is True
        assert source["download_delay"] == 0 and source["schedule"] == "15m"
        assert all(u.startswith(BASE + "/") and "//" not in u[8:] for u in source["start_urls"])
    assert kinds["html"]["selectors"]["listing"] == "a.item-link"
    assert config["currency_rates_usd"] == {"CNY": 0.1417, "RUB": 0.011, "USDT": 1.0, "USD": 1.0}
    events = {r["event"] for r in config["alerts"]["rules"]}
    assert events == {"new_offer", "offer_changed", "new_sample", "sample_reuse",
                      "watchlist_match", "source_failing"}
    assert all(r["channels"] == ["term"] for r in config["alerts"]["rules"])


@pytest.mark.parametrize("bad", ["127.0.0.1:80", "ftp://x", "http://a b", 'http://x"y'])
def test_demo_config_rejects_a_malformed_base_url(bad: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        demo_config_yaml(bad)

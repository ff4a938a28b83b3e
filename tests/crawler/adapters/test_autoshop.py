"""The ``autoshop`` kind on dujiaoka (独角数卡) storefronts rendered from the shop's own
templates (fixtures/adapters/autoshop, see fixtures/SOURCES.md): home pages lead to goods
pages, and each goods page is one listing with its name, price and stock."""

from __future__ import annotations

import pytest

from faceleak.config.sources import SourceConfig
from faceleak.crawler.adapters import adapter_for
from faceleak.crawler.extract import extract

SHOP = "http://faka.example"
HTML = {"content-type": "text/html; charset=UTF-8"}


def _source(**selectors: str) -> SourceConfig:
    return SourceConfig(name="faka", kind="autoshop", start_urls=[f"{SHOP}/"], schedule="1h",
                        selectors=selectors or None)


def _parse(page, name: str, path: str = "/", **selectors: str):
    return adapter_for(_source(**selectors)).parse(
        f"{SHOP}{path}", page(f"autoshop/dujiaoka_{name}.html"), HTML
    )


def _goods(page, name: str, path: str):
    (post,) = _parse(page, name, path).posts
    return post


def test_a_home_page_links_each_goods_page_once(page):
    home = _parse(page, "unicorn_home")

    assert home.follow == tuple(f"{SHOP}/buy/{n}" for n in range(1, 5))
    assert [t.url for t in home.threads] == list(home.follow)


def test_a_home_page_is_no_listing(page):
    assert _parse(page, "unicorn_home").posts == ()


def test_a_goods_card_showing_price_and_stock_is_the_goods_marker(page):
    marker = _parse(page, "unicorn_home").threads[0].marker

    assert marker is not None
    assert "30.00" in marker and "库存：2400" in marker


def test_a_card_without_stock_leaves_refetching_to_revisit(page):
    assert {t.marker for t in _parse(page, "hyper_home").threads} == {None}


def test_sold_out_goods_without_a_link_are_not_followed(page):
    assert _parse(page, "hyper_home").follow == tuple(f"{SHOP}/buy/{n}" for n in range(1, 4))


def test_a_goods_page_is_one_listing_titled_with_the_goods_name(page):
    post = _goods(page, "unicorn_buy_1", "/buy/1")

    assert post.url == f"{SHOP}/buy/1"
    assert post.title == "实名认证人脸照片 正反面+手持 四件套"


def test_the_text_states_name_price_stock_and_description(page):
    post = _goods(page, "unicorn_buy_1", "/buy/1")

    assert post.text.splitlines()[:4] == [
        "实名认证人脸照片 正反面+手持 四件套",
        "价格：￥ 30.00",
        "库存：2400",
        "高清身份证正反面+手持+人脸视频，一人一组，全部真人实拍。",
    ]


def test_hyper_gives_the_sale_price_not_the_struck_out_list_price(page):
    post = _goods(page, "hyper_buy_1", "/buy/1")

    assert post.text.splitlines()[1:3] == ["价格：¥ 30.00", "库存：2400"]


def test_the_description_heading_of_a_theme_is_not_text(page):
    assert "商品详情" not in _goods(page, "hyper_buy_1", "/buy/1").text


def test_the_seller_is_the_shop_host_and_its_name_is_shown(page):
    post = _goods(page, "unicorn_buy_2", "/buy/2")

    assert (post.seller, post.seller_display) == ("faka.example", "速达发卡")


def test_the_goods_picture_is_a_sample(page):
    assert _goods(page, "unicorn_buy_1", "/buy/1").image_urls == (
        f"{SHOP}/uploads/images/a3f1c2.jpg",
    )


def test_the_shop_default_picture_is_no_sample(page):
    assert _goods(page, "unicorn_buy_4", "/buy/4").image_urls == ()


def test_extraction_reads_price_and_count_of_face_data_goods(page):
    post = _goods(page, "unicorn_buy_1", "/buy/1")

    found = extract(post.text, post.title)

    assert found.is_offer
    assert (found.price.amount, found.price.currency) == (30.0, "CNY")
    assert found.photo_count == 2400


def test_game_cards_of_the_same_shop_are_no_offer(page):
    post = _goods(page, "unicorn_buy_3", "/buy/3")

    assert not extract(post.text, post.title).is_offer


def _goods_page(fields: str) -> bytes:
    return (
        '<html><body><div class="navbar-brand">shop</div><h1>实名人脸 四件套</h1>'
        f'{fields}<form action="/order" method="post"><input name="quantity"></form>'
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("fields", "price", "stock"),
    [
        ("<p>售价：25元</p><p>库存: 123</p>", "25元", "123"),
        ('<span class="goods-price">￥12.50</span><span>剩余 8 件</span>', "￥12.50", "8"),
        ("<div>Price: $5</div><div>In stock: 1,200</div>", "$5", "1200"),
        ("<b>¥ 2,800</b><i>库存(0)</i>", "¥ 2,800", "0"),
    ],
)
def test_price_and_stock_come_through_in_a_shops_own_format(fields, price, stock):
    post = adapter_for(_source()).parse(f"{SHOP}/goods/7", _goods_page(fields), HTML).posts[0]

    assert post.text.splitlines()[1:3] == [f"价格：{price}", f"库存：{stock}"]


def test_a_page_without_an_order_form_is_no_listing():
    body = b"<html><body><h1>about us</h1><p>price: 5 USDT</p><p>stock: 3</p></body></html>"

    assert adapter_for(_source()).parse(f"{SHOP}/about", body, HTML).posts == ()


def test_configured_selectors_find_goods_links_and_the_description():
    body = (
        b'<html><body><ul class="list"><li><a href="/p?id=9">kyc</a></li></ul>'
        b'<h1>x</h1><div class="intro">selfie sets</div><p>price: 5 USDT</p>'
        b'<form id="buy-form"></form></body></html>'
    )

    page = adapter_for(_source(listing="ul.list", body=".intro")).parse(f"{SHOP}/p?id=8",
                                                                        body, HTML)

    assert page.follow == (f"{SHOP}/p?id=9",)
    assert page.posts[0].text.splitlines()[-1] == "selfie sets"


def test_category_pages_are_followed_as_index_pages_not_as_goods():
    body = b'<p><a href="/category/3">cards</a> <a href="/?cid=4">kyc</a> <a href="/faq">?</a></p>'

    page = adapter_for(_source()).parse(f"{SHOP}/", body, HTML)

    assert page.follow == (f"{SHOP}/category/3", f"{SHOP}/?cid=4")
    assert page.threads == ()


def test_links_to_another_host_are_not_goods_of_this_shop():
    body = b'<html><body><a href="http://pay.example/buy/1">pay</a></body></html>'

    assert adapter_for(_source()).parse(f"{SHOP}/", body, HTML).follow == ()

"""A local auto-shop crawled by `faceleak crawl` as a user runs it: goods pages become listings,
and the face-data goods among them offers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from .conftest import Faceleak, make_faceleak
from .local_sites import Shop, SiteServer

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("autoshop-crawl")]


def _config(start_url: str) -> str:
    return (
        "sources:\n  - name: faka\n    kind: autoshop\n"
        f'    start_urls: ["{start_url}"]\n    schedule: 1h\n'
        "    allow_private: true\n    obey_robots: false\n    download_delay: 0\n"
    )


@dataclass
class ShopPass:
    """The dujiaoka shop crawled once, and the listings the CLI then shows."""

    fl: Faceleak
    shop: Shop
    base: str
    listings: list[dict]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShopPass]:
    folder = tmp_path_factory.mktemp("autoshop")
    shop = Shop()
    with SiteServer(shop) as server:
        fl = make_faceleak(folder, f"sqlite:///{folder / 'faceleak.db'}", _config(server.base))
        result = fl.run("crawl")
        assert result.returncode == 0, result.stderr[-2000:]
        yield ShopPass(fl, shop, server.base, fl.json("listings"))


def test_every_goods_page_of_the_shop_is_a_listing(crawled):
    urls = sorted(x["url"] for x in crawled.listings)

    assert urls == [f"{crawled.base}/buy/{n}" for n in range(1, 5)]


def test_the_face_data_goods_are_offers_and_the_game_cards_are_not(crawled):
    offers = sorted(x["url"] for x in crawled.listings if x["is_offer"])

    assert offers == [f"{crawled.base}/buy/1", f"{crawled.base}/buy/2"]


def test_an_offer_carries_the_goods_name_price_and_stock(crawled):
    kyc = next(x for x in crawled.listings if x["url"] == f"{crawled.base}/buy/1")

    assert kyc["title"] == "实名认证人脸照片 正反面+手持 四件套"
    assert (kyc["price"]["amount"], kyc["price"]["currency"]) == (30.0, "CNY")
    assert kyc["photo_count"] == 2400
    assert "kyc_set" in kyc["data_types"]


def test_the_seller_is_the_shop(crawled):
    sellers = {(x["seller"], x["seller_display"]) for x in crawled.listings}

    assert sellers == {(crawled.base.removeprefix("http://"), "速达发卡")}


def test_a_second_pass_over_an_unchanged_shop_fetches_only_its_home_page(crawled):
    crawled.shop.requests.clear()

    again = crawled.fl.run("crawl")

    assert again.returncode == 0, again.stderr[-2000:]
    assert list(crawled.shop.requests) == ["/"]

"""price: amount, currency, per bundle or item, and its USD value when a rate is configured."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faceleak.crawler.extract import Price, extract
from faceleak.crawler.extract.normalize import normalize
from faceleak.crawler.extract.price import find_prices


def first(text: str) -> Price | None:
    found = find_prices(normalize(text))
    return found[0].price if found else None




@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("3000元", 3000, "CNY"), ("¥3000", 3000, "CNY"), ("￥3000", 3000, "CNY"),
    ("RMB 900", 900, "CNY"), ("3,000RMB", 3000, "CNY"), ("十块钱", 10, "CNY"),
    ("$500", 500, "USD"), ("100$", 100, "USD"), ("300刀", 300, "USD"), ("900 USD", 900, "USD"),
    ("15000₽", 15000, "RUB"), ("300р", 300, "RUB"), ("5000 руб.", 5000, "RUB"),
    ("1500 рублей", 1500, "RUB"), ("2000U", 2000, "USDT"), ("300 usdt", 300, "USDT"),
    ("50泰达币", 50, "USDT"), ("0.05 BTC", 0.05, "BTC"), ("0,01 BTC", 0.01, "BTC"),
    ("0.3 ETH", 0.3, "ETH"), ("€12", 12, "EUR"), ("12 EUR", 12, "EUR"), ("HK$80", 80, "HKD"),
    ("50港币", 50, "HKD"), ("3 бакса", 3, "USD"), ("150 зелёных", 150, "USD"),
    ("₹40,000", 40000, "INR"), ("800 rupees", 800, "INR"), ("500 грн", 500, "UAH"),
    ("💲7", 7, "USD"),
])
def test_currency_marks(text, amount, currency):
    got = first(text)
    assert got is not None and (got.amount, got.currency) == (pytest.approx(amount), currency)


@pytest.mark.parametrize(("text", "amount"), [
    ("五毛", 0.5), ("5毛钱", 0.5), ("一毛", 0.1), ("一块", 1), ("三块五", 3.5), ("一块五", 1.5),
    ("两块", 2), ("1.5万元", 15000), ("$2k", 2000), ("1k U", 1000), ("10к руб", 10000),
])
def test_colloquial_and_shorthand_amounts(text, amount):
    assert first(text).amount == pytest.approx(amount)


@pytest.mark.parametrize("text", ["6 косых", "6 косарей"])
def test_russian_slang_for_a_thousand_roubles(text):
    got = first(text)
    assert got is not None and (got.amount, got.currency) == (6000, "RUB")


def test_a_bare_number_after_dabao_is_the_bundle_price():
    got = first("人脸图 八千张，打包 六百")
    assert got == Price(600, "CNY", "bundle")


@pytest.mark.parametrize("text", [
    "五毛一张", "每张0.5元", "0.5元/张", "一张一块", "100一套", "一套八十", "单价0.3",
    "一个视频15元", "$8 each", "$3/pc", "€12 per set", "10$ a piece", "$25 ea",
    "150₽ за шт", "300р за комплект", "по 700р", "200р/шт", "10 USDT за фото", "5$ шт",
])
def test_per_item_markers(text):
    assert first(text).per == "item"


@pytest.mark.parametrize(
    "text", ["3000元打包", "$500 for the lot", "5000 руб за всё", "30元/100张"]
)
def test_bundle_prices(text):
    assert first(text).per == "bundle"


def test_bare_number_is_a_price_only_after_a_price_word_in_the_post_currency():
    assert first("人脸照片 价格 1万") == Price(10000.0, "CNY", "bundle")
    assert first("база лиц, цена 15000") == Price(15000.0, "RUB", "bundle")
    assert first("price: 900") == Price(900.0, "USD", "bundle")
    assert first("人脸照片 2万张") is None


def test_first_stated_price_wins():
    got = extract("出四件套 120元一套，另有大头照 五毛一张")
    assert got.price == Price(120.0, "CNY", "item")


def test_usd_is_filled_only_when_a_rate_is_configured():
    text = "出人脸照片 2万张 3000元 打包"
    assert extract(text).price.usd is None
    assert extract(text, rates_usd={"CNY": 0.14}).price.usd == pytest.approx(420.0)
    assert extract(text, rates_usd={"RUB": 0.011}).price.usd is None


_FORMATS = {
    "CNY": ["{a}元", "¥{a}", "{a}块", "RMB {a}", "{a} rmb"],
    "USD": ["${a}", "{a}$", "{a} USD", "US${a}", "{a}刀"],
    "RUB": ["{a}₽", "{a} руб", "{a}р", "{a} рублей"],
    "USDT": ["{a}U", "{a} USDT", "{a} usdt"],
    "BTC": ["{a} BTC", "{a}btc"],
    "ETH": ["{a} ETH"],
    "EUR": ["€{a}", "{a} EUR", "{a}€"],
    "HKD": ["HK${a}", "{a} HKD", "{a}港币"],
}
_CASES = [(cur, fmt) for cur, fmts in _FORMATS.items() for fmt in fmts]


@given(st.sampled_from(_CASES), st.integers(min_value=1, max_value=9_999_999),
       st.sampled_from([0, 1, 2]), st.sampled_from(["出人脸照片 ", "Selling face pics ", ""]))
def test_any_amount_in_any_currency_format_parses_back(case, cents, decimals, lead):
    currency, fmt = case
    amount = cents / 10**decimals
    rendered = f"{amount:.{decimals}f}"
    got = first(lead + fmt.format(a=rendered))
    assert got is not None
    assert (got.amount, got.currency) == (pytest.approx(amount), currency)


@given(st.sampled_from(_CASES), st.integers(min_value=1000, max_value=99_999_999))
def test_any_grouped_amount_parses_back(case, amount):
    currency, fmt = case
    got = first(fmt.format(a=f"{amount:,}"))
    assert got is not None and (got.amount, got.currency) == (amount, currency)


def test_yen_sign_is_yuan_unless_the_post_speaks_of_yen():
    assert first("人脸照片 ¥3000").currency == "CNY"
    assert first("日本人の顔写真 ¥30000 (円)").currency == "JPY"


@pytest.mark.parametrize(("text", "amount"), [
    ("Селфи 3-5 руб/шт", 3), ("大头照 0.3-0.5元/张", 0.3), ("Headshots $0.10–$0.25 each", 0.1),
])
def test_a_range_asks_its_lower_end(text, amount):
    assert first(text) == Price(amount, first(text).currency, "item")


@pytest.mark.parametrize("text", [
    "手持15元，普通自拍3元", "护照首页 8U\n护照手持 12U", "KYC packs $25, DM", "老价格 12一组",
    "комплект 1200 ₽", "500 ₽ комплект", "人民币8元一张",
])
def test_each_entry_of_a_price_list_or_a_set_price_is_per_item(text):
    assert first(text).per == "item"


@pytest.mark.parametrize("text", [
    "人脸照1万张，打包2800", "人脸照 2万张\n价格 2800 元\n手持 500张 300元", "20k sets $900",
])
def test_a_price_for_the_lot_stays_a_bundle_price(text):
    assert first(text).per == "bundle"


def test_a_bare_sum_right_after_a_chinese_count_is_the_lots_price():
    assert extract("出人脸照 四万张 三千五 QQ 1029384756").price == Price(3500.0, "CNY", "bundle")


def test_the_asking_price_is_the_goods_on_offers_not_a_catalogues_first_line():
    got = extract("小店常年出：\n1、微信号 30/个\n2、QQ号 5/个\n"
                  "3、实名人脸照 2/张（库存6000）\n@xd_shop")
    assert got.price == Price(2.0, "CNY", "item") and got.photo_count == 6000


def test_the_new_price_wins_over_the_old_one():
    got = extract("价格调整\n大头照 原价0.5/张 → 现价0.35/张 库存1万张 @dt_kf")
    assert got.price == Price(0.35, "CNY", "item")


def test_a_reply_sells_at_its_own_price_not_the_quoted_requests():
    got = extract("> WTB selfie-with-passport pics, paying $1 each\n\n"
                  "I can do 1.5k of those at $1.50 each, EU passports. PM @pp_selfies")
    assert got.is_offer and got.price == Price(1.5, "USD", "item")


@pytest.mark.parametrize(("text", "amount"), [("€1.500 for all", 1500), ("2.500 руб за всё", 2500),
                                              ("0.004 BTC", 0.004), ("$1.50 each", 1.5)])
def test_a_thousands_dot_is_read_as_thousands_but_decimals_stay(text, amount):
    assert first(text).amount == amount


def test_an_updated_price_is_the_one_after_the_arrow():
    got = extract("PRICE UPDATE\npassport scans: $3 → $2 each\nstock: 4,500 scans @pp_bot").price
    assert (got.amount, got.currency) == (2.0, "USD")


@pytest.mark.parametrize("text", [
    "KYC sets (ID + selfie + vid) – 1 set 40 USDT, 5 sets 180 USDT.",
    "Прайс:\nФото лица (1 шт) ................ 5 р\nСелфи с паспортом ............... 250 р",
    "| Product | Price |\n| ID card front + back    | $8     |\n| Selfie holding ID   | $12    |",
])
def test_a_price_list_entry_for_one_unit_or_in_a_table_cell_is_per_item(text):
    assert extract(text).price.per == "item"


@pytest.mark.parametrize(("text", "amount", "currency", "per"), [
    ("Селфи с паспортом — полтинник за штуку", 50, "RUB", "item"),
    ("фото лиц 20к штук, пятихатка за пачку", 500, "RUB", "bundle"),
    ("сканы паспортов, косарь за всё", 1000, "RUB", "bundle"),
    ("фотки лиц по рублю, штук 800", 1, "RUB", "item"),
    ("selling selfie-with-ID sets, half a dollar per set", 0.5, "USD", "item"),
    ("四件套 百元一组 新鲜的", 100, "CNY", "item"),
])
def test_sums_named_by_a_word_of_their_own(text, amount, currency, per):
    got = extract(text).price
    assert (got.amount, got.currency, got.per) == (amount, currency, per)


def test_a_unit_price_field_of_a_shop_card_is_per_item():
    text = "商品名称：真人大头照 高清正脸\n库存：3216 张\n单价：¥0.8\n发货方式：自动发货"
    assert extract(text).price.per == "item"


def test_what_a_buyer_and_seller_pays_is_not_the_asking_price():
    got = extract("buying and selling ID selfies\npaying 1$ / selling 3$ each\n@BuySell").price
    assert got.amount == 3.0


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("ready stock KTP + selfie, Rp 25rb/set", 25000, "IDR"),
    ("Turkish kimlik scans, about 1.2k people. 5k TL for everything.", 5000, "TRY"),
    ("kenyan ID selfies, KES 300 each", 300, "KES"),
    ("Водительские удостоверения РК, 700 шт., 200 тг/шт.", 200, "KZT"),
])
def test_regional_currencies(text, amount, currency):
    got = extract(text).price
    assert (got.amount, got.currency) == (amount, currency)


def test_the_numerals_of_cheques_read_as_everyday_ones():
    got = extract("货：手持身份证照 二万四千张\n价：打包伍仟元整，不拆卖").price
    assert (got.amount, got.per) == (5000.0, "bundle")


def test_one_to_one_is_no_price():
    got = extract("货：人脸照+身份证正面 一一对应 合集 3000组\n价：0.15 BTC 全部，不拆").price
    assert (got.amount, got.currency) == (0.15, "BTC")


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("收香港身份證相 正背面 $50一套 pm tg @hk_shou", 50, "HKD"),
    ("有冇人要香港身份證相？正面+自拍 一套 80蚊 TG @hk_idpix", 80, "HKD"),
    ("Есть фотки лиц ~30к, отдам за 10к, пиши @fotki_lic", 10000, "RUB"),
])
def test_hong_kong_dollars_and_giving_away_for_a_sum(text, amount, currency):
    got = find_prices(normalize(text))[0].price
    assert (got.amount, got.currency) == (amount, currency)


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("UMID sets, PHP 500 per set", 500, "PHP"), ("KTP scans IDR 75000 each", 75000, "IDR"),
    ("NIN slips NGN 3000 each", 3000, "NGN"),
])
def test_an_iso_code_before_the_amount_names_its_currency(text, amount, currency):
    assert first(text) == Price(amount, currency, "item")


@pytest.mark.parametrize(("text", "amount", "currency"), [
    ("人脸照 两万张 整套3000 不讲价", 3000, "CNY"),
    ("分类目录 合计2.3万张 整库 0.6w 拿走", 6000, "CNY"),
    ("Сканы паспортов, 4000 шт, за всё 50к. Пишите", 50000, "RUB"),
])
def test_a_word_for_the_whole_lot_before_the_amount_prices_the_lot(text, amount, currency):
    assert first(text) == Price(amount, currency, "bundle")


@pytest.mark.parametrize("text", ["人脸数据集 2万张 带标注 3500 不议价",
                                  "证件照 一万二 半价出 600 走了"])
def test_a_bare_sum_the_seller_will_not_bargain_on_is_the_lots_price(text):
    assert first(text).per == "bundle" and first(text).currency == "CNY"


def test_each_with_a_number_describes_a_set_and_prices_nothing():
    assert first("300 people, each with 8 selfies + 1 ID scan. $1,500 for everything") == Price(
        1500, "USD", "bundle")


def test_a_sum_for_the_set_is_per_item():
    assert first("my own ID + selfie + video, 120$ for the set, firm") == Price(120, "USD", "item")


def test_a_bare_number_before_a_lot_word_and_a_marked_sum_is_the_count_not_the_price():
    assert first("现出 自拍 约2万 打包 800刀 要的抓紧") == Price(800, "USD", "bundle")


def test_a_price_on_a_line_of_other_goods_is_not_the_asking_price():
    found = extract("出 身份证正反面 价格私聊\n另出 实名手机卡 40一张 包激活\ntg @demo_kaxin")
    assert found.is_offer and found.price is None


def test_tether_named_before_the_amount():
    assert first("人脸库 8万张 泰达币600 打包") == Price(600, "USDT", "bundle")


def test_a_chinese_count_before_a_lot_word_and_a_sum_is_the_count():
    found = extract("大头照 二万四 打包走 3500\n不拆 先看样\n有需要的 Q 2207645189")
    assert found.photo_count == 24000 and found.price == Price(3500, "CNY", "bundle")


def test_a_price_line_under_the_goods_prices_them_before_another_products_line():
    found = extract("四件套料 国内的\n15U/套 300套起拿\n另有单手持 3U/张\n@demo_4jt")
    assert found.price == Price(15, "USDT", "item")


def test_a_japanese_id_card_priced_in_yen():
    assert first("JP My Number cards + selfie. ¥3,000 per set") == Price(3000, "JPY", "item")


@pytest.mark.parametrize(("text", "price"), [
    ("打包出 一万二张 自拍照 女生为主 价1800", Price(1800, "CNY", "bundle")),
    ("出 三件套 套料 每套150 秒到", Price(150, "CNY", "item")),
    ("Продаю фотки с паспортом в руках. 250 руб. штучно", Price(250, "RUB", "item")),
    ("Видео лица для верификации. 500 руб одно видео", Price(500, "RUB", "item")),
])
def test_a_bare_price_word_instant_delivery_and_single_pieces(text, price):
    assert first(text) == price


def test_a_price_per_piece_bought_in_a_shop_is_per_item():
    assert first("四件套 ￥30/件 库存：2400") == Price(30, "CNY", "item")

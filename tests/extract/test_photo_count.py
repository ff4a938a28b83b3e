"""photo_count: the number of photos or sets on offer, in every way sellers write numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faceleak.crawler.extract import extract
from faceleak.crawler.extract.counts import find_count
from faceleak.crawler.extract.normalize import normalize
from faceleak.crawler.extract.numbers import parse_chinese, parse_number


@pytest.mark.parametrize(("token", "value"), [
    ("24,000", 24000), ("24 000", 24000), ("10\u00a0000", 10000), ("2.4万", 24000),
    ("1万", 10000), ("1.5万", 15000), ("5k", 5000), ("20K", 20000), ("2w", 20000),
    ("50к", 50000), ("20 тыс.", 20000), ("1万2", 12000), ("2万5千", 25000), ("0,01", 0.01),
    ("1,5", 1.5), ("3.5", 3.5),
])
def test_arabic_numerals_with_separators_and_multipliers(token, value):
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize(("token", "value"), [
    ("两万", 20000), ("三千", 3000), ("五百", 500), ("一万二", 12000), ("一万两千", 12000),
    ("三千五", 3500), ("两万五千", 25000), ("十", 10), ("二十万", 200000), ("三百零五", 305),
])
def test_chinese_numerals_including_colloquial_tails(token, value):
    assert parse_chinese(token) == value


@pytest.mark.parametrize(("text", "count"), [
    ("出人脸照片２万张", 20000),
    ("人脸照片 两万 张", 20000),
    ("10 000 шт фото лиц", 10000),
    ("20k HD face pics", 20000),
    ("5,000 pcs", 5000),
    ("库存300", 300),
    ("3,500 available", 3500),
    ("базу фото лиц (20 тыс.)", 20000),
    ("face pics 5k for sale", 5000),
    ("Остаток ~900", 900),
    ("约 3000张", 3000),
    ("1.7K ready", 1700),
    ("files: 61,250 jpg", 61250),
    ("Face images (Latin America), 18.5k, labelled", 18500),
    ("老料 大头 两万出头", 20000),
])
def test_counters_in_each_language(text, count):
    assert find_count(normalize(text)) == count


@pytest.mark.parametrize("text", [
    "24小时自动发货", "2024年3月更新", "18-45岁", "更新于 2023.12.01", "九成新",
])
def test_hours_dates_and_ages_are_not_counts(text):
    assert find_count(normalize(text)) is None


def test_phone_qq_and_price_digits_are_not_counts():
    got = extract("出人脸照片 3000元 QQ 2948571630 手机 13800138000")
    assert got.is_offer and got.photo_count is None


def test_stock_beats_daily_update_and_samples():
    text = "每天更新500张，样品20张，库存10万张"
    assert find_count(normalize(text)) == 100000


def test_rungs_of_a_price_list_are_not_the_stock():
    text = "KYC kits for sale\n10 kits = $190\n100 kits = $1500\n@demo_kits"
    assert extract(text).photo_count is None


def test_a_single_count_equal_to_a_price_is_still_the_count():
    assert extract("出 人脸照片 5000张=10块 企鹅 1029384756").photo_count == 5000


def test_price_list_rungs_yield_to_a_stated_stock():
    text = "selling KYC kits, 10 kits = $190, 100 kits = $1500, 2,400 in stock @demo_kits"
    assert extract(text).photo_count == 2400


def test_minimum_order_is_never_the_count():
    """DESIGN 4.2: a minimum order says how little one may buy, not how much is on offer."""
    assert find_count(normalize("手持照 1000张起批")) is None
    assert find_count(normalize("1000张起批，共5万张")) == 50000
    assert find_count(normalize("min order 500")) is None


@pytest.mark.parametrize("text", [
    "selling face pics 18-35 y.o., $0.5 each", "人脸照片 18-35岁 1080p 每张5毛",
    "face crops 512x512, $1 each", "видео 3-5 сек, 10$ за ролик",
])
def test_ages_resolutions_and_durations_are_not_counts(text):
    assert extract(text).photo_count is None


def _grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


@given(st.integers(min_value=2, max_value=99_999_999), st.sampled_from([",", " ", "\u00a0", ""]))
def test_any_integer_with_separators_parses_back(n, sep):
    assert parse_number(_grouped(n, sep)) == n


@given(st.integers(min_value=1, max_value=9999))
def test_any_wan_amount_parses_back(n):
    assert parse_number(f"{n / 10}万") == pytest.approx(n * 1000)
    assert parse_number(f"{n}万") == n * 10_000


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["k", "K", "к"]))
def test_any_thousands_shorthand_parses_back(n, suffix):
    assert parse_number(f"{n}{suffix}") == n * 1000


def _chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for unit, name in ((10_000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = (n // unit) % 10 if unit < 10_000 else n // unit
        if d:
            if zero and out:
                out += "零"
            out += (_chinese(d) if unit == 10_000 else digits[d]) + name
            zero = False
        else:
            zero = True
    return out


@given(st.integers(min_value=2, max_value=99_999))
def test_any_chinese_numeral_parses_back(n):
    assert parse_chinese(_chinese(n)) == n


@given(st.integers(min_value=2, max_value=9_999_999),
       st.sampled_from(["{n}张人脸照片", "{n} face pics", "{n} шт", "{n} sets", "共{n}套"]),
       st.sampled_from([",", " ", ""]))
def test_any_count_with_a_counter_is_found(n, template, sep):
    assert find_count(normalize(template.format(n=_grouped(n, sep)))) == n


@pytest.mark.parametrize("text", [
    "出手持 0.8米一张 1w张起卖 不零售",
    "Complete KYC sets. Whole lot 12k USDT. I will not split below 500 sets.",
])
def test_a_minimum_order_after_its_unit_or_in_words_is_no_count(text):
    assert extract(text).photo_count is None


@pytest.mark.parametrize("text", [
    "Бесплатно отдаю 100 фото лиц как пробник, база за 12 000 р.",
    "🎁 免费送 100 张大头 满意再拿",
])
def test_a_free_sample_is_no_count(text):
    assert find_count(normalize(text), [text.index("100") + 4]) is None


@pytest.mark.parametrize("text", [
    "Pricing:\n  1k headshots ...... $40\n  10k headshots ..... $300\n  100k headshots .... $2,000",
    "KYC sets (ID + selfie + vid) – 1 set 40 USDT, 5 sets 180 USDT.",
])
def test_the_same_goods_priced_at_several_quantities_are_tiers_not_a_count(text):
    assert extract(text).photo_count is None


def test_two_kinds_each_with_its_count_and_price_are_counts():
    assert extract("出 大头照 2万张 800元\n手持 5000张 1500元").photo_count == 20000


@pytest.mark.parametrize(("text", "count"), [
    ("Селфи с паспортом — 50 р за штуку, пару тысяч в наличии. Пиши @selfie_rf", 2000),
    ("身份证正反面 上万套 一块一套 Q 93018377", 10000),
    ("Sell фото лиц 0.1$ / шт, объём 1M+. Телега: t.me/mlnfaces", 1_000_000),
    ("泰国护照扫描件 到货了\n| 泰国 | 500本 | 20元 |", 500),
])
def test_colloquial_counts(text, count):
    assert extract(text).photo_count == count


@pytest.mark.parametrize("text", [
    "美国驾照、护照扫描件 高清 每份5刀 一千份以上3刀 有意私 @usdoc_zh",
    "Headshots, real people. Packs: 500 / 1,000 / 5,000 headshots. Price 0.10$ per headshot.",
    "DL front+back ........ $8/set\nSelfie w/ doc ........ $10\nbulk discount from 50 pcs",
])
def test_tier_thresholds_pack_sizes_and_discount_thresholds_are_no_count(text):
    assert extract(text).photo_count is None


@pytest.mark.parametrize("text", [
    "Selling passport + selfie KYC packs. Price 30 USDT per pack, 10 packs minimum.",
    "KYC sets: $22 per set. 50+ sets → $19.",
    "转发本频道，周五抽 3 人，每人送 100 组正反面",
])
def test_minimums_in_words_tier_arrows_and_giveaways_are_no_count(text):
    assert extract(text).photo_count is None


def test_four_for_sale_is_no_count():
    assert extract("🪪 scans 4 sale, 1k for $200, tg @scan4sale").photo_count == 1000


@pytest.mark.parametrize("text", [
    "手持照 0.4元一组 一次最少3万组 少了不卖", "selfie with ID, $2 each, at least 500 per order",
    "Сканы + селфи, 10 USDT/комплект, минимум 40 комплектов",
])
def test_a_minimum_however_worded_is_no_count(text):
    assert find_count(normalize(text)) is None


@pytest.mark.parametrize("text", [
    "=== FRESH KYC PACKS 2025 ===\neach pack: DL front+back, selfie",
    "my passport renewal took 5 weeks",
    "有需要的来 几十万张都有",
])
def test_years_durations_and_vague_amounts_are_no_count(text):
    assert find_count(normalize(text)) is None


@pytest.mark.parametrize(("text", "count"), [
    ("ID-карты + селфи — 12$ за набор, наборов 150", 150), ("~6 тыщ кадров с лицами", 6000),
    ("Фотки лиц пачкой, тыщ семь штук", 7000), ("selfie w/ ID, got 3 hundred", 300),
    ("ID scans + selfies, 2OO sets, $5 ea", 200),
])
def test_counts_written_the_colloquial_or_evasive_way(text, count):
    assert find_count(normalize(text)) == count


def test_a_count_in_brackets_after_the_goods_is_their_count():
    found = extract("Продаю базу селфи с паспортом (~12к), свежая. Цена 1200 USDT")
    assert found.photo_count == 12000


def test_a_year_beside_the_goods_is_no_count():
    found = extract("=== FRESH KYC PACKS 2025 ===\nprice: $35/pack\ncontact @demo_kyc")
    assert found.photo_count is None


def test_prices_of_other_goods_are_no_count():
    found = extract("MENU\nfullz (no pics) – $3\nCC w/ cvv – $15\nID scans – $10\n"
                    "selfie holding ID – $18\norder via @demo_menu")
    assert found.photo_count is None


@pytest.mark.parametrize(("text", "count"), [
    ("UK passport scans x300 — £450 the lot. Email demo@mailbox.example", 300),
    ("Selling ~18k customers, each with ID photo and a selfie, 0.8 ETH", 18000),
    ("Отдам 100 селфи как пробник, остальную базу (5к) продам за 15000р", 5000),
])
def test_counts_by_a_times_sign_of_customers_or_in_brackets(text, count):
    assert extract(text).photo_count == count


@pytest.mark.parametrize("text", ["Лица от 1 рубля за штуку, минималка 1000 шт",
                                  "25$/video, can do about 40 a week"])
def test_a_minimum_in_slang_and_a_weekly_rate_are_no_count(text):
    assert find_count(normalize(text)) is None


@pytest.mark.parametrize(("text", "count"), [
    ("台湾身分证正反面 每组正反两张 NT$300/组", None), ("$9/set or 4,000 for the lot of 500", 500),
])
def test_what_one_set_holds_is_no_count_and_a_lot_of_n_is(text, count):
    assert find_count(normalize(text)) == count


@pytest.mark.parametrize("text", [
    "人脸视频+手持照 一组45 已出3000+组 信誉保证", "出 三件套 单价12U 满100套送10套",
    "出身份证正反面 1.5元一组，一万组起，低于一万组不接",
])
def test_past_sales_bonuses_and_a_floor_are_no_count(text):
    assert find_count(normalize(text)) is None

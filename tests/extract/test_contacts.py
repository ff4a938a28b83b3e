"""contacts: every messenger sellers use, each with its kind, normalised, deduplicated, in order."""

from __future__ import annotations

import pytest

from faceleak.crawler.extract import Contact, extract

TOX = "A4C123B1612DD272D1371C17149D439536B3216FDAEEB975729FAE923D5A4FD12AABFE228F21"
SESSION = "05404e4fb440034d6608697a8d41bed440e50454f31af3176813e02ea68ef786e4"


def contacts(text: str) -> list[tuple[str, str]]:
    return [(c.kind, c.value) for c in extract(text).contacts]




@pytest.mark.parametrize(("text", "value"), [
    ("飞机 @Demo_Seller", "@demo_seller"), ("TG：demo_seller", "@demo_seller"),
    ("t.me/demo_seller", "@demo_seller"), ("https://t.me/demo_seller", "@demo_seller"),
    ("тг: demo_seller", "@demo_seller"), ("纸飞机@demo_seller", "@demo_seller"),
    ("TG@demo_seller", "@demo_seller"),
])
def test_telegram_handles_and_links_become_at_name(text, value):
    assert contacts(text) == [("telegram", value)]


@pytest.mark.parametrize("text", ["微信 demo_wx01", "加V：demo_wx01", "vx demo_wx01",
                                  "wx：demo_wx01", "薇 demo_wx01", "+V demo_wx01"])
def test_wechat_labels(text):
    assert contacts(text) == [("wechat", "demo_wx01")]


@pytest.mark.parametrize("text", ["QQ 123456789", "Q：123456789", "扣扣 123456789",
                                  "企鹅号 123456789", "ＱＱ：１２３４５６７８９", "扣 123456789",
                                  "要的扣我 123456789"])
def test_qq_labels(text):
    assert contacts(text) == [("qq", "123456789")]


@pytest.mark.parametrize(("text", "value"), [
    ("手机 13800138000", "+8613800138000"), ("13800138000", "+8613800138000"),
    ("+7 (912) 345-67-89", "+79123456789"), ("звоните 8 (903) 111-22-33", "+79031112233"),
    ("+1 (415) 555-0172", "+14155550172"), ("电话 02112345678", "+862112345678"),
])
def test_phones_are_normalised(text, value):
    assert contacts(text) == [("phone", value)]


@pytest.mark.parametrize(("text", "value"), [
    (f"tox: {TOX}", TOX), (f"Session {SESSION}", SESSION), ("jabber: Demo@xmpp.jp", "demo@xmpp.jp"),
    ("Threema: K7PX2M9Q", "K7PX2M9Q"), ("wickr: demo.vid", "demo.vid"),
])
def test_other_messengers_are_kind_other(text, value):
    assert contacts(text) == [("other", value)]


def test_email_is_not_mistaken_for_a_telegram_handle():
    assert contacts("mail Demo.Seller@Proton.me") == [("email", "demo.seller@proton.me")]


def test_links_other_than_telegram_are_urls():
    assert contacts("shop: https://example.org/faces.") == [("url", "https://example.org/faces")]


def test_contacts_keep_order_of_appearance_and_are_deduplicated():
    text = "QQ 123456789 飞机 @demo_a 备用 t.me/demo_a 微信 demo_wx01 QQ 123456789"
    assert extract(text).contacts == (
        Contact("qq", "123456789"), Contact("telegram", "@demo_a"), Contact("wechat", "demo_wx01"),
    )


def test_bare_handle_after_tg_counts_only_as_the_last_word_of_a_line():
    assert contacts("both for $400. tg demo_packs") == [("telegram", "@demo_packs")]
    assert contacts("tg demo_packs\nbulk only") == [("telegram", "@demo_packs")]
    assert contacts("write me on telegram please") == []
    assert contacts("tg channel is down, more later") == []


def test_a_deduction_is_not_a_qq_number():
    assert contacts("违约扣 10000元") == []


@pytest.mark.parametrize("text", ["Telegram accounts aged 2019", "5V 2A charger", "微信号 实名",
                                  "2024年3月5日", "24,000 photos"])
def test_words_that_only_look_like_labels_give_no_contact(text):
    assert contacts(text) == []


def test_wechat_ids_are_compared_in_lower_case():
    assert contacts("微信 FaceData_88") == [("wechat", "facedata_88")]


def test_line_ids_and_bare_domains_with_a_path_are_contacts():
    assert contacts("Line: faceshou") == [("other", "faceshou")]
    assert ("url", "shop.example/faces") in contacts("Order: shop.example/faces | @shop_bot")


@pytest.mark.parametrize("text", [
    "@jonny_k yes bro the pack has front, back AND the selfie. $18 per person. DM @kyc_marco",
    "回复 @xiaoyu_2 ：有的老哥 手持的一张两块 直接私我 @kyc_marco",
])
def test_the_handle_a_reply_answers_is_not_the_sellers(text):
    assert contacts(text) == [("telegram", "@kyc_marco")]


def test_a_reply_to_someone_with_no_other_contact_keeps_the_handle():
    assert contacts("@kyc_marco selling selfies, 5k") == [("telegram", "@kyc_marco")]


@pytest.mark.parametrize(("text", "value"), [
    ("Жабер: opt_buyer@xmpp.example", "opt_buyer@xmpp.example"),
    ("Жаба: vu_scan@jabber.example", "vu_scan@jabber.example"),
    ("tox: 3F9A00C1DEADBEEF77AA12", "3F9A00C1DEADBEEF77AA12"),
    ("session only: 05ca11ab1e99canada", "05ca11ab1e99canada"),
])
def test_messenger_ids_after_their_names_are_other_contacts(text, value):
    assert contacts(text) == [("other", value)]


def test_a_taiwanese_number_gets_taiwans_country_code():
    assert contacts("二手 NT$15,000，台北面交，電話 0912-345-678") == [("phone", "+886912345678")]


def test_a_number_labelled_phone_and_wechat_is_both():
    assert contacts("大头照 二万四千张 三千块拿走\n电话/微信：139 1234 8765") == [
        ("phone", "+8613912348765"), ("wechat", "13912348765")]


@pytest.mark.parametrize(("text", "value"), [
    ("台灣身分證正反面 一套NT$50 加LINE: tw_card88", "tw_card88"),
    ("BR RG kits. icq 7734120", "7734120"),
])
def test_line_and_icq_ids_are_other_contacts(text, value):
    assert contacts(text) == [("other", value)]


@pytest.mark.parametrize(("text", "value"), [
    ("kenyan ID selfies, KES 300 each. call/text 0712 384 920, mpesa only", "+254712384920"),
    ("ready stock KTP + selfie w/ KTP, Rp 25rb/set. WA 0857-3321-8840", "+6285733218840"),
    ("LOST: Ghana Card near Accra Mall. If found please call 024 771 3058.", "+233247713058"),
])
def test_a_local_number_takes_the_country_the_post_speaks_of(text, value):
    assert contacts(text) == [("phone", value)]


@pytest.mark.parametrize(("text", "want"), [
    ("出售人脸照片一万二千张 一千二 全部打包 有意加微 rl_12k", ("wechat", "rl_12k")),
    ("jabber — vu_seller@jabber.example", ("other", "vu_seller@jabber.example")),
])
def test_contact_labels_written_loosely(text, want):
    assert contacts(text) == [want]


@pytest.mark.parametrize(("text", "expected"), [
    ("口罩人脸 两万张 需要的tg搜 demo_mask_faces", [("telegram", "@demo_mask_faces")]),
    ("sets PHP 500. Viber: demo_ph_sets", [("other", "demo_ph_sets")]),
    ("selfies $2 a pop. kik: demo_selfid", [("other", "demo_selfid")]),
    ("dm me on discord demodealer#1234", [("other", "demodealer#1234")]),
    ("证件照 几千张 加微信聊 wxid_demo8812", [("wechat", "wxid_demo8812")]),
    ("Q：1928374650 / 微信同Q号", [("qq", "1928374650"), ("wechat", "1928374650")]),
])
def test_messengers_named_by_a_search_a_name_or_another_contact(text, expected):
    assert contacts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Связь только через жабу: demo@jabber.example", [("other", "demo@jabber.example")]),
    ("Rs 20 per set. WhatsApp only: demo_kyc_bulk", [("other", "demo_kyc_bulk")]),
    ("15 BYN за комплект. Вайбер: demo_rb", [("other", "demo_rb")]),
    ("Терминал, 25 000 руб. Звонить 8-903-555-12-34", [("phone", "+79035551234")]),
])
def test_messenger_names_in_other_forms_and_a_dashed_russian_number(text, expected):
    assert contacts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Escrow welcome. Jabber only: demo@xmpp.example", [("other", "demo@xmpp.example")]),
    ("人脸视频 20元一个 要的滴滴 微：demo2024", [("wechat", "demo2024")]),
])
def test_jabber_only_and_a_bare_wei_label(text, expected):
    assert contacts(text) == expected

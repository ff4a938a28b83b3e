"""data_types: which kinds of face data are offered, in DATA_TYPES order; sets imply their parts."""

from __future__ import annotations

import pytest

from faceleak.crawler.extract import DATA_TYPES, extract
from faceleak.crawler.extract.normalize import normalize
from faceleak.crawler.extract.offer import find_goods


def types(text: str) -> tuple[str, ...]:
    return find_goods(text).types




@pytest.mark.parametrize("text", ["四件套", "full KYC", "Полный пакет KYC"])
def test_full_kyc_sets_imply_their_parts(text):
    assert types(text) == ("id_card", "handheld_id", "face_video", "kyc_set")


def test_three_piece_set_is_id_and_handheld():
    assert types("三件套") == ("id_card", "handheld_id", "kyc_set")


@pytest.mark.parametrize(("text", "expected"), [
    ("人脸照片", ("face_photo",)), ("大头照", ("face_photo",)), ("face pics", ("face_photo",)),
    ("фото лиц", ("face_photo",)), ("身份证正反面", ("id_card",)), ("passport scans", ("id_card",)),
    ("скан паспорта", ("id_card",)), ("手持身份证", ("handheld_id",)),
    ("selfie holding ID", ("handheld_id",)), ("селфи с паспортом", ("handheld_id",)),
    ("点头摇头视频", ("face_video",)), ("liveness videos", ("face_video",)),
    ("видео с лицом", ("face_video",)), ("видосы с морганием", ("face_video",)),
    ("港澳通行证", ("id_card",)), ("驾驶证照片", ("id_card",)), ("сканы загранов", ("id_card",)),
    ("селфи с загранником в руках", ("handheld_id",)), ("face crops", ("face_photo",)),
    ("FACESET", ("face_photo",)),
])
def test_each_type_in_each_language(text, expected):
    assert types(text) == expected


def test_specific_phrases_do_not_also_count_as_their_parts():
    assert types("手持身份证照片") == ("handheld_id",)
    assert types("селфи с паспортом") == ("handheld_id",)
    assert types("人脸视频") == ("face_video",)


def test_an_id_number_is_not_an_id_photo():
    assert types("证件照 含身份证号对应") == ("face_photo",)


def test_a_bare_selfie_in_a_handheld_post_is_the_handheld_selfie():
    assert types("KYC SELFIE DROP: selfie holding passport") == ("handheld_id",)
    assert types("passport + selfie") == ("face_photo", "id_card")


def test_a_hashtag_names_goods_but_yields_to_the_types_the_post_names():
    assert types("#人脸\n美国DL正反+手持") == ("id_card", "handheld_id")
    assert types("#人脸 2万张") == ("face_photo",)


def test_face_recognition_is_not_face_photos():
    assert types("人脸识别 刷脸支付") == ()


def test_types_come_in_vocabulary_order_whatever_the_text_order():
    got = types("视频 + 手持 + 身份证正反面 + 大头照")
    assert got == tuple(t for t in DATA_TYPES if t in got) == DATA_TYPES[:4]


def test_goods_under_a_buying_header_are_bought_not_offered():
    got = extract("Куплю/продам селфи с паспортом.\n\nСейчас продаю:\n— 300 шт по 150р\n\n"
                  "Куплю:\n— сканы паспортов KZ\n— видео верификации\n\n@kupi_prodai")
    assert got.is_offer and got.data_types == ("handheld_id",)


def test_a_goods_word_followed_by_a_negated_other_is_still_offered():
    got = extract("纯大头照 没有正反面 没有手持 1000张 100块 v: purelian")
    assert got.data_types == ("face_photo",) and got.photo_count == 1000


def test_a_negation_after_a_list_covers_every_item_of_it():
    assert types("出快递单 0.3/条\n大头照、手持、四件套这段时间都没货") == ()


def test_a_comma_ends_the_list_a_negation_after_it_covers():
    assert types("出大头照、手持，四件套没有") == ("face_photo", "handheld_id")


@pytest.mark.parametrize("text", [
    "出活体视频 每条15\n另外长期收身份证正反面，价格好说",
    "WTS/WTB\nselling: 5k Brazilian selfies ($200)\nbuying: Mexican INE scans, any qty",
])
def test_goods_in_a_buying_clause_of_a_selling_post_are_bought(text):
    assert len(types(text)) == 1


def test_goods_a_reply_quotes_are_not_the_repliers():
    text = "> need full kyc asap, paying well\n\ncan't do that rn, only selfies. 2k selfies for $90"
    assert types(text) == ("face_photo",)


def test_a_selfie_priced_on_a_menu_line_of_its_own_is_a_product_of_its_own():
    menu = "• Selfie (face only) ........ $0.80\n• Selfie holding ID .......... $4"
    assert types(menu) == ("face_photo", "handheld_id")


@pytest.mark.parametrize(("text", "expected"), [
    ("身份证人像面照片", ("id_card",)), ("sfz zfm 5k", ("id_card",)),
    ("ID front, ID back, hand-held", ("id_card", "handheld_id")),
    ("Селфачи, 3 тыс.", ("face_photo",)),
])
def test_argot_and_spellings_of_the_goods(text, expected):
    assert types(text) == expected


def test_goods_a_shop_changelog_removed_are_not_on_offer():
    text = ("- restocked US selfies 2,300 pcs @ $0.40\n"
            "- removed face videos (out of stock, not coming back)")
    assert types(text) == ("face_photo",)


def test_the_front_side_of_a_document_is_no_face_photo():
    assert types("Удостоверения: фото лицевой и обратной стороны + селфи с удостоверением") \
        == ("id_card", "handheld_id")


@pytest.mark.parametrize(("text", "expected"), [
    ("| India | Aadhaar handheld | 1.5 USDT |", ("handheld_id",)),
    ("印度 Aadhaar 手持 0.8U/张", ("handheld_id",)),
    ("Селфи с патентом, 70 р/шт", ("handheld_id",)),
    ("印度 PAN 卡 高清扫描 二万四 张", ("id_card",)),
    ("Продам архив фото лиц (портреты с паспортного стола)", ("face_photo",)),
])
def test_a_document_named_with_its_handheld_photo_and_regional_documents(text, expected):
    assert types(text) == expected


def test_documents_and_face_material_counted_in_people_are_sets():
    text = "Turkish kimlik front/back scans + head-turn vids, about 1.2k people. 5k TL for all."
    assert "kyc_set" in types(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("fresh verif kits in 🪪 + 🤳 + 🎥, one person per kit", ("face_photo", "id_card", "face_video",
                                                            "kyc_set")),
    ("Aadhaar front/back + photo of the holder, 5000 sets", ("face_photo", "id_card", "kyc_set")),
    ("Есть материал под верификацию (паспорт+лицо+видос)", ("face_photo", "id_card", "face_video")),
    ("🎥 动态物料 到了一批 动作：眨眼 / 张嘴", ("face_video",)),
])
def test_goods_written_as_emoji_or_euphemisms(text, expected):
    assert types(normalize(text)) == expected


def test_a_face_word_after_a_count_and_a_describing_word_is_counted_goods_not_vague():
    assert [(p.text, p.weak) for p in find_goods("8k frontal faces, studio-lit").found] == [
        ("faces", False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("出 仁脸 dt 1w+ 清晰正脸 0.3一张", ("face_photo",)),
    ("身纷證 正 反 + 手尺，一组 二十五", ("id_card", "handheld_id", "kyc_set")),
    ("有要sc的吗 男女都有 4块一张", ("handheld_id",)),
])
def test_homophones_and_pinyin_initials(text, expected):
    assert types(normalize(text)) == expected


def test_a_selfie_listed_beside_the_handheld_one_is_an_item_of_its_own():
    assert types("KYC Pack includes: ID front, ID back, selfie, selfie with ID") == (
        "face_photo", "id_card", "handheld_id", "kyc_set")


def test_a_full_pack_line_of_a_price_list_is_a_kyc_set():
    assert "kyc_set" in types(normalize(
        "Скан паспорта — 90₽/шт\nСелфи с паспортом — 250₽/шт\n"
        "Фулл пак (скан + селфи с паспортом + видео) — 700₽"))


def test_goods_the_seller_tells_buyers_not_to_ask_for_are_not_on_offer():
    text = "只有手持，没有正反面，要正反面的别来问了\n手持照 1200张"
    assert types(normalize(text)) == ("handheld_id",)


def test_refusing_bank_card_payment_does_not_make_a_four_piece_set_a_bank_kit():
    assert "kyc_set" in types(normalize("实名四件套 15U/套 只收U 不走银行卡"))


@pytest.mark.parametrize(("text", "expected"), [
    ("face vids + doc pics, DM for price", ("id_card", "face_video")),
    ("KYC packs (ID + selfie + liveness)", ("face_photo", "id_card", "face_video", "kyc_set")),
])
def test_document_pictures_and_liveness_name_their_goods(text, expected):
    assert types(text) == expected


@pytest.mark.parametrize("text", [
    "WTB/WTS — selling US passport scans $4 ea, also buying fresh selfies.",
    "【出】身份证正反面 1.5/组\n【收】新鲜手持 价格高",
])
def test_goods_after_a_later_buying_word_or_a_bracketed_buying_header_are_bought(text):
    assert types(normalize(text)) == ("id_card",)


@pytest.mark.parametrize(("text", "expected"), [
    ("Фoтo лuц 30.000 шт", ("face_photo",)), ("ΙD sсans, 100 sets", ("id_card",)),
    ("s.e.l.f.i.e w/ I.D — 2 bucks a pop", ("handheld_id",)),
])
def test_look_alike_letters_and_spelled_out_words_name_the_goods(text, expected):
    assert types(normalize(text)) == expected


@pytest.mark.parametrize("text", [
    "Сканер паспортов, б/у, рабочий, 45 000 ₽", "Продам айфон 11, фейс айди работает"])
def test_a_scanner_and_face_id_are_not_goods(text):
    assert types(normalize(text)) == ()


def test_a_vague_word_right_after_negated_goods_is_negated_with_them():
    assert types("selling handheld ID selfies ONLY — no front/back scans, don't ask.") == (
        "handheld_id",)


def test_face_and_id_combos_name_both_their_parts():
    assert types("Selling face+ID combos for dating apps, 50 combos") == (
        "face_photo", "id_card", "kyc_set")


@pytest.mark.parametrize(("text", "expected"), [
    ("出 KYC 料 UMID/驾照 + selfie + 活体 一套 6.5U",
     ("face_photo", "id_card", "face_video", "kyc_set")),
    ("NIN slip + passport photograph per person", ("face_photo", "id_card", "kyc_set")),
])
def test_liveness_in_chinese_and_a_passport_photograph_name_their_goods(text, expected):
    assert types(normalize(text)) == expected


def test_goods_after_a_buying_label_in_a_buy_and_sell_post_are_bought():
    text = "本人出收各类人脸资料\n出：亚洲人脸 3.5万张 打包4500\n收：欧美手持"
    assert types(normalize(text)) == ("face_photo",)


def test_a_selfie_stick_is_no_selfie_however_spelled():
    assert types("Selfie sticks w/ tripod, 500 pcs") == ()


@pytest.mark.parametrize(("text", "expected"), [
    ("收出实名料 手持 正反面 大头都有 价格私聊", ("face_photo", "id_card", "handheld_id")),
    ("手持香港身份证自拍 HK$80一张", ("handheld_id",)),
    ("снг селфи + ид карта, 10$ шт", ("face_photo", "id_card")),
    ("Фото ID карт + селфи владельца, 3000 тенге за пару", ("face_photo", "id_card", "kyc_set")),
    ("Selling recorded face verification videos, 60 of them", ("face_video",)),
    ("Видео для верификации (моргнуть, кивнуть, повернуть голову). 200 шт", ("face_video",)),
    ("dating app girls pics 15k, real not AI", ("face_photo",)),
])
def test_goods_in_a_plain_list_a_region_a_transliteration_and_described_videos(text, expected):
    assert types(normalize(text)) == expected

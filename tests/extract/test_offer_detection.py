"""Offer or not: offers of face data are flagged with cited reasons; look-alikes stay quiet."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faceleak.crawler.extract import CONTACT_KINDS, DATA_TYPES, extract


def test_plain_chinese_offer_cites_goods_and_sell_verb():
    got = extract("出售人脸照片 2万张 3000元 飞机 @demo_seller")
    assert got.is_offer
    assert any(r.startswith("sell verb") and "出售" in r for r in got.reasons), got.reasons
    assert any(r.startswith("goods: 人脸") for r in got.reasons)


def test_reasons_carry_the_weight_each_feature_added():
    got = extract("出售人脸照片 2万张 3000元 飞机 @demo_seller")
    assert all(r.endswith(")") and ("(+" in r or "(-" in r) for r in got.reasons), got.reasons


def test_buying_request_is_quiet_and_says_why():
    got = extract("求购人脸照片 2万张 价格好说 飞机 @demo_buyer")
    assert not got.is_offer
    assert any(r.startswith("buying request: 求购") for r in got.reasons), got.reasons


@pytest.mark.parametrize("text", [
    "收人脸照片 五毛一张",
    "WTB selfies with ID, paying $3 each",
    "Куплю фото лиц, 10к, оплата USDT",
])
def test_buying_requests_in_each_language_are_not_offers(text):
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "Who can sell me 5k face pics? Budget 100 USDT.",
    "Кто продаёт фото лиц оптом? Пишите в лс",
])
def test_asking_who_sells_is_a_buying_request(text):
    got = extract(text)
    assert not got.is_offer
    assert any(r.startswith("buying request:") for r in got.reasons), got.reasons


@pytest.mark.parametrize("text", [
    "Selling 20k real face pics, not AI-generated, $500 @demo_real",
    "出人脸照片 2万张 3000元 手机号：13800138000",
])
def test_denials_and_contact_labels_do_not_hide_an_offer(text):
    assert extract(text).is_offer


@pytest.mark.parametrize(("text", "family"), [
    ("据新华社报道，警方破获一起出售人脸照片案，涉案2万张", "news"),
    ("人脸识别门禁一体机 出售 人脸照片比对 1280元", "device"),
    ("教程：如何用人脸照片做照片活化", "tutorial"),
    ("Hiring annotators to label face images, $15/hour", "job ad"),
    ("Selling Binance accounts with KYC passport + selfie, $60 each", "other goods"),
    ("Selling leather passport holder + ID card wallet, $25", "other goods"),
    ("出 实名手机号 10万条 500元 带人脸", "other goods"),
    ("出售二手佳能相机 配人像镜头 适合证件照 8500元", "device"),
    ("Stock photos: royalty-free portraits and faces, from $29", "app"),
    ("KYC verification as a service: liveness + ID OCR, $0.30 per check", "app"),
    ("Synthetic dataset: 100k AI-generated faces, $1,200", "AI-generated"),
    ("PSA: 'selling 10k selfies with ID for $500' is a known ripper", "warning"),
    ("找人！这个人骗了我两万块，身份证和人脸照片都有", "warning"),
    ("Внимание! Кидок: обещал селфи с паспортом по 200р", "warning"),
])
def test_look_alike_contexts_are_quiet_and_named(text, family):
    got = extract(text)
    assert not got.is_offer
    assert any(r.startswith(f"{family}:") or f"({family})" in r for r in got.reasons), got.reasons


@pytest.mark.parametrize("text", [
    "人脸识别门禁一体机 出售 支持5万张人脸库 1280元",
    "Face recognition terminal, stores up to 30,000 faces, $89",
    "美颜自拍杆 拍大头照神器 39.9元包邮",
])
def test_a_devices_face_capacity_names_no_goods(text):
    got = extract(text)
    assert not got.is_offer
    assert "no goods named" in got.reasons


def test_post_without_goods_is_never_an_offer():
    got = extract("出售 VPN 月付15元 现货 @vpn_demo")
    assert not got.is_offer
    assert got.offer_score <= 0.2
    assert "no goods named" in got.reasons


def test_score_is_a_probability_and_higher_for_offers():
    offer = extract("Selling 20k face pics, $500 for the lot. DM @faces_demo")
    news = extract("Police arrested a man who sold 20k face pics for $500, state media reported")
    assert 0.0 <= news.offer_score < 0.5 <= offer.offer_score <= 1.0


def test_title_counts_as_part_of_the_post():
    text = "亚洲人脸图片 20万张 打包价 ¥8000"
    assert extract(text, title="【出售】亚洲人脸库").is_offer


def test_non_offer_keeps_contacts_but_no_offer_fields():
    got = extract("收人脸照片 2万张 五毛一张 加V：shou_demo01")
    assert not got.is_offer
    assert (got.data_types, got.photo_count, got.price) == ((), None, None)
    assert [c.value for c in got.contacts] == ["shou_demo01"]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\ufffd", "🔥" * 500, "1" * 5000, "@" * 5000])
def test_hostile_or_empty_text_gives_a_quiet_answer(text):
    got = extract(text)
    assert not got.is_offer
    assert 0.0 <= got.offer_score <= 1.0


def test_very_long_post_is_judged_on_its_head():
    got = extract("出售人脸照片 2万张 3000元 " + "废话" * 50_000)
    assert got.is_offer and got.photo_count == 20000


def test_real_russian_job_channel_has_no_offers(realworld):
    """t.me/s/xCareers (job ads, 2020): every post must stay quiet."""
    page = realworld / "telegram" / "hashtag-subscriber_tme_s_xCareers_2020.html"
    html = page.read_text("utf-8")
    posts = [
        unescape(re.sub(r"<[^>]+>", " ", body))
        for body in re.findall(r'tgme_widget_message_text[^>]*>(.*?)</div>', html, re.S)
    ]
    assert len(posts) >= 10
    assert [p[:60] for p in posts if extract(p).is_offer] == []


@pytest.mark.parametrize("text", [
    "Продам фотоаппарат Canon, 15 000 руб, фото в лс",
    "Продам ООО, юр лица с историей, 50 000 руб",
    "Selling selfie stick + ring light, $15 each",
    "Custom watch faces for sale, $2 each",
    "Listing ID: 4821. Selling iPhone 12, $300",
    "Selling leather passport covers, $12 each, 200 in stock",
    "出售身份证读卡器 150元一台 现货",
    "出自拍杆 九成新 20块",
    "I have my passport and selfie ready for verification, what next?",
    "Продаю обложки для паспорта, 300 руб/шт",
])
def test_everyday_goods_sharing_words_with_the_vocabulary_are_not_offers(text):
    assert not extract(text).is_offer, extract(text).reasons


_ALPHABET = (
    "0123456789 ,.，。万千百十一二两三kKwW$¥元块毛U张套份шт фото@QQVvx微信:：/每一per each face "
    "selfie ID 出售收购 продам куплю\n"
)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=400), st.none() | st.text(max_size=40))
def test_any_mix_of_marketplace_characters_gives_a_well_formed_answer(text, title):
    got = extract(text, title)
    assert 0.0 <= got.offer_score <= 1.0
    assert list(got.data_types) == [t for t in DATA_TYPES if t in got.data_types]
    assert all(c.kind in CONTACT_KINDS and c.value for c in got.contacts)
    assert len(set(got.contacts)) == len(got.contacts)
    if not got.is_offer:
        assert (got.data_types, got.photo_count, got.price) == ((), None, None)


@pytest.mark.parametrize("page", [
    "100 000 " * 2500, "一二三四五六七八九十百千万" * 1500, "1k" * 10000, "一块" * 10000,
    "每张 1 " * 5000, "1 a1 " * 4000,
])
def test_pathological_pages_are_handled(page):
    """These once took seconds to minutes (regex backtracking); now linear."""
    assert not extract(page).is_offer


def test_real_chinese_forum_thread_has_no_offers(realworld):
    """A Discuz! thread of One Piece card translations (talkop.com): all quiet."""
    page = realworld / "forums" / "talkop_viewthread_vivrecard_201904_utf8.html"
    html = page.read_text("utf-8")
    posts = [
        unescape(re.sub(r"<[^>]+>", " ", body))
        for body in re.findall(r'id="postmessage_\d+"[^>]*>(.*?)</td>', html, re.S)
    ]
    assert len(posts) >= 5
    assert [p[:60] for p in posts if extract(p).is_offer] == []


def test_a_forum_reply_sells_though_the_post_it_quotes_asks_to_buy():
    got = extract("引用：小白兔 发表于 2026-10-21 13:02\n请问楼主还有货吗？要一百组左右\n\n"
                  "有的，手持+正反面 一组6块，量大可谈，加我 Q 1234567")
    assert got.is_offer and got.photo_count is None  # the hundred is the buyer's


def test_chatter_before_getting_down_to_business_does_not_sink_the_offer():
    got = extract("前两天有个兄弟说被钓鱼了，大家小心点。\n说正事：\n"
                  "帮朋友出一批料，正反面+人脸照，一人一组，共4000组。每组4块 wx: daili_x")
    assert got.is_offer and got.photo_count == 4000


def test_leetspeak_selling_verbs_sell():
    assert extract("s3ll1ng p4ssp0rt sc4ns, 10 usdt ea, fr3sh, n0 r3s3ll3rs").is_offer


def test_a_research_abstract_quoting_prices_is_no_offer():
    assert not extract("Abstract\nWe crawled 3,400 listings. The median asking price of a KYC "
                       "pack was $30; face-photo lots averaged $0.04 per image.").is_offer


@pytest.mark.parametrize("text", [
    "出快递单+大头照，快递单一条两毛，大头照一块一张，都是当天新鲜的，要的 @kuaidi_face",
    "Продаю:\n• базы номеров (Мск, СПб)\n• аккаунты ВК/ОК\n• селфи с паспортом (РФ/РБ) — 400 р/шт\n"
    "Тг @multi_shop_ru",
])
def test_face_goods_priced_on_their_own_beside_other_data_are_an_offer(text):
    assert extract(text).is_offer


@pytest.mark.parametrize("text", [
    "Real-person face videos, good for deepfake / face-swap training: 4,000 clips, $0.80/clip.",
    "出 人脸素材 真人 非AI 适合做换脸训练 5000 张 180 元 打包 加QQ群 738291045",
])
def test_real_faces_sold_for_face_swap_training_are_an_offer(text):
    assert extract(text).is_offer


@pytest.mark.parametrize("text", [
    "引用 楼主 发表于 2024-4-3 09:12\n出大头照 2万张 打包2800 V: dtz_boss\n\n还有货吗？已经私你了",
    "Цитата (baza_lic @ 02.03.2024)\nБаза фото лиц, ~20 000 шт, 15 тыс. руб за всё\n\n"
    "Актуально? Отписал в ЛС.",
])
def test_a_reply_under_a_forum_quote_block_is_not_the_quoted_offer(text):
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "📌 GROUP RULES\n1) no selling ID scans / selfies / KYC stuff here, instant ban\n"
    "2) ads only via @grp_ads_admin",
    "只收不出 ❗ 手持 正反 量大价优 @zhishou",
    "selling my used Canon 5D — great for portraits/headshots 📷 $700 obo",
])
def test_look_alikes_rules_buying_only_and_cameras_are_not_offers(text):
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "有需要身份证正反面照片的吗，手里有一批，价格好说，私聊\nvx：zhengfan2023",
    "UK driving licence scans, both sides, £2 each",
    "手持不讲价 一块一张 爱要不要",
])
def test_short_offers_with_goods_and_their_price_are_offers(text):
    assert extract(text).is_offer


@pytest.mark.parametrize("text", [
    "现在四件套啥价了 去年还二十一组",
    "商品名称：蓝牙自拍杆三脚架一体款\n库存：999  单价：¥35\n手持/落地两用，支持手机",
    "Проверка паспорта + селфи + лайвнес для вашего сервиса. Тариф: от 15 ₽ за проверку",
])
def test_asking_the_price_gadgets_and_verification_for_businesses_are_not_offers(text):
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "Schengen visa assistance — we fill your forms. Send us your passport scan. Fee €85.",
    "海外 eKYC 接口服务\n✔ 证件 OCR：KTP / MyKad\n✔ 活体检测（眨眼、摇头）\n0.3元/次 QQ 2847561930",
])
def test_visa_agencies_and_kyc_apis_are_not_offers(text):
    assert not extract(text).is_offer


def test_a_found_document_is_not_an_offer():
    text = "今天在地铁捡到一张身份证，已经交给站务员了，失主可以去服务台领取，打我电话 13712230876"
    assert not extract(text).is_offer


def test_an_arbitration_request_names_the_dispute_among_its_reasons():
    text = ("Arbitration request: @faces_wholesale delivered dupes\nBuyer: me\n"
            "Escrow: @escrow_ivan\nDeal: 25,000 face photos for 1,100 USDT.")
    assert any(r.startswith("dispute: Arbitration") for r in extract(text).reasons)


def test_a_seller_who_says_they_do_not_buy_is_still_selling():
    text = ("【关于本频道】\n🔹主营：\n  ▪ 四件套（正+反+手持+视频）120/套\n  ▪ 单手持 20/张\n"
            "🔹联系方式：@shiming_boss\n本频道不收料，收料的别来。")
    assert extract(text).is_offer


def test_a_bot_that_pays_for_selfies_is_buying():
    text = "🤖 Бот приёма\nВаши 20 селфи с паспортом приняты ✅\nВыплата: 2 000 ₽ на карту"
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "Avatar pack: 500 cartoon faces, hand-drawn, for Discord profiles. \"face pack\" for $10.",
    "考公资料 全套 📚 真题 + 视频课 2.4 万道题 一套 88 元 @kaogong_ziliao",
])
def test_cartoon_faces_and_course_videos_are_not_offers(text):
    assert not extract(text).is_offer


def test_a_news_report_quoting_a_price_is_not_an_offer():
    text = "媒体报道称，疫情期间，网上有人以1000元出售约2万张戴口罩人脸图片，用于训练识别算法。"
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "摘要：我们对80个频道做了抽样统计，人脸照片平均0.4元/张，四件套40元/套。报告全文见附件。",
    "现在手持料都烂大街了 0.5一张都没人要 前两年还能卖15一张",
    "本群担保规则：卖家出料（大头/手持/四件套）需交押金3000U，纠纷联系客服 @demo_danbao",
    "Passport renewal took 6 weeks this time, photo got rejected twice",
])
def test_studies_market_talk_group_rules_and_ones_own_passport_are_not_offers(text):
    assert not extract(text).is_offer


def test_a_relayed_offer_is_still_an_offer():
    found = extract("转自 @demo_zongbu 频道：\n「国内生活照 三千张 400 不讲价」\n"
                    "需要的找原作者 我就是帮朋友转一下")
    assert found.is_offer


def test_taking_only_usdt_is_a_payment_term_not_a_buying_request():
    assert extract("实名四件套 15U/套 量大可谈 只收U\n自助下单 @demo_sjt_bot").is_offer


def test_face_photos_sold_with_id_numbers_attached_are_an_offer():
    found = extract("过脸专用料 人脸照片+身份证号 一份2元 可批量\n电报 @demo_guolian")
    assert found.is_offer and found.data_types == ("face_photo",)


def test_a_price_list_drawn_with_dot_leaders_is_not_a_quotation():
    found = extract("=== KYC SHOP ===\n> Face pics (HQ) ........ $0.15/pc\n"
                    "> Selfie holding ID .............. $3/pc\nContact: @demo_kycshop")
    assert found.is_offer


@pytest.mark.parametrize("text", [
    "群里有人发这个👇\n“出大头照2万张 3000打包 @demo_datou”\n管理员能不能管管，天天刷屏",
    "安全研究员发现某连锁酒店系统存在越权漏洞，约8万张住客人脸照片可被任意访问，目前厂商已修复。",
    "Sellers ask 0.5-2 USDT per selfie for scraped pics. We publish indicators monthly. "
    "Not buying, not selling, don't DM me offers.",
])
def test_a_complaint_a_disclosure_and_a_watcher_who_trades_nothing_are_not_offers(text):
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "某照相馆流出的证件照 3万张 1200人民币打包\n扣扣 3390127845",
    "Продам базу селфи, примерно 30k фото. Источник — приложение для знакомств. Цена 700$. "
    "Жаба: demo30k@xmpp.example",
])
def test_where_the_goods_leaked_from_is_not_what_is_sold(text):
    assert extract(text).is_offer


@pytest.mark.parametrize("text", [
    "Reminder: back in 2019 reporters found 5,000 face photos being sold for 10 yuan.",
    "群里有出手持的吗 收一点 不多 一百张就行 私我",
    "кто брал у @demo_master? норм комплекты? он просит 12$ за паспорт+селфи, хочу взять пару",
])
def test_a_reminder_of_old_news_a_buyer_and_a_buyer_asking_about_a_seller_are_not_offers(text):
    assert not extract(text).is_offer


def test_a_seller_asking_who_wants_the_goods_is_pitching_not_asking():
    assert extract("有人要三件套吗 正面反面加手持 新鲜的 量很大").is_offer


@pytest.mark.parametrize("text", [
    "@mods — user @demo_dealer keeps posting \"selling 2k passport+selfie sets 30$\". pls ban",
    "报告显示，黑市上一套“四件套”的价格已从100元涨到300元左右。",
    "Нужны дропы под верификацию, оплата 3000р за прохождение. Писать @demo_work",
])
def test_a_report_to_moderators_a_price_trend_and_a_drop_job_are_not_offers(text):
    assert not extract(text).is_offer


@pytest.mark.parametrize("text", [
    "免费送100张大头样品 先看质量 满意再拿全量\n全量5万张 价格私聊\nTG：@demo_sample",
    "Датасет фото лиц для обучения нейросетей — реальные люди, 50 000 изображений. 1 200 € за всё.",
    "===== 人脸库 =====\n真人 非AI 非公开数据集\n12万张 价格：0.2 BTC 整库\n@demo_faces",
])
def test_a_free_sample_of_a_priced_later_lot_and_a_private_dataset_for_training_are_offers(text):
    assert extract(text).is_offer

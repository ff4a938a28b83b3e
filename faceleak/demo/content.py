"""The demo marketplace's posts, as data, with what a correct extraction should say about each.

Three sources: a Telegram channel that aggregates ads (zh/en/ru), a Discuz! board in GBK (zh),
and a small market in the style of a darknet shop grid (en/ru). Offers follow the prices and argot
of public reporting (DESIGN section 5); the non-offers are the classic false positives: news about
face recognition, buying requests, access-control devices, tutorials, job ads and other goods.
Handles, WeChat ids and QQ numbers are made up.

``revision`` 2 is the site a week later: one offer's price changed and one post added.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone

CST = timezone(timedelta(hours=8))

TG, BBS, SHOP = "telegram", "discuz", "html"

FACE, ID, HANDHELD, VIDEO, KYC = "face_photo", "id_card", "handheld_id", "face_video", "kyc_set"


@dataclass(frozen=True, slots=True)
class Price:
    amount: float
    currency: str
    per: str  # "bundle" | "item"


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply under a Discuz! thread: always chatter, never an offer."""

    pid: int
    author: str
    text: str
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class DemoPost:
    """One post. ``number`` is the Telegram message id, Discuz! tid or shop item id.

    ``kind`` is ``offer`` or the kind of non-offer (news, buying, device, tutorial, job,
    other_goods); ``photo_count``/``price``/``data_types`` are what the extractor should find.
    """

    source: str
    number: int
    text: str
    seller: str
    posted_at: datetime
    kind: str
    title: str | None = None
    images: tuple[str, ...] = ()
    photo_count: int | None = None
    price: Price | None = None
    data_types: tuple[str, ...] = ()
    replies: tuple[Reply, ...] = ()
    since_revision: int = 1

    @property
    def is_offer(self) -> bool:
        return self.kind == "offer"

    @property
    def pid(self) -> int:
        """The Discuz! post id of the thread's first post."""
        return self.number * 100 + 1


TG_CHANNEL = "kyc_bazaar"
TG_TITLE = "料库 | KYC Bazaar"


def _tg(n: int, day: int, hm: str, kind: str, text: str, **kw: object) -> DemoPost:
    h, m = (int(x) for x in hm.split(":"))
    return DemoPost(TG, n, text, TG_CHANNEL, datetime(2026, 11, day, h, m, tzinfo=UTC), kind, **kw)


TELEGRAM_POSTS: tuple[DemoPost, ...] = (
    _tg(1201, 18, "02:14", "offer",
        "出 人脸照片 2.4万张 3000元打包\n高清正脸，无重复，男女老少都有，支持验货。\n"
        "样图见下，联系 @liaoku_888 微信 lk-data2026",
        images=("astronaut",), photo_count=24000, price=Price(3000, "CNY", "bundle"),
        data_types=(FACE,)),
    _tg(1202, 18, "09:40", "news",
        "City metro rolls out face recognition gates at 40 stations. Privacy groups ask the "
        "operator to publish how long the face templates of 2 million riders are kept.",
        images=("coffee",)),
    _tg(1203, 19, "11:05", "offer",
        "Продаю фото лиц 10 000 шт за 15 000 руб. Свежая база, без повторов.\n"
        "Пишите @foto_baza_ru",
        photo_count=10000, price=Price(15000, "RUB", "bundle"), data_types=(FACE,)),
    _tg(1204, 20, "03:27", "buying",
        "收 人脸照片 大量收，要求正脸清晰，手持身份证也收，价格好说，有货的私聊 @shou_liao_88"),
    _tg(1205, 21, "14:52", "offer",
        "KYC pack: ID front/back + selfie with ID + liveness video, 20k sets, 0.8 USDT each.\n"
        "Escrow accepted. DM @kycpack_store",
        images=("lfw-sheet-a",), photo_count=20000, price=Price(0.8, "USDT", "item"),
        data_types=(ID, HANDHELD, VIDEO, KYC)),
    _tg(1206, 22, "06:18", "other_goods",
        "出 QQ老号 一批，带Q龄，50元一个；另有稳定VPN月卡 25元。联系QQ 2856413370"),
    # 两万张起 is a minimum order, not a count (DESIGN 4.2)
    _tg(1207, 22, "17:33", "offer",
        "五毛一张，两万张起。人脸数据 大头照，实名可配。\n微信 wx_face0521",
        images=("hopper",), photo_count=None, price=Price(0.5, "CNY", "item"),
        data_types=(FACE,)),
    _tg(1208, 23, "08:00", "job",
        "Вакансия: оператор колл-центра, удалённо, 40 000 руб/мес. "
        "Обучение с нуля. Резюме присылайте @hr_callpro"),
    _tg(1209, 24, "12:45", "offer",
        "四件套 身份证正反面+手持+视频 100元一套\n量大从优，过脸包售后。QQ 3172094456",
        photo_count=None, price=Price(100, "CNY", "item"),
        data_types=(ID, HANDHELD, VIDEO, KYC)),
    _tg(1210, 25, "10:10", "tutorial",
        "PSA: how to spot KYC fraud. Sellers of 'selfie with ID' packs recycle the same "
        "sample photos across channels. Never send a photo of your ID to a stranger, and "
        "report accounts that ask for one."),
    _tg(1211, 26, "19:02", "device",
        "人脸识别门禁一体机 新款上市：识别速度0.2秒，支持5万张人脸库，工地/小区通用，"
        "批发价880元/台。"),
    _tg(1212, 27, "07:36", "offer",
        "Fresh face pics, 5k mixed ages, 0.05 USDT per pic. Samples in bio, "
        "contact @freshfaces_bot",
        photo_count=5000, price=Price(0.05, "USDT", "item"), data_types=(FACE,)),
    _tg(1213, 28, "05:50", "offer",
        "Скан паспорта + селфи с паспортом, база 3 000 комплектов, 5 USDT за комплект. "
        "@pasport_scan",
        images=("lfw-sheet-d",), photo_count=3000, price=Price(5, "USDT", "item"),
        data_types=(ID, HANDHELD), since_revision=2),
)

BBS_FID = 37
BBS_FORUM = "数据交易区"


def _bbs(tid: int, day: int, hm: str, author: str, kind: str, title: str, text: str,
         replies: tuple[tuple[str, str], ...] = (), **kw: object) -> DemoPost:
    h, m = (int(x) for x in hm.split(":"))
    at = datetime(2026, 11, day, h, m, tzinfo=CST)
    reps = tuple(
        Reply(tid * 100 + 2 + i, who, said, at + timedelta(hours=3 + 5 * i, minutes=7 * i))
        for i, (who, said) in enumerate(replies)
    )
    return DemoPost(BBS, tid, text, author, at, kind, title=title, replies=reps, **kw)


BBS_POSTS: tuple[DemoPost, ...] = (
    _bbs(8801, 12, "21:16", "数据小王", "offer", "【出】人脸数据 大头照 5000张 10元打包",
         "人脸数据 大头照 5000张 10元打包，先到先得。\n下面是样图，要的加微信 xw_data_01",
         (("路人甲", "这么便宜？"), ("数据小王", "已私聊")),
         images=("lfw-thumb-1", "lfw-thumb-2", "lfw-thumb-3"), photo_count=5000,
         price=Price(10, "CNY", "bundle"), data_types=(FACE,)),
    _bbs(8802, 13, "09:02", "求料的老李", "buying", "求购 人脸照片 手持身份证 大量收",
         "求购 人脸照片、手持身份证照片，长期大量收，要求清晰无水印。\n有货联系QQ 1930552871",
         (("水水", "帮顶"),)),
    _bbs(8803, 14, "15:40", "口罩哥", "offer", "出 口罩人脸照片 约2万张 1000元",
         "出 口罩人脸照片 约2万张，1000元全部带走。\n样图如下，联系TG @kouzhao_ge",
         (("小白", "样图好像在电报群见过"),),
         images=("astronaut-watermark", "lfw-sheet-masked"), photo_count=20000,
         price=Price(1000, "CNY", "bundle"), data_types=(FACE,)),
    _bbs(8804, 15, "08:30", "新闻搬运工", "news", "转载：某市地铁全面启用人脸识别闸机",
         "据报道，某市地铁40个车站启用人脸识别闸机，乘客刷脸进站。专家提醒，人脸数据一旦泄露"
         "无法更改，运营方应公开数据保存期限。",
         (("围观群众", "刷脸方便是方便，就怕泄露"),)),
    _bbs(8805, 16, "22:05", "老K", "offer", "四件套 身份证正反面+手持+点头摇头视频",
         "四件套：身份证正反面+手持身份证+点头摇头视频，100元一套，可过脸。\n"
         "QQ 2479910356 微信同号",
         (("过客", "有没有测试的"), ("老K", "私聊")),
         images=("lfw-sheet-b",), photo_count=None, price=Price(100, "CNY", "item"),
         data_types=(ID, HANDHELD, VIDEO, KYC)),
    _bbs(8806, 17, "13:20", "安全小贴士", "tutorial", "【教程】警惕“照片活化”过脸诈骗",
         "最近有人利用照片活化软件骗过人脸识别，冒用他人身份注册贷款。大家不要把手持身份证"
         "照片发给任何人，发现售卖人脸照片的帖子请举报。"),
    _bbs(8807, 18, "10:00", "星辰科技HR", "job", "招聘 数据标注员（人脸关键点） 月薪6000",
         "招聘数据标注员若干，负责人脸关键点标注，每天约500张，月薪6000，包午餐。"
         "简历发 hr@xingchen-ai.example"),
    _bbs(8808, 19, "16:48", "实名料批发", "offer", "出 实名手持身份证照片 3千套 每套8元",
         "出 实名手持身份证照片 3千套，每套8元，可单买。\n联系QQ 3390127745",
         (("数据小王", "价格可以"),),
         images=("hopper-border",), photo_count=3000, price=Price(8, "CNY", "item"),
         data_types=(HANDHELD,)),
    _bbs(8809, 20, "11:11", "安防器材店", "device", "出售 人脸识别考勤机 门禁一体机",
         "全新人脸识别考勤机，可存3万张人脸，支持门禁联动，单价650元，包邮。"),
    _bbs(8810, 21, "20:30", "夜猫", "offer", "出 人脸照片 1.2万张 打包带走",
         "出 人脸照片 1.2万张，￥1500 打包带走，不拆卖。\nQQ/微信同号 2605173384",
         photo_count=12000, price=Price(1500, "CNY", "bundle"), data_types=(FACE,)),
)

SHOP_NAME = "Bazaar of Faces"


def _shop(n: int, day: int, hm: str, vendor: str, kind: str, title: str, text: str,
          **kw: object) -> DemoPost:
    h, m = (int(x) for x in hm.split(":"))
    return DemoPost(SHOP, n, text, vendor, datetime(2026, 11, day, h, m, tzinfo=UTC), kind,
                    title=title, **kw)


SHOP_POSTS: tuple[DemoPost, ...] = (
    _shop(501, 10, "12:00", "PixelVault", "offer", "Face photo pack 50k - high-res frontal",
          "Face photo pack: 50k high-res frontal face pics, mixed ages and genders. "
          "$1200 for the whole pack. Delivery by link within 1h. Contact: @pixelvault_shop",
          images=("hopper-small-q40",), photo_count=50000, price=Price(1200, "USD", "bundle"),
          data_types=(FACE,)),
    _shop(502, 11, "08:30", "kyc_master", "offer",
          "KYC set: passport scan + selfie with passport + liveness video",
          "Full KYC set: passport scan, selfie with passport and liveness video. "
          "2,000 sets in stock, 12 USDT per set. Escrow only. Telegram @kyc_master_x",
          images=("astronaut-mirror",), photo_count=2000, price=Price(12, "USDT", "item"),
          data_types=(ID, HANDHELD, VIDEO, KYC)),
    _shop(503, 12, "19:45", "Скан-Сервис", "offer", "Селфи с паспортом — база 5 000 шт",
          "Селфи с паспортом, база 5 000 шт, 300 руб за штуку. Опт от 100 шт. "
          "Связь: @scan_service_ru",
          images=("lfw-sheet-c",), photo_count=5000, price=Price(300, "RUB", "item"),
          data_types=(HANDHELD,)),
    _shop(504, 13, "07:10", "AccFarm", "other_goods", "Aged Telegram accounts + VPN keys",
          "Aged Telegram accounts (2019-2021), 3 USD each. WireGuard VPN keys, 30 days, 2 USD. "
          "Instant delivery.",
          images=("coffee",)),
    _shop(505, 14, "15:25", "buyer77", "buying", "WANTED: куплю фото лиц / buying face datasets",
          "Куплю фото лиц оптом, от 10 000 шт. Buying face datasets, frontal, good light. "
          "Send samples to @buyer77."),
    _shop(506, 15, "09:00", "SecureGate", "device", "Face recognition door access terminal",
          "Face recognition access terminal, 10,000 face capacity, 0.3 s verification, IP65. "
          "159 USD per unit, MOQ 10."),
    _shop(507, 16, "22:40", "fullz_king", "offer", "Fullz + selfie with ID, 1k sets",
          "Fullz with selfie holding ID, 1k sets, 25 USD each. Fresh, checked. @fullz_king",
          images=("lfw-sheet-a-q55", "lfw-face-30"), photo_count=1000,
          price=Price(25, "USD", "item"),
          data_types=(HANDHELD,)),
    _shop(508, 17, "11:30", "OpSecNotes", "tutorial",
          "Guide: how liveness checks catch replayed photos",
          "Free guide: how liveness checks catch replayed and animated photos, and why buying "
          "'verified selfies' gets accounts banned. No data for sale here."),
    _shop(509, 18, "13:15", "MaskData", "offer", "Masked face images ~20k",
          "Masked face images, about 20k photos, 140 USD for all. Good for training. "
          "Contact @maskdata",
          images=("lfw-sheet-masked",), photo_count=20000, price=Price(140, "USD", "bundle"),
          data_types=(FACE,)),
    _shop(510, 19, "18:05", "DataHire", "job", "Hiring: annotators for face landmark labelling",
          "Remote job: annotate face landmarks, about 500 images a day, 600 USD per month. "
          "Apply via @datahire_jobs"),
)

ALL_POSTS: tuple[DemoPost, ...] = TELEGRAM_POSTS + BBS_POSTS + SHOP_POSTS

# Revision 2: the 24k-photo offer drops its price (text and price change, same post).
_REVISED: dict[tuple[str, int], dict[str, object]] = {
    (TG, 1201): {
        "text": "出 人脸照片 2.4万张 2500元打包（降价）\n"
                "高清正脸，无重复，男女老少都有，支持验货。\n"
                "样图见下，联系 @liaoku_888 微信 lk-data2026",
        "price": Price(2500, "CNY", "bundle"),
    },
}


def posts(source: str, revision: int = 1) -> tuple[DemoPost, ...]:
    """The posts of one source as the site shows them at ``revision``, oldest first."""
    out = []
    for post in ALL_POSTS:
        if post.source != source or post.since_revision > revision:
            continue
        if revision >= 2 and (post.source, post.number) in _REVISED:
            post = replace(post, **_REVISED[(post.source, post.number)])  # type: ignore[arg-type]
        out.append(post)
    return tuple(sorted(out, key=lambda p: (p.posted_at, p.number)))

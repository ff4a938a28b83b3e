"""The multilingual vocabulary (Chinese, English, Russian) of goods, selling, buying and the
contexts that look like offers but are not (news, devices, tutorials, warnings, jobs, other goods).

Kept as data so the analyst can see why a post was flagged: every pattern belongs to a named
family, and the decision (``offer.py``) cites the phrase that matched. All patterns run on
NFKC-normalised text with contacts masked out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faceleak.crawler.extract.normalize import folded as _re

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Goods:
    """One goods phrase and the data types it stands for."""

    types: tuple[str, ...]
    pattern: re.Pattern[str]
    # Types that, when also named, absorb this phrase: a bare "selfie" in a post that sells
    # selfies holding an ID is that same selfie, not a separate face photo.
    absorbed_by: tuple[str, ...] = ()
    # A weak phrase ("video", "ID", "faces", "selfie") names the goods only in a seller's
    # context; the model weighs it apart from the specific ones.
    weak: bool = False
    folded: bool = True  # matches the lower-cased post (see ``_re``)


def _g(types: str, pattern: str, flags: int = _I, absorbed_by: str = "", weak: bool = False
       ) -> Goods:
    return Goods(tuple(types.split()), _re(pattern, flags), tuple(absorbed_by.split()),
                 weak, bool(flags & _I))


_FULL_SET = "id_card handheld_id face_video kyc_set"
# "селфи с ID (права, паспорт)": the brackets qualify the phrase, they are not more goods.
_PAREN = r"(?:\s*[(（][^)）\n]{0,30}[)）])?"

# Ordered most specific first: each match is masked before the next pattern runs, so
# "手持身[份分]证" is a handheld ID and not also a bare "身[份分]证",
# "селфи с паспортом" not a bare "селфи".
GOODS: tuple[Goods, ...] = (
    # whole KYC sets (a bank-card 四件套 is other goods: see ``BANK_KIT``)
    _g(_FULL_SET, r"(?:人脸|实名)?四件套|full\s*kyc|kyc\s*全套|полн\w*\s+(?:пакет|комплект)\w*\s*kyc|"
                  r"kyc\s*四件套"),
    _g("id_card handheld_id kyc_set", r"(?:人脸|实名)?三件套"),
    # "selfie + ID combos": a set of a plain selfie and a document image (DESIGN 4.2)
    _g("face_photo id_card kyc_set",
       r"[\"“]?(?:selfies?|faces?|photos?|face\s+(?:pics?|photos?))\s*(?:\+|&|and)\s*"
       r"(?:id|passport|dl|doc(?:ument)?)s?[\"”]?\s+(?:combos?|sets?|pairs?|packs?)|"
       r"[\"“]?(?:id|passport|dl)\s*(?:\+|&|and)\s*selfies?[\"”]?\s+(?:combos?|sets?|pairs?|packs?)"),
    _g("kyc_set", r"kyc[\s-]*(?:пак\w*|кит\w*)|kyc\s*(?:-?\s*verified\s+)?(?:packs?|sets?|bundles?|docs\s+packs?|kits?|"
                  r"combos?|packages?|комплект\w*|пакет\w*|набор\w*)|"
                  r"(?:verified\s+)?kyc\s+bundles?|实名套|"
                  r"kyc\s+实名料|kyc\s*套|[\"“]?(?:selfie|photo|face)\s*\+\s*id[\"”]?\s+combos?|id\s*\+\s*selfie\s+combos?|"
                  r"комплект\w*[ \t]+(?:документ\w*|kyc|верификац\w*)|верификационн\w*\s+комплект\w*"),
    # videos (before faces: "人脸视频", "face videos", "видео с лицом")
    _g("handheld_id face_video", r"手持(?:身[份分]证|证件)?视频|"
       r"видео(?:-?селфи)?[^.\n]{0,25}(?:держит|показывает|с)\s+(?:паспорт|документ|удостоверени)\w*|"
       r"videos?\s+(?:of\s+)?(?:people\s+)?holding\s+(?:their\s+|an?\s+)?(?:id|passport|document)s?"),
    _g("face_video", r"过脸动态|动态(?:物料|素材)|活化[^\s，,。]{0,4}?视频|(?:人脸|人像|过脸|活体|眨眼|张嘴|摇头|点头|转头|动作)\s?[^\s，,。+＋]{0,6}视频|活体视频|"
                     r"(?:face|liveness|selfie|verification|blink|head[- ]?turn|nod)\s*"
                     r"(?:verification\s*)?(?:videos?|vids?|clips?|recordings?)|"
                     r"liveness\s+(?:checks?\s+)?(?:videos?|clips?|footage)|"
                     r"видео(?:-?\s*(?:с\s+лиц\w*|лиц\w*|верификаци\w*|моргани\w*|селфи))|"
                     r"(?:видео)?запис\w*\s+лиц\w*|"
                     r"(?:自拍|露脸|真人)视频|活体(?:料|素材|数据)|"
                     r"(?:人脸|活体|真人|露脸|眨眼)\s*(?:videos?|vids?|clips?)|"
                     r"видеоселфи|видео\s*-?\s*селфи|селфи\s*-?\s*видео|video-?\s*селфи|selfie[\s-]+vids?|"
                     r"(?:видео|videos?|视频)[^\n.。]{0,30}?(?:моргн\w*|моргани\w*|кивн\w*|поворот\w*\s+голов\w*|"
                     r"повернуть\s+голову|blink\w*|\bnod\w*|turn\w*\s+(?:the\s+)?head|眨眼|摇头|点头|转头)|"
                     r"(?:face\s+)?verification\s+(?:videos?|clips?|recordings?)"),
    _g("face_video", r"(?:人脸|脸部|活体|验证|动作)[^\s，,。+]{0,4}影片", ),
    _g("face_video", r"视频|影片|\bvideos?\b|\bvids?\b|\bclips?\b|видео|видос\w*|ролик\w*|"
                     r"\bliveness\b(?!\s*(?:checks?|detection|tests?|api|sdk|bypass\w*|verification))|"
                     r"活体(?!检测|识别|验证|认证|算法|技术)", weak=True),
    # a photo of someone holding their document
    _g("handheld_id", r"手持[\u4e00-\u9fff]{1,4}?(?:身[份分]证|证件|护照)(?:自拍|照片|照)?|持[照证]自拍|拿着证件(?:的)?自拍|(?:(?:身[份分]证|护照|证件|sfz|aadhaar|cnic|nid|nin|ktp|mykad|philid|umid|驾照)\s?)?手持(?!稳定|云台|风扇|/落地|两用|式|设备|终端|机|小风扇|吸尘)(?:身[份分]证|证件|护照)?(?:自拍|照片|照)?|举证照?|"
                      r"(?:selfies?|photos?|pics?)[\s-]*(?:with|holding|w/)[\s-]*(?:an?\s+|their\s+|your\s+|the\s+|his\s+|her\s+)?"
                      r"(?:[\w-]+\s+)?(?:ids?|passports?|dls?|driver'?s?\s+licen[cs]es?|licen[cs]es?|documents?|docs?|cards?|it|them|"
                      r"cnh|dni|cnic|nic|the\s+\w+)\b" + _PAREN + "|"
                      r"selfies?[\s-]+holdin[g']?\b|holdin[g']?[\s-]+(?:selfies?|pics?|photos?)|"
                      r"(?:id|passport|document|card)[\s-]+holding\s+selfies?|"
                      r"(?:selfie|slefie|selfi)\s+(?:s|with)\s+pasport\w*|селфи\s+с\s+(?:ним|ней|ними)\b|"
                      r"(?:passport|id|licen[cs]e|document)\s+(?:card\s+)?(?:in\s+hand\s+)?selfies?|"
                      r"holding[\s-]+(?:an?\s+|the\s+|their\s+)?(?:id|passport|dl|licen[cs]e|document|card)s?(?:\s+selfies?)?\b|"
                      r"(?:(?:aadhaar|cnic|nid|nin|ktp|mykad|philid|umid|id|passport|dl)\s+)?\bhand[\s-]?held(?:\s+(?:id|passport|document)s?)?(?:\s+(?:pics?|photos?|selfies?))?\b" + _PAREN + "|"
                      r"hand\s*hold(?:ing)?\s+photos?|(?:ids?|passports?|documents?)\s+held\b|"
                      r"(?:селфи|селфак\w*|селфач\w*|фот\w*)\s+с\s+(?:паспорт\w*|патент\w*|загран\w*|id|документ\w*|док(?:ом|ами|ами)\b|прав\w*|удостоверени\w*)"
                      r"(?:\s+в\s+рук\w*)?" + _PAREN + r"|(?:паспорт\w*|документ\w*)\s+в\s+рук\w*|"
                      r"(?:селфи|фот\w*)\s+(?:(?!без\b|не\b)[\w.()]+\s+){0,3}\(?в\s+рук\w*|держ\w+\s+(?:паспорт|документ|удостоверени)\w*|"
                      r"拿着(?:身[份分]证|证件|护照)|(?:id|passport|document)\s+in\s+hand"),
    # identity documents ("passport cover", "для паспорта", "身[份分]证读卡器" are other goods)
    _g("id_card", r"身[份分]证(?!读卡|阅读|识别|复印|号|卡套|套|保护|夹)(?:正反面?|照片|照|图片)?|正反面?|"
                  r"(?:港澳|往来港澳|台湾)?通行证|台胞证|驾驶证|驾照|居住证|户口本|"
                  r"正面\s*[+、，,/]?\s*反面|护照(?![夹套包])|证件(?:照片|图片|正反|影像|图像|图档|扫描)|"
                  r"(?:id|passport|dl|driver'?s?\s+licen[cs]e|document|docs?)\s*(?:card\s*)?(?:scans?|photos?(?!graph)|front|"
                  r"back|pics?|images?)|passports?(?:\b|(?=[\u4e00-\u9fff]))(?!\s*(?:holders?|covers?|cases?|wallets?|size|photo\s+studio|photograph))|"
                  r"扫描件|扫描档|(?:人像|国徽)面|"
                  r"aadhaar|\bnic\b|driver'?s?\s+licen[cs]es?|\bdl\s+(?:front|back)|"
                  r"\bid\s+cards?\b(?!\s*(?:holders?|readers?|printers?|wallets?|sleeves?|templates?))|ид\s*-?\s*карт\w*|"
                  r"скан(?!ер)\w*\s+(?:паспорт\w*|документ\w*|прав\w*|удостоверени\w*)|фото\s+паспорт\w*|"
                  r"(?<!для\s)(?<!на\s)(?<!номер\s)(?<!номера\s)паспорт(?!н\w*\s+стол)\w*|загран\w*|водительск\w*\s+прав\w*|"
                  r"водительск\w*\s+удостоверени\w*|разворот\w*|\bВУ\b|ID-?карт\w*|id\s*карт\w*|"
                  r"personalausweis|reisepass|\bausweis\b|c[ée]dulas?|\bDNI\b|carte\s+d'identit[ée]|"
                  r"(?:licen[cs]e\s+)?photocards?|(?:provisional|driving)\s+licen[cs]es?|passport\s+copies|"
                  r"копи\w+\s+паспорт\w*|удостоверени\w*(?:\s+личности)?|уд\.\s*личности|"
                  r"kimlik|\bcccd\b|\bnid\b|\bpan\s*(?:cards?|卡)|passprt|\bpasport\w*|mykad|\bumid\b|\bnin\b(?:\s+slip)?|\bcnic\b|\bktp\b|ghana\s+card|\bcnh\b|"
                  r"\bcie\b|national\s+ids?|residence\s+permits?|aufenthaltstitel|titre\s+de\s+s[ée]jour|"
                  r"front\s*(?:/|&|and|\+)\s*back|лицев\w*\s*(?:/|\+|и)\s*оборот\w*"),
    # a bare "ID", but not "Apple ID", "Face ID" or a listing number ("ID: 4821")
    _g("id_card", r"(?<!Apple )(?<!Face )(?<!Steam )(?<!Game )(?<!Touch )\b[Ii]D\b(?!\s*[:#№=]|\s*\d)|"
                  r"\bIDs\b|\bRG\b|\bINE\b|\b[Dd]ocs\b|\b[Дд]ок(?:и|ов|ами)\b", 0, weak=True),
    _g("id_card", r"\bscans?\b|скан(?!ер)\w*|\bdls?\b|\bid(?=正|反|卡)", weak=True),
    # pinyin slang: sfz (身[份分]证), renlian (人脸), shouchi (手持)
    _g("handheld_id", r"\bshouchi\b|(?<![a-z])sc(?![a-z])(?=\s*(?:料|照|的|[（(]|\d))"),
    _g("id_card", r"\bsfz\b|shenfenzheng|\bzfm\b"),
    _g("face_photo", r"\bren\s?lian\b|\bdatou(?:zhao)?\b|\br\s?l\s+(?=照|图|料)|\bdt\b"),
    # faces ("selfie stick", "watch faces", "юр лица" and "фотоаппарат" are not)
    _g("face_photo", r"过脸料|(?<!过)(?<!刷)(?<!已)人脸(?!识别|验证|认证|核验|抓拍|模块|考勤|门禁|支付|信息|解锁|库容量|库\s*容量|面具|面膜)"
                     r"(?:照片|图片|图|照|数据|素材|库|样本|头像)?|大头照|头像照|人像照片?|"
                     r"大头(?=\s*[\d一二两三四五六七八九十])|大头(?:料|货|图)|正脸照?|侧脸照?|(?<![证件卡])正面照|"
                     r"(?:plain|ordinary|regular|normal|simple|real|raw|genuine|phone[- ]camera)\s+selfies?|обычн\w*\s+селфи|普通自拍|"
                     r"证件照(?!机|拍照机|打印)|免冠照?|本人(?:近照|正脸照?)|近照|真人(?:照片|自拍|头像)|脸部(?:照片|图片|素材|影像|照)|(?<![a-z部])脸(?:照|图|相)(?:照片|图片|素材)?|大头[相贴]|"
                     r"人脸底库|底库照片?|"
                     r"face\s*(?:photos?|pics?|pictures?|images?|imgs?|dataset|data|shots?|crops?|scans?)|face\s+only\b|本人(?:头像|照片)|"
                     r"faceset|face\s+sets?|headshots?|mugshots?|selfie\s+(?:photos?|pics?)|"
                     r"(?:photos?|pics?|pictures?)\s+of\s+(?:the\s+)?(?:real\s+|actual\s+|live\s+)?(?:people'?s\s+)?(?:faces?|people|ppl)|photos?\s+of\s+the\s+(?:holder|owner)|owner'?s\s+face\s+pics?|fase\s*pics?|头象|本人生活照|生活照|кадр\w*\s+(?:с\s+)?лиц\w*|лиц[оа]\s+в\s+кадре|фотк\w*\s+живых\s+людей|фейс(?!\s*(?:айди|айди|id))\w*|(?<=\+)\s*лицо\b|face\s*(?:db|database|dump|base)\b|"
                     r"profile\s+(?:photos?|pics?|pictures?)|(?:client|customer|user|people'?s?)\s+portraits|"
                     r"passport[- ](?:size\s+)?photographs?|\bface\s*(?:\+|&|and)\s*(?=ids?\s+(?:pics?|photos?|scans?))|"
                     r"баз\w*\s+селфи|селфи[- ]баз\w*|selfie\s+(?:base|db|database|dump)|"
                     r"portrait\s+(?:photos?|pics?|images?)|real\s+(?:people\s+)?(?:photos|pics)|"
                     r"фот\w*\s*(?:лиц(?!ев)\w*|людей|человек|владельц\w*)|баз\w*\s+лиц\b|"
                     r"баз\w*\s+портрет\w*|портрет\w*\s+\(?фото|фото\s*лица|лица?\s+анфас|\bанфас\b|фото\s+на\s+(?:паспорт|документ)\w*"),
    _g("face_photo", r"(?:girls?|women|ladies|guys|men)\s+(?:pics?|photos?|selfies?)|"
                     r"(?<!watch )(?<!clock )\bfaces\b|\bportraits?\b|(?<=[出卖])脸|大头(?![贴鞋娃菜儿针])|"
                     r"(?<!юр\s)(?<!физ\s)(?<!юр\.\s)(?<!физ\.\s)(?<!для\s)\bлица\b|\bлиц\b", weak=True),
    # bare selfies: face photos, unless the post sells selfies holding an ID
    _g("face_photo", r"自拍(?!杆|神器|灯)照?|(?:selfies?|slefies?|selfy|selfi\b)(?!\s*(?:sticks?|lights?|rings?|cameras?))|"
                     r"(?:селфи|сэлфи)(?!\s*-?\s*пал)|селфач\w*|селфак\w*|人像(?!摄影|拍摄|镜头|模式|写真|面|视频)", absorbed_by="handheld_id", weak=True),
)

# Passing on someone else's offer ("转自 @x 频道", "帮朋友转一下", "forwarded from"): relayed
# goods are still on offer, unlike goods quoted to report them.
RELAYED = _re(r"转自|转发(?!提醒)|帮朋友|替朋友|朋友的料|forwarded\s+from|\brepost\w*|\bfwd\b|"
              r"пересыла\w*|переслан\w*|репост\w*|от\s+друга", _I)

# Where a post turns from chatter to business: contexts before it are not the post's.
TOPIC_SHIFT = _re(r"说正事|言归正传|回到正题|正题|进入正题|顺便说|\banyway\b|\bbtw\b|by\s+the\s+way|"
                  r"shameless\s+plug|back\s+to\s+business|кстати|"
                  r"к\s+делу|по\s+делу|ближе\s+к\s+делу", _I)

# Extra phrases that name the goods without a type of their own.
GOODS_EXTRA = _re(r"过脸|人脸库(?!\s*容量)|(?<!号)(?<!卡)实名料", _I)

# Selling verbs. Weak ones ("have", "available", "in stock") are seller phrases below.
SELL = _re(
    r"出售|售卖|销售|售出|便宜出|急出|贱卖|亏本出|特价出|(?<!买)卖(?!家)|批发|转让|清仓|甩卖|现货|有货|供应|兜售|大量出|低价出|全出|长期出|现出|"
    r"(?:^|(?<=[\s，,。.!！:：、【\[（(|]))出(?=[\s，,。!！:：】\]]|[一二两三四五六七八九十\d]|"
    r"人脸|大头|手持|身份|四件套|三件套|正反|实名|料|成品|海外|港澳|高清|kyc|KYC|护照|证件|活体|视频|自拍)|"
    r"出(?=人脸|大头|手持|身份|四件套|三件套|正反|实名|料|一批|护照|证件|活体|自拍)|"
    r"\bsell(?:ing|s|in)?\b|for\s+sale|\bWTS\b|\boffering\b|"
    r"прода[мюёе]\w*|продаж\w*|отдам|сливаю|солью|реализую|опт(?:ом|овые|овая|овый)?\b",
    _I,
)
# Seller phrasing without a verb: "要的私", "量大从优", "escrow ok", "the lot".
SELLER_PHRASE = _re(
    r"起批|不零售|零售勿扰|库存|新料|老料|到货|现有|\bhave\b|\bavailable\b|\bin\s+stock\b|\bstock\b|в\s+наличии|наличие|есть\s+\d|"
    r"有需要|需要的|要的(?:私|来|滴滴|加|联系)|私聊|私我|滴滴|量(?:很|超|非常)?大|打包|带走|拿走|包走|可分批|支持验货|担保|中介|"
    r"自动发货|秒发|不议价|价格私|价格好说|可小刀|诚心要|先款|可验|欢迎咨询|咨询|"
    r"\bescrow\b|\bbulk\b|the\s+lot|\bobo\b|\bhmu\b|\bDM\b|\bPM\b|on\s+request|for\s+all|"
    r"\binstant\s+delivery\b|\bauto[- ]?delivery\b|\bprices?\b|\bfresh\b|\bupdated\b|"
    r"\bgot\s+(?:like\s+|about\s+|around\s+|~\s*)?\d|\btakes\s+all\b|\basking\b|\bwhole\s+(?:dump|lot|set|folder)\b|\bfull\s+dump\b|"
    r"出货|出清|手上有|手里有|本人有|"
    r"пишите|писать|связь|за\s+вс[её]|гарант|обращайтесь|в\s+лс|свежи[ей]|"
    r"автовыдач\w*|прайс|\bvendor\b|\bshop\b|магазин\w*|本店|店铺",
    _I,
)
# Asking to buy. Strong words say it outright; weak ones ("need", "нужны") also appear in
# sellers' calls ("需要的加V", "need more? DM"), so the model weighs them apart.
BUY = _re(
    r"求购|收购|回收|只收(?!\s*(?:u(?![a-z])|usdt|btc|eth|trx|币|现金|支付宝|微信|人民币|美金|泰达|[\d.]+\s*u))|高价收|长期收|大量收|(?<!不)收(?=\s*(?:人脸|大头|手持|身份|四件套|三件套|正反|实名|料(?!的)|kyc|视频|照片|护照))|"
    r"^收\s|^收(?![到款藏费货了])(?=[\u4e00-\u9fff])|(?:^|(?<=[\s，,。!！]))收[!！:：]|买到|哪里(?:能|可以)?买|想买|要买|有没有(?:出|卖|人)|谁.{0,4}有|"
    r"有出[^\n。？?]{0,8}?的吗|收(?=一点)|хочу\s+(?:взять|купить|заказать)|кто\s+брал|"
    r"求(?:一|个|点|些|带)|征求|[\[【]征[\]】]|有货的|有资源的|有的(?:私|滴滴|联系|老板)|急需|(?<!不)收(?:一批|一些|点|料(?!的))|"
    r"ищу\s+поставщик\w*|готов\w*\s+(?:платить|купить)|ready\s+to\s+pay|"
    r"\bneed\s+\d|\bwould\s+buy\b|\bi'?d\s+buy\b|"
    r"\bWTB\b|\bbuying\b|looking\s+(?:for|to\s+(?:buy|purchase|license|licence|acquire|source))|anyone\s+(?:selling|ha(?:s|ve)|got)|i'?ll\s+take|"
    r"who\s+(?:sells|has|can\s+(?:sell|provide|supply))|\bsell\s+me\b|\bin\s+search\s+of\b|"
    r"where\s+(?:to|can\s+i)\s+(?:buy|get|find)|will\s+pay|\bpaying\b|want\s+to\s+buy|i\s+want\s+to\s+get|"
    r"кто\s+(?:может\s+)?прода\w*|где\s+(?:купить|взять|найти)|"
    r"куплю|покупаю|скупаю|скупк\w*|выплат\w*|\bpayouts?\b|\bищу\b(?!\s+(?:оптовик|клиент|покупател|партн|реселлер))|плачу|платим|приму|принимаю|возьму|беру\b(?!\s+только\s+(?:usdt|btc|крипт\w*|наличн\w*|бакс\w*|\$))|"
    r"\bbudget\s*(?:is\s*|of\s*|[:~]\s*)?(?:(?:around|about|up\s+to|approx\.?)\s*)?(?:\$|\d)|预算|бюджет\w*",
    _I,
)
BUY_WEAK = _re(
    r"\bneed(?:ed)?\b|\bwanted\b|нужн[аыо]|нужен|想要|需求|要(?=\s*\d)",
    _I,
)
# Selling and buying at once is still selling (DESIGN 4.2): 出收, "buy & sell".
BUY_AND_SELL = _re(
    r"出收|收出|长期收出|收[/、,，&和]出|出[/、,，&和]收|收[^\n。]{0,12}[,，]\s*(?:也|还|同时)出|"
    r"\bbuying\b[^.\n]{0,30}\balso\s+selling\b|\balso\s+selling\b|"
    r"buy(?:ing)?\s*(?:&|and|/|\+)\s*sell(?:ing)?|sell(?:ing)?\s*(?:&|and|/|\+)\s*buy(?:ing)?|"
    r"WTB\s*/\s*WTS|WTS\s*/\s*WTB|"
    r"\bselling\b[^.\n]{0,40}\bbuying\b|продаю[^.\n]{0,40}\bкуплю\b|"
    r"куплю\s*(?:/|и|,)\s*продам|продам\s*(?:/|и|,)\s*куплю|покупка\s+и\s+продажа|скупка\s+и\s+продажа|"
    r"прода\w+\s*(?:/|и|,)\s*(?:покупа|скупа)\w+|(?:покупа|скупа)\w+\s*(?:/|и|,)\s*прода\w+",
    _I,
)
# A goods word right after one of these is not on offer: "no scans", 不含视频, без видео.
NEGATION = _re(
    r"(?:(?:没有|没|非|无|不含|不带|不包括|不包含|不提供|不出|无需)(?:任何)?\s*[:：]?\s*"
    r"|(?:\bno\b|\bnot\b|\bwithout\b|\bw/o\b|\bexcl(?:\.|uding|udes?)?\b|\bminus\b|"
    r"\bno\s+(?:selling|sales?\s+of|posting|ads\s+for)\b|\bremoved\b|下架了?|удалил\w*|не\s+(?:включ\w*|дела\w*|прода\w*)|\bбез\b|\bнет\b|\bкроме\b|\bникаки\w*)"
    r"[\s:：,，]*(?:(?:any|real|the|их|всяких)\s+)?)$",
    _I,
)

# A context word after one of these is denied, not meant: "no app needed", 别举报, 无需下载.
CONTEXT_NEGATION = _re(
    r"(?:别|勿|不用|无需|不需要|不要|没有|不是|\bno\b|\bnot?\b|\bnon-|\bwithout\b|\bzero\b|\bбез\b|before\s+you|"
    r"\bникаки\w*|\bне\b)\s*(?:\w+\s+|[\u4e00-\u9fff]{1,3})?$",
    _I,
)

# A goods word after one of these describes a device's capacity or a camera's use, not goods:
# "可存2万张人脸", "stores up to 30,000 faces", "拍大头照神器".
CAPACITY = _re(
    r"(?:(?:可存|可录入|录入|容量|存储|支持|лимит\w*|\bcapacity\b|\bstores?\b|\bholds?\b|up\s+to|"
    r"вмещает|хранит\w*|\bдо\b)[^\n。;；]{0,14}|(?<!实)(?<!自)拍(?:摄)?\s?|"
    r"(?:сканер\w*|считывател\w*|ридер\w*|scanners?|readers?)\s+(?:для\s+|for\s+)?)$",
    _I,
)

# "for Face ID bypass", 用来刷门禁, для обхода Face ID: the device is what the goods defeat,
# not what is sold.
PURPOSE = _re(
    r"(?:\bfor\b|\bbypass\w*|\bto\s+(?:pass|fool|beat|test)|\bagainst\b|用来|适合|可用于|用于|刷|过|测试|"
    r"для|обход\w*|прохожд\w*)[^\n.。]{0,12}$",
    _I,
)

# A bank-card "四件套" (card, U盾, SIM, password) is the same argot for other goods.
BANK_KIT = _re(
    r"银行卡|U盾|网银|对公|卡\s*[+＋]|手机卡|\bbank\s*(?:cards?|accounts?)\b|банковск\w*\s+карт\w*|дроп\w*",
    _I,
)

# Contexts in which goods words are talked about, not sold: (feature, label, pattern).
# Each family is one feature of the offer model, weighed by fitting, not by hand.
CONTEXTS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("ctx_news", "news", _re(
        r"据.{0,12}报道|报道称|媒体报道|暗网上|на\s+теневых\s+форумах|в\s+даркнете|on\s+(?:dark|shadow)\s*(?:web\s+)?(?:forums|markets)|记者|新华社|新京报|警方|公安|破获|嫌疑人|犯罪|法院|判决|判处|被告|有期徒刑|"
        r"涉案|调查|介入|泄露|曝光|专家|引关注|新闻|被判|以(?:每.)?[\d.一二三四五六七八九十两百千万]+(?:元|块|美元)?的价格|一案|案件|"
        r"\bpolice\b|arrested|researchers?|reporters?|being\s+sold|key\s+findings|"
        r"in\s+this\s+(?:post|article|report|thread)\s+we\b|we\s+walk\s+through|according\s+to|\babstract\b|keywords\s*:|\bmedian\b|"
        r"we\s+(?:crawled|collected|analy[sz]ed|measured|studied|surveyed)|研究(?:团队|简报|报告|人员|发现)|"
        r"结果显示|中位数|研究员|漏洞|已修复|越权|摘要\s*[:：]|本研究|本文|抽样|统计显示|做了(?:抽样)?统计|报告全文|我们(?:在|对)[^。\n]{0,24}(?:观察|统计|调查|分析|收集)|"
        r"state\s+media|journalists?|"
        r"\bcourt\b|sentenc(?:ed|ing)|prosecutors?|investigat\w+|\bcharged\b|\bbreach\b|"
        r"defendants?|pleaded\s+guilty|indict\w*|\bDOJ\b|department\s+of\s+justice|convicted|"
        r"(?:was|were|had|has|have|who|which|that|gang|they|he|she)\s+sold\b|сообщи\w*|ФСБ|пресечени\w*|"
        r"эксперт\w*|спрос\b|аналитик\w*|price\s+index|"
        # an average price is a market report's; "в среднем 8 фото на человека" is a seller's
        r"(?:on\s+average|\baverag\w*|в\s+среднем|平均)(?=[^.\n。]{0,24}(?:\$|₽|元|руб|usd|price|цен|价|\d\s*(?:u|usdt)\b))|"
        r"хакер\w*|выложил\w*|пытались\s+продать|tried\s+to\s+sell|hackers?\b|"
        r"продавал\w*|штраф\w*|卖了|出售了|"
        r"полици\w*|задержал\w*|\bсуд\b|приговор\w*|МВД|сообща\w*|СМИ|утечк\w*|"
        r"следств\w*|уголовн\w*|журналист\w*|расследован\w*|исследовани\w*|"
        r"отч[её]т\w*\s+(?:исследовател|аналитик|компани|о\s+утечк)\w*|"
        r"проанализир\w*", _I)),
    ("ctx_report", "report", _re(
        r"举报|看到(?:有人|一个|这个)|转发提醒|"
        r"\breport(?:ed|s|ing)?\b|\bspotted\b|\bfound\s+this\b|screenshot|quote[ds]?\b|"
        r"\bad\s+(?:says|reads)|\bclaimed\b|@?mods\b|pls\s+ban|please\s+ban|keeps\s+posting|(?:он|она|они)\s+просит|\b(?:he|she|they)\s+(?:asks?|charges?|wants?)\b|\bsellers?\s+(?:offering|selling)\b|"
        r"有人(?:在)?(?:卖|出售|兜售)|卖家(?:称|表示)|网上说|听说|有人发|管管|刷屏|"
        r"видел\w*\s+(?:на|в|у)\b|(?:чел|кто-то|какой-то\s+\w+)\s+прода[её]т|"
        r"(?:someone|some\s+guy|a\s+guy)\s+(?:is\s+)?(?:selling|sells)\b|"
        r"пожаловал\w*|жалоб\w*|наткнул\w*|скрин\w*|репорт\w*|объявлени\w*", _I)),
    ("ctx_review", "buyer's review", _re(
        r"买了|收到货|已收到|评价|反馈|回馈|好评|回购|拿了|推荐给大家|\bbought\b|\bvouch\w*(?!\s+(?:members|users|buyers|only))|\breview\b|"
        r"\bordered\b|\bgot\s+mine\b|\bfeedback\b|will\s+buy\s+again|"
        r"заказал\w*|купил\w*|отзыв\w*|получил\w*", _I)),
    ("ctx_reply", "reply quoting a post", _re(
        r"^\s*(?:回复|re:|引用|quoting|цитата)|发表于|\bwrote:|написал\w*:|^\s*>", _I | re.M)),
    ("ctx_device", "device", _re(
        r"门禁|考勤|闸机|一体机|终端|读卡器|人脸识别|刷脸|摄像头|监控|抓拍|SDK|模组|模块|"
        r"单反|微单|佳能|尼康|\bcanon\b|\bnikon\b|\bdslr\b|\blens(?:es)?\b|фотоаппарат\w*|相机(?!拍|直拍)|打印机|手机壳|"
        r"access\s+control|terminal|recognition|(?<!phone\s)camera(?!\s+(?:quality|roll|photos?))|door\s*lock|"
        r"face\s*id\b|神器|"
        r"\blens\b|\bscanner\b|\bphone\s+cases?\b|\breaders?\b|attendance|\bmachines?\b|ring\s+lights?|证件照(?:机|拍照机)|拍照机|自助机|"
        r"прошивк\w*|firmware|"
        r"турникет\w*|терминал\w*|СКУД|распознаван\w*|камер\w*|фотоаппарат\w*", _I)),
    ("ctx_app", "app", _re(
        r"接口|私有化部署|\bocr\b|"
        r"(?<=[\u4e00-\u9fff])app|(?<![a-z])app(?=[\u4e00-\u9fff])|下载(?!后\s*\d*\s*小时内删除)|开源|源码|授权|激活码|软件|插件|脚本|工具|小程序|"
        r"as\s+a\s+service|book\s+a\s+demo|\bAPI\b|\bsoftware\b|\bplugin\b|\bscript\b|\btool\b|"
        r"(?:commercial|research|lifetime|perpetual|annual|software)\s+licen[cs]e|"
        r"licen[cs]e\s+(?:keys?|fees?)|licensed\s+under|royalty[- ]free|face\s*swap\s+app|"
        r"(?:our|this|new|mobile|android|ios)\s+apps?\b|\bapps?\s+(?:for|to|that|which|lets?|allows?)\b|"
        r"download\s+(?:our|the\s+app|free|now|link\s+for\s+the\s+app)|open[- ]source|"
        r"приложени\w*|скачать|программ\w*|софт\w*|скрипт\w*", _I)),
    ("ctx_synthetic", "AI-generated", _re(
        r"(?<!no\s)(?<!not\s)(?<!zero\s)(?<!non-)(?<!不是)(?<!非)(?<!не\s)(?:synthetic|ai[- ]generated|generated\s+faces?|"
        r"(?<!обучения\s)(?<!для\s)нейросет\w*|"
        r"gan\b|stylegan|deepfake|not\s+real\s+people|no\s+real\s+(?:people|persons?)|"
        r"AI\s*生成|AI\s*合成|生成模型|不存在这些人|\bcartoon\w*|hand-drawn|卡通|мультяшн\w*|虚拟人|非真人|不是真人|模型生成|AI图包|生成的|合成的|换脸(?!素材|料|用)|не\s+реальн\w*\s+люд\w*|сгенерирован\w*|синтетик\w*|"
        r"нейросетев\w*|несуществующ\w*|ai\s+faces|none\s+of\s+(?:these|them|the)\s+(?:people\s+)?exist|people\s+who\s+(?:don'?t|do\s+not)\s+exist)", _I)),
    ("ctx_template", "template", _re(
        r"模板|模版|PSD|源文件|生成器|образц\w*\s+документ\w*|образец\s+документ\w*|\btemplates?\b|\bpsd\b|\bgenerator\b|\bmockups?\b|"
        r"\bnovelty\b|\bprop\b|шаблон\w*|макет\w*|генератор\w*|отрисовк\w*", _I)),
    ("ctx_dataset", "research dataset", _re(
        r"(?<!非)公开数据集|学术|论文|免费分享|"
        r"\bacademic\b|\bresearch\b|\bpaper\b|CC\s*BY|\bbenchmark\b|\barxiv\b|"
        r"исследовател\w*|научн\w*|датасет\w*\s+для\s+исследован\w*|"
        r"licensed\s+dataset|consent(?:ed|ing)\b|challenge|competition|prize|contest|register\s+at|"
        r"比赛|竞赛|奖金|конкурс\w*|соревнован\w*", _I)),
    ("ctx_free", "free giveaway", _re(
        r"免费(?:送|领|分享|下载)|白送|赠送|\bfor\s+free\b|\bfree\s+(?:download|giveaway|for\s+all)\b|"
        r"\bgiveaway\b|\bfree\b(?!\s+(?:shipping|delivery))|no\s+payment|无偿|免费(?!送货|配送|包邮)|"
        r"бесплатн\w*(?!\s+доставк)|раздач\w*|даром|халяв\w*", _I)),
    ("ctx_service", "verification service", _re(
        r"проверк\w*\s+паспорт\w*|верификаци\w*\s+личност\w*|identity\s+verification|для\s+(?:вашего\s+)?бизнеса|for\s+your\s+(?:business|app|platform)|代办|签证|\bvisa\s+(?:assistance|service|agency|application)|визов\w*\s+(?:центр|поддержк)\w*|代过|代做|代认证|代实名|帮(?:你|您)?过|包过(?!\s*[,，]?\s*(?:不过|过不了)\s*(?:包?退|包?换))|代刷|认证服务|"
        r"we\s+(?:pass|verify|complete|do)\s+(?:your\s+)?(?:kyc|verification)|"
        r"(?:kyc|verification)\s+(?:bypass|passing)\s+service|verification\s+service|"
        r"pass\s+(?:any\s+)?kyc\s+for\s+you|"
        r"пройд[уём]\w*\s+(?:за\s+вас\s+)?(?:верификаци\w*|kyc)|верификаци\w*\s+под\s+ключ|"
        r"услуг\w*\s+верификаци\w*|接P图|[接做]?P图|换头|换背景|改证件照|(?:photo\s*)?(?:editing|photoshop)\s+service|"
        r"за\s+проверку|per\s+(?:check|verification|lookup|request)\b|按次(?:计费|收费)?|"
        r"/\s*(?:mo|month|мес)\b|per\s+month|a\s+month\b|в\s+месяц", _I)),
    ("ctx_tutorial", "tutorial", _re(
        r"视频课|网课|真题|"
        r"\bexplainer\b|how\s+\w+(?:\s+\w+)?\s+(?:are|is)\s+made|"
        r"教程|如何|怎么|手把手|指南|三招|课程|"
        r"tutorial|how\s+to|\bguide\b|educational|\bcourse\b|\bwebinar\b|"
        r"^как\s|\bгайд\w*|инструкци\w*|разбор\w*|курс\w*|"
        r"обучени(?:е|я|ю|ем|и)\b(?!\s+(?:нейросет|нейронн|моделей|модели|ии\b|ai\b|ml\b|алгоритм))", _I)),
    ("ctx_warning", "warning", _re(
        r"提醒|警惕|骗子|诈骗|防骗|反诈|千万别|不要(?:买|信|相信|上当)|以防|保护|曝光|"
        r"小心|注意(?!\s*[:：])|避雷|踩雷|别信|报警|禁止|严禁|违者|禁言|版规|已删除|版主|封禁|\bprohibited\b|\bforbidden\b|"
        r"求助|维权|被人|如果你的|"
        r"запрещ\w*|don'?t\s+pay|instant\s+ban|\bbanned\b|group\s+rules|chat\s+rules|群规|правила\s+(?:чата|группы)|забанен\w*|"
        r"\bscam\w*|beware|warning|\bdon'?t\s+buy|protect|fraudsters?|\bPSA\b|\bripp(?:er|ed)\b|"
        r"do\s+not\s+(?:send|pay|buy|trust)|\bbanned\b|骗了|上当|找人|寻人|寻物|遗失|失物|拾到|丢失|"
        r"осторожно|мошенни\w*|кидал\w*|кидок|кинул\w*|слился|развод\w*|не\s+покупайте|"
        r"защити\w*|предупрежда\w*|внимание", _I)),
    # a deal gone wrong, told to a forum's arbiter: the goods are what was bought
    ("ctx_dispute", "dispute", _re(
        r"arbitration|\bdispute\b|担保规则|本群规则|交押金|押金|保证金|арбитраж\w*|裁定|仲裁|纠纷|维权|\brefund\s+request|требую\s+возврат\w*|"
        r"(?:escrow|гарант|中介)\s*[:：]\s*[@\x00]|"  # contacts are masked (NULs) by now
        r"(?:^|\n)\s*(?:buyer|покупатель|买家)\s*[:：]\s*(?:me|я|[@\x00])", _I)),
    # a document someone lost or found
    ("ctx_lost", "lost or found", _re(
        r"捡到|失主|丢失|遗失|招领|\blost\s*:|\bif\s+found\b|\bfound\s+(?:a|an|this)\b|"
        r"потерял\w*|нашл[аи]?\b|найден\w*|утерян\w*|"
        r"\brenew(?:al|ed|ing)?\b|got\s+rejected|поменял\w*\s+паспорт|замен\w*\s+паспорт|换证|补办", _I)),
    # talk about the market: what goods used to fetch, what nobody wants now
    ("ctx_market_talk", "talk about the market", _re(
        r"行情(?!价)|没人要|涨到|涨价|上涨|跌到|价格已从|报告显示|数据显示|烂大街|前两年|倒贴|以前(?:还)?能卖|都不值钱|"
        r"who\s+(?:still\s+)?pays|prices?\s+(?:have\s+)?(?:dropped|crashed|collapsed|tanked)|"
        r"back\s+in\s+the\s+day|used\s+to\s+(?:sell|go|cost|fetch)\s+for|"
        r"цены\s+(?:упали|рухнули|просели)|никому\s+не\s+нужн\w*|раньше\s+(?:продавал\w*|стоил\w*|брали)|"
        r"откуда\s+(?:такие\s+)?базы", _I)),
    # "Not buying, not selling", "ничего не продаю": the author says they trade nothing
    ("ctx_not_trading", "says it sells nothing", _re(
        r"\bnot\s+(?:buying\s*(?:,|/|or|and|nor)\s*(?:not\s+)?)?selling(?:\s+anything)?\b|"
        r"\bnot\s+for\s+sale\b|\bnothing\s+(?:is\s+)?for\s+sale\b|ничего\s+не\s+прода\w*|"
        r"не\s+продаю\s+и\s+не\s+покупаю|не\s+торгую|不买(?:也)?不卖|不卖不收|不做买卖", _I)),
    ("ctx_job", "job ad", _re(
        r"招聘|急招|招募|兼职|日结|薪|工资|岗位|标注员|"
        r"hiring|\bjob\b|salary|/\s*h(?:ou)?r\b|apply\b|annotators?|\bremote\s+work\b|casting|"
        r"model\s+agency|get\s+paid|paid\s+(?:study|survey|research)|participants?\b|"
        r"join\s+our\s+(?:study|panel|research)|volunteers?|志愿者|受试者|участник\w*\s+исследован\w*|"
        r"асессор\w*|дроп\w*|за\s+прохождение|удал[её]нк\w*|\bgig\b|labell?ing|платим|we\s+pay\b|报酬|标注员|招.{0,6}标注|"
        r"ваканси\w*|зарплат\w*|требуются|ищем|разметчик\w*|подработк\w*|оплата\s+\d[^,]*?/\s*час", _I)),
    ("ctx_photo_service", "photo service", _re(
        r"(?<!真人)(?<!真人实地)拍摄|摄影|立等可取|照相馆|换底|修图|冲印|婚纱|写真|"
        r"打印|相纸|冲洗|签证照|即拍|预约|专门店|照相|\bprinting\b|retouch\w*|photo\s+booth|passport\s+size|walk-ins?|"
        r"\bprints\b|\bbook\s+(?:on|now|at)\b|signed\s+a\s+release|licensing|stock\s+portfolio|"
        r"photography|photographer|studio|\bphotoshoot\b|\bwedding\b|stock\s+(?:library|photos?|images?|portraits?|headshots?)|model[\s-]released|royalty[\s-]free|"
        r"model\s+releases?|signed\s+releases?|\blicen[cs]es?\s+(?:from|start\w*|for|at)\b|"
        r"МФЦ|фото\s+на\s+(?:паспорт|документ)|фотограф(?:а|у|ом|ы|ов|ам)?\b|съемк\w*|съёмк\w*|фотосесси\w*|фотостуди\w*", _I)),
    ("ctx_other_goods", "other goods", OTHER_GOODS := _re(
        r"(?:QQ|微信|抖音|快手|支付宝|淘宝|闲鱼|飞机|TG)(?:实名|老|小|靓|白)?号|账号|会员|Apple\s*ID|VPN|"
        r"collectibles?|vintage|antique|коллекционн\w*|антиквар\w*|梯子|机场|代理(?:IP|服务器|节点|软件)|IP代理|Netflix|合租|靓号|"
        r"(?:verified|aged|kyc'?d|old|fresh|premium|bulk|\d+k?)\s+(?:\w+\s+)?accounts?\b|"
        r"纯文本|纯文字|不带图|\btext[\s-]only\b|только\s+текст\w*|面具|硅胶|头套|\baccounts?\s+(?:for\s+sale|with\s+kyc)|\blogins?\b|\bfullz\b(?!\s*(?:w/|with|\+|&)\s*(?:pics?|photos?|selfies?|scans?|dl|ids?|images?))|"
        r"kyc(?:'d|\s+(?:passed|done|completed|verified))|prox(?:y|ies)|spotify|чехл?\w*|"
        r"\b(?:passport|id\s*card)\s+(?:holders?|wallets?|covers?|cases?|sleeves?)\b|"
        r"номер\w*\s+паспорт\w*|passport\s+numbers?|身[份分]证号|\bssn\b|\bФИО\b|护照[夹套包]|证件[夹套包]|卡套|"
        r"\b(?:crypto\s+)?leads\b|实名手机号|(?:实名)?手机卡|电话卡|\bsim\s*cards?\b|сим-?карт\w*|手机号(?:段|码?(?:数据|资源|库|料))|号段|快递(?:单|数据)|"
        r"номер\w*\s+телефон\w*|обложк\w*|"
        r"аккаунт\w*|акки|прокси|впн|\bcvv\b|\bdumps\b|\bcc\b", _I)),
)

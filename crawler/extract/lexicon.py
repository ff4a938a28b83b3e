"""The multilingual vocabulary (Chinese, English, Russian) of goods, selling, buying and the
contexts that look like offers but are not (news, devices, tutorials, warnings, jobs, other goods).

Kept as data so the analyst can see why a post was flagged: every pattern belongs to a named
family, and the decision (``offer.py``) cites the phrase that matched. All patterns run on
NFKC-normalised text with contacts masked out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Goods:
    """One goods phrase and the data types it stands for."""

    types: tuple[str, ...]
    pattern: re.Pattern[str]
    # Types that, when also named, absorb this phrase: a bare "selfie" in a post that sells
    # selfies holding an ID is that same selfie, not a separate face photo.
    absorbed_by: tuple[str, ...] = ()


def _g(types: str, pattern: str, flags: int = _I, absorbed_by: str = "") -> Goods:
    return Goods(tuple(types.split()), re.compile(pattern, flags), tuple(absorbed_by.split()))


_FULL_SET = "id_card handheld_id face_video kyc_set"
# "селфи с ID (права, паспорт)": the brackets qualify the phrase, they are not more goods.
_PAREN = r"(?:\s*[(（][^)）\n]{0,30}[)）])?"

# Ordered most specific first: each match is masked before the next pattern runs, so
# "手持身份证" is a handheld ID and not also a bare "身份证",
# "селфи с паспортом" not a bare "селфи".
GOODS: tuple[Goods, ...] = (
    # whole KYC sets
    _g(_FULL_SET, r"四件套|full\s*kyc|полн\w*\s+(?:пакет|комплект)\w*\s*kyc|"
                  r"kyc\s*四件套"),
    _g("id_card handheld_id kyc_set", r"三件套"),
    _g("kyc_set", r"kyc\s*(?:-?\s*verified\s+)?(?:packs?|sets?|bundles?|docs\s+packs?|kits?|"
                  r"комплект\w*|пакет\w*)|(?:verified\s+)?kyc\s+bundles?|实名料|"
                  r"kyc\s+实名料|kyc\s*套"),
    # videos (before faces: "人脸视频", "face videos", "видео с лицом")
    _g("handheld_id face_video", r"手持(?:身份证)?视频"),
    _g("face_video", r"(?:人脸|过脸|活体|眨眼|张嘴|摇头|点头)[^\s，,。+＋]{0,6}视频|活体视频|视频|"
                     r"(?:face|liveness|selfie|verification)\s*(?:verification\s*)?(?:videos?|vids?|clips?)|"
                     r"\bvideos?\b|\bvids?\b|"
                     r"видео(?:-?\s*(?:с\s+лиц\w*|верификаци\w*|моргани\w*))?|видос\w*"),
    # a photo of someone holding their document
    _g("handheld_id", r"手持(?:身份证|证件)?(?:自拍|照片|照)?|"
                      r"(?:selfies?|photos?)\s*(?:with|holding|w/)\s*(?:an?\s+|their\s+|your\s+)?"
                      r"(?:id|passport|dl|driver'?s?\s+licen[cs]e)\b" + _PAREN + "|"
                      r"(?:passport|id|licen[cs]e)\s+selfies?|"
                      r"holding[\s-]+(?:an?\s+)?(?:id|passport|dl|licen[cs]e)(?:\s+selfies?)?\b|"
                      r"\bhandheld\b|"
                      r"(?:селфи|фот\w*)\s+с\s+(?:паспорт\w*|загран\w*|id|документ\w*|прав\w*)"
                      r"(?:\s+в\s+рук\w*)?" + _PAREN),
    # identity documents ("passport cover", "для паспорта", "身份证读卡器" are other goods)
    _g("id_card", r"身份证(?!读卡|阅读|识别|复印|号)(?:正反面?|照片|照)?|正反面?|"
                  r"(?:港澳|往来港澳|台湾)?通行证|台胞证|驾驶证|驾照|居住证|"
                  r"正面\s*[+、，,/]?\s*反面|护照|"
                  r"(?:id|passport|dl|driver'?s?\s+licen[cs]e)\s*(?:card\s*)?(?:scans?|photos?|front|"
                  r"pics?)|passport\b(?!\s*(?:holders?|covers?|cases?|wallets?|size))|aadhaar|"
                  r"\bid\s+cards?\b(?!\s*(?:holders?|readers?|printers?|wallets?|sleeves?))|"
                  r"скан\w*\s+(?:паспорт\w*|документ\w*)|фото\s+паспорт\w*|"
                  r"(?<!для\s)(?<!на\s)паспорт\w*|загран\w*|водительск\w*\s+прав\w*|разворот\w*"),
    # a bare "ID", but not "Apple ID", "Face ID" or a listing number ("ID: 4821")
    _g("id_card", r"(?<!Apple )(?<!Face )(?<!Steam )(?<!Game )\bID\b(?!\s*[:#№=]|\s*\d)", 0),
    # faces ("selfie stick", "watch faces", "юр лица" and "фотоаппарат" are not)
    _g("face_photo", r"过脸料|(?<!过)(?<!刷)人脸(?!识别|验证|抓拍|模块|考勤|门禁|支付|信息)"
                     r"(?:照片|图片|图|照|数据|素材|库)?|大头照|"
                     r"大头(?=\s*[\d一二两三四五六七八九十])|正脸照?|侧脸照?|"
                     r"证件照|免冠照?|"
                     r"face\s*(?:photos?|pics?|pictures?|images?|imgs?|dataset|data|shots?|crops?)|faceset|"
                     r"(?<!watch )(?<!clock )\bfaces\b|headshots?|"
                     r"portrait\s+(?:photos?|pics?|images?)|"
                     r"фот\w*\s+лиц\w*|баз\w*\s+лиц\b|"
                     r"(?<!юр\s)(?<!физ\s)(?<!юр\.\s)(?<!физ\.\s)\bлица\b|"
                     r"баз\w*\s+портрет\w*|портрет\w*\s+\(?фото"),
    # bare selfies: face photos, unless the post sells selfies holding an ID
    _g("face_photo", r"自拍(?!杆|神器|灯)照?|selfies?(?!\s*(?:sticks?|lights?|rings?|cameras?))|"
                     r"селфи", absorbed_by="handheld_id"),
)

# Extra phrases that name the goods without a type of their own.
GOODS_EXTRA = re.compile(r"\bfullz\b|过脸|人脸库", _I)

# Selling verbs. Weak ones ("have", "available", "in stock") are seller phrases below.
SELL = re.compile(
    r"出售|售卖|销售|(?<!买)卖(?!家)|批发|转让|清仓|现货|有货|供应|兜售|大量出|低价出|全出|"
    r"(?:^|(?<=[\s，,。.!！:：、【\[（(]))出(?=[\s，,。!！:：]|[一二两三四五六七八九十\d]|"
    r"人脸|大头|手持|身份|四件套|正反|实名|料|成品|海外|港澳|高清|kyc|KYC)|"
    r"出(?=人脸|大头|手持|身份|四件套|正反|实名|料|一批)|"
    r"\bsell(?:ing|s)?\b|for\s+sale|\bWTS\b|\boffering\b|"
    r"прода[мюёе]\w*|продаж\w*|отдам|сливаю|солью|опт(?:ом|овые|овая|овый)?\b",
    _I,
)
# Seller phrasing without a verb: "要的私", "量大从优", "escrow ok", "the lot".
SELLER_PHRASE = re.compile(
    r"库存|新料|老料|到货|\bhave\b|\bavailable\b|\bin\s+stock\b|\bstock\b|в\s+наличии|наличие|есть\s+\d|"
    r"有需要|需要的|要的(?:私|来|滴滴|加)|私聊|滴滴|量大|打包|带走|拿走|包走|可分批|支持验货|担保|中介|"
    r"自动发货|不议价|价格私|价格好说|"
    r"\bescrow\b|\bbulk\b|the\s+lot|\bobo\b|\bhmu\b|\bDM\b|on\s+request|for\s+all|"
    r"пишите|писать|связь|за\s+вс[её]",
    _I,
)

BUY = re.compile(
    r"求购|收购|回收|高价收|长期收|大量收|收(?=\s*(?:人脸|大头|手持|身份|四件套|正反|实名|料|kyc|视频|照片))|"
    r"^收\s|买到|哪里(?:能|可以)?买|想买|要买|有没有(?:出|卖)|谁.{0,4}有|出价|"
    r"\bWTB\b|\bbuying\b|looking\s+for|anyone\s+(?:selling|ha(?:s|ve)|got)|i'?ll\s+take|"
    r"who\s+(?:sells|has|can\s+(?:sell|provide|supply))|\bsell\s+me\b|"
    r"\bbudget\s*(?:is\s*|of\s*|[:~]\s*)?(?:\$|\d)|预算|"
    r"кто\s+(?:может\s+)?прода\w*|бюджет\w*|"
    r"where\s+(?:to|can\s+i)\s+buy|\bneed(?:ed)?\b|will\s+pay|\bpaying\b|want\s+to\s+buy|"
    r"куплю|покупаю|скупаю|\bищу\b|нужн[аыо]|нужен|плачу|приму|принимаю|возьму",
    _I,
)

# Contexts in which goods words are talked about, not sold. Family name → pattern.
NOT_OFFER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("news", re.compile(
        r"据.{0,12}报道|记者|新华社|新京报|警方|公安|破获|嫌疑人|犯罪|法院|判决|判处|被告|有期徒刑|"
        r"涉案|调查|介入|泄露|曝光|专家|引关注|新闻|被判|"
        r"\bpolice\b|arrested|\breport(?:ed|s)?\b|researchers?|according\s+to|state\s+media|"
        r"\bcourt\b|sentenced|"
        r"полици\w*|задержал\w*|\bсуд\b|приговор\w*|МВД|сообща\w*|СМИ|утечк\w*", _I)),
    ("device", re.compile(
        r"门禁|考勤|闸机|一体机|终端|读卡器|\blens\b|(?<!过)人脸识别|刷脸|摄像头|监控|抓拍|SDK|模组|模块|"
        r"单反|微单|佳能|尼康|相机(?!拍|直拍)|打印机|"
        r"access\s+control|terminal|recognition|camera|door\s*lock|face\s*id\b|"
        r"турникет\w*|терминал\w*|СКУД|распознаван\w*|камер\w*|систем\w+\s+распозн\w*", _I)),
    ("app", re.compile(
        r"\bAPP\b|下载|开源|公开数据集|免费分享|源码|授权|激活码|"
        r"as\s+a\s+service|book\s+a\s+demo|"
        r"(?:commercial|research|lifetime|perpetual|annual|software)\s+licen[cs]e|"
        r"licen[cs]e\s+(?:keys?|fees?)|licensed\s+under|royalty[- ]free|"
        r"(?<!no\s)(?<!not\s)(?<!zero\s)(?<!non-)(?:synthetic|ai[- ]generated)|face\s*swap\s+app|"
        r"\bapp\b|download|academic|research\b|CC\s*BY|open[- ]source|"
        r"приложени\w*|скачать|бесплатно", _I)),
    ("tutorial", re.compile(
        r"教程|如何|怎么|手把手|仅供学习|学习交流|指南|三招|"
        r"tutorial|how\s+to|\bguide\b|educational|"
        r"^как\s|\bгайд\w*|инструкци\w*|разбор\w*", _I)),
    ("warning", re.compile(
        r"提醒|警惕|骗子|诈骗|防骗|反诈|千万别|不要|以防|保护|"
        r"\bscam\w*|beware|warning|\bdon'?t\s+buy|protect|fraudsters?|\bPSA\b|\bripp(?:er|ed)\b|"
        r"do\s+not\s+(?:send|pay|buy|trust)|\bbanned\b|骗了|上当|找人|寻人|寻物|遗失|失物|拾到|"
        r"осторожно|мошенни\w*|кидал\w*|кидок|кинул\w*|слился|развод\w*|не\s+покупайте|"
        r"защити\w*", _I)),
    ("job ad", re.compile(
        r"招聘|急招|招募|兼职|日结|薪|工资|岗位|标注员|"
        r"hiring|\bjob\b|salary|/\s*h(?:ou)?r\b|apply\b|"
        r"ваканси\w*|зарплат\w*|требуются|ищем|оплата\s+\d[^,]*?/\s*час", _I)),
    ("photo service", re.compile(
        r"拍摄|摄影|立等可取|照相馆|换底|修图|冲印|photography|studio|\bsession\b|МФЦ|фото\s+на\s+(?:паспорт|документ)|"
        r"фотограф\w*|съемк\w*|съёмк\w*", _I)),
    ("other goods", re.compile(
        r"(?:QQ|微信|抖音|快手|支付宝|淘宝|闲鱼|飞机|TG)(?:实名|老|小|靓|白)?号|账号|会员|Apple\s*ID|VPN|"
        r"collectibles?|vintage|antique|коллекционн\w*|антиквар\w*|梯子|机场|代理|网盘|Netflix|合租|靓号|"
        r"\baccounts?\b|\blogins?\b|kyc(?:'d|\s+(?:passed|done|completed))|prox(?:y|ies)|spotify|"
        r"\b(?:passport|id\s*card)\s+(?:holders?|wallets?|covers?|cases?|sleeves?)\b|"
        r"\bleads\b|实名手机号|手机号(?:段|码?(?:数据|资源|库|料))|号段|номер\w*\s+телефон\w*|обложк\w*|"
        r"аккаунт\w*|акки|прокси|впн", _I)),
)

"""How many photos or sets a post offers.

A count is a number with a counter (2万张, 500套, 10 000 шт, 20k face pics, 1,200 sets), a
number after a stock word (库存300, in stock: 900, в наличии 350) or right after the goods
(face pics 5k, базу фото лиц (20 тыс.)). Prices, contacts, dates and "24小时" are not counters,
and the caller masks prices and contacts first. Of several counts the largest wins (stock beats
a daily update or a sample); a minimum order (起, min order, от) is never the count.
Two or more "N items = price" lines are a price list: its rungs are tiers, not the stock.
"""

from __future__ import annotations

import re

from faceleak.crawler.extract.lexicon import OTHER_GOODS as _OTHER_GOODS
from faceleak.crawler.extract.normalize import folded, line_at, lowered
from faceleak.crawler.extract.numbers import NUMBER, parse_number

_I = re.IGNORECASE

_ZH_COUNTER = r"[+余多]?\s?(?:张|份|套|组|条|个|部|段|对|支|本)"
_EN_COUNTER = (
    r"(?:photos?|pics?|pictures?|images?|imgs?|faces|selfies?|headshots?|portraits?|sets?|pcs|"
    r"pieces?|packs?|bundles?|combos?|kits?|records?|scans?|ids|videos?|vids?|docs?|documents?|"
    r"files?|jpe?gs?|pngs?|webps?|rows?|clips?|kits?|entries|persons?|people|identities|"
    r"copies|units?|groups?|pairs?|profiles?|users?|adults|individuals|subjects|customers|"
    r"clients)\b"
)
_RU_COUNTER = (
    r"(?:шт\b\.?|штук\w*|фото\w*|фотк\w*|лиц\b|сет\w*|комплект\w*|пак\w*|скан\w*|селфи|видео|"
    r"записей|документ\w*|набор\w*|кит\w*|ролик\w*|пар\b|человек|личност\w*|портрет\w*|кадр\w*|"
    r"анкет\w*|клиент\w*)"
)
# Up to three describing words between the number and an English/Russian counter:
# "20k HD face pics", "1200 face videos", "3000 selfie + ID front/back combos".
# Each word ends at a separator, so a word cannot be split two ways (no backtracking blow-up).
_WORDS = r"(?:[A-Za-z][\w'/-]{0,24}[+\s]+){0,3}?"
_COUNTED = folded(
    rf"(?P<num>{NUMBER})(?:\s?{_ZH_COUNTER}|\+?\s*{_WORDS}{_EN_COUNTER}|\+?\s*{_RU_COUNTER})",
    _I,
)
# "Остаток ~900", "约 2万", "about 5k": an approximate stock is still the stock.
_ABOUT = r"(?:(?:~|≈|约|около|примерно|approx\.?|about|around|like)\s*)?"
_STOCK = folded(
    rf"(?:库存|现货|现有|共计|共有|共|总共|总计|总量|合计|数量|有|已做好|约|(?<![а-яё])баз[аеуы]|(?:full\s+)?base(?:\s+of)?|"
    rf"stock\s*:?|in\s+stock\s*:?|over|quantity(?:\s+is)?|qty(?:\s+available)?|total|records?\s*:|"
    rf"count\s*:|rows?\s*:|\bhave\b|\bgot\b|approx\.?|"
    rf"наличи[еи]\s*:?|в\s+наличии\s*:?|есть|всего(?:\s+на\s+руках)?|итого|объ[её]м|количество|"
    rf"кол-во|остаток|на\s+складе|whole|entire|около|примерно|approximately|around|about|"
    rf"(?:наборов|комплектов|сетов|штук|пар|sets|kits|pcs|photos|units|records|images|pics)\s*[:：]|"
    rf"(?:наборов|комплектов|сетов|пар)(?=\s+\d)|lot\s+of)"
    rf"\s*[:：]?\s*[(（]?\s*{_ABOUT}(?P<num>{NUMBER})"
    rf"|(?P<num2>{NUMBER})\+?\s*(?:[A-Za-z]+\s+)?(?:available|in\s+stock|stock|left|ready|remaining|"
    rf"total|of\s+them|в\s+наличии|на\s+складе)",
    _I,
)
_AFTER_GOODS = folded(
    rf"(?:人脸照片|人脸图片|人脸图|人脸数据|大头照?|face\s*(?:pics?|photos?|images?|crops?)|"
    rf"фото\s+лиц\w*|баз\w*\s+лиц)(?:\s*[(（][^)）\n]{{0,30}}[)）])?"
    rf"\s*[:：,(（]?\s*{_ABOUT}(?P<num>{NUMBER})(?![\d\s]*(?:元|块|\$|u\b|usdt))",
    _I,
)
_MIN_WORDS = (r"(?:min(?:imum)?(?:\s+order)?|moq|минималк\w*|(?<![а-яё])от|"
              r"最低|起订|起批|起拍|起售|起卖|满|(?:不)?低于|少于|"
              r"(?:一次)?(?:最少|至少|起码)|минимум|не\s+менее|at\s+least|"
              r"(?:not|won'?t|never)\s+split\s+(?:below|under)|no\s+less\s+than|не\s+меньше|"
              r"discounts?\s+(?:from|over|above)|скидк\w*\s+(?:от|с)|minimal\w*\s+order|"
              r"минимальн\w*\s+заказ\w*(?:\s+от)?|мин\.?\s*заказ\w*)")
_MINIMUM = folded(rf"{_MIN_WORDS}\s*[:：]?\s*(?P<num>{NUMBER})", _I)
_MINIMUM_BEFORE = folded(rf"{_MIN_WORDS}\s*[:：]?\s*$", _I)
_MINIMUM_AFTER = folded(
    r"\s*(?:张|套|组|条|个|份|pcs|шт\.?)?\s*(?:起|以上起|以上才(?:发|卖|出)|以上发货|"
    r"以上\s*(?=[\d\x00])|"  # "一千份以上3刀": a price tier's threshold
    r"(?:[a-zа-яё]+\s+)?(?:minimum|min\b|or\s+more|минимум))", _I)  # "10 packs minimum"
_SAMPLE_BEFORE = folded(
    r"(?:样品?|试用|先验|可验|验|试看|免费送?|白送|每人送|送|sample(?:\s+pack)?(?:\s+of)?|test|preview|"
    r"пробн\w*|бесплатно(?:\s+(?:отда|разда)\w*)?)\s*[:：—–-]?\s*$", _I)
# "30 фото лиц на пробу", "50-face sample", "100张试用": a sample, not the stock.
_SAMPLE_AFTER = folded(
    r"^[^\n.,;。，]{0,16}?(?:на\s+пробу|на\s+тест|как\s+пробник|sample|试用|试料|样品|免费)", _I)
# A rate is not a stock: "日出500套", "每天更新500张", "200 a day".
_RATE_BEFORE = folded(
    r"(?:日出|日产|每天|每日|daily|в\s+день|ежедневно|ушло|продано|продал\w*|\bsold\b|已售|卖了|售出|已出|出了)"
    r"[^\s]{0,4}\s*$", _I)
# A count followed by "=" and a price (masked by the caller) is a rung of a price list.
# "50+ sets → $19": a quantity and more, at a price, is a threshold even alone.
_THRESHOLD = folded(r"\+\s*(?:[a-zа-яё]+\s*)?(?:=|→|->)\s*\x00")
_TIER_AFTER = folded(r"\+?\s*(?:[a-zа-яё]+\s*)?(?:=|→|->)\s*\x00")  # "50+ sets → $19"
# Not a count: ages and age ranges, resolutions, durations, percentages (18-35岁, 1080p,
# 512x512, 5秒, 3-5 сек).
_NOT_AFTER = folded(
    r"^\s*(?:小时|天|年|月|日|岁|周岁|秒|分钟|%|hours?|days?|years?|y\.?o\b|yrs?\b|sec\w*|s\b|"
    r"min\w*|лет\b|год\w*|сек\w*|мин\w*|час\w*|дн\w*|p\b|px\b|dpi\b|mp\b|k\s*(?:res|video)|"
    r"weeks?\b|months?\b|недел\w*|месяц\w*|个月|周(?!岁)|"
    r"(?:a|per|an)\s+(?:week|day|month)\b|в\s+(?:неделю|день|месяц)|/\s*(?:day|week|mo)\b|"
    r"\s*[x×*]\s*\d|\s*[-–~到至]\s*\d|сторон\w*|sides?\b|面|件|种|ракурс\w*|angles?)",
    _I,
)
# The number closes a range, a size or a list of sizes: "18-35", "512x512", "500 / 1,000",
# "0.2 BTC / 1000 套".
_NOT_BEFORE = folded(r"(?:\d\s*[-–~到至]|\d\s*[x×*]|[\d\x00]\s*/)\s*$")


# "每组正反两张": what one set holds, not how many there are.
_PER_SET_BEFORE = folded(r"(?:每|一)(?:组|套|人|份|个人)[^\d\s,，。]{0,4}$", _I)
# "几十万张", "几千张": "some" hundred thousand states no number.
_VAGUE_BEFORE = folded(r"几$", _I)
# "KYC PACKS 2024", "in 2024": a year, unless a counter word or a stock label says otherwise.
_COUNTER_AFTER = folded(
    r"\s*(?:\+|张|套|组|条|份|个|人|pcs|pieces|photos?|pics?|images?|selfies?|sets?|kits?|packs?|"
    r"scans?|videos?|faces?|headshots?|records?|people|шт|фото|комплект|сет|штук|человек|лиц)", _I)
_STOCK_LABEL = folded(r"库存|数量|共|qty|stock|кол-?в|остат|налич|всего|total", _I)


def _year(value: float, before: str, text: str, end: int) -> bool:
    return 2010 <= value <= 2035 and not _COUNTER_AFTER.match(text, end) \
        and not _STOCK_LABEL.search(before)


# Chinese words between goods and their count: "大头照料，1w+", "自拍照 大量 1.5w+".
_ZH_FILLER = r"料子?|照片?|图片?|大量|现货|库存|总共|共计?|有"
_GAP = r"[ \t:：,(（|—–-]{0,4}"  # on the same line: spaces, colons, dashes, brackets
_BESIDE_GOODS = folded(
    rf"(?:{_GAP}(?:[A-Za-zА-Яа-яЁё]+(?=[ \t,:])|{_ZH_FILLER})?){{0,3}}{_GAP}{_ABOUT}(?:[x×]\s?)?"
    rf"(?P<num>{NUMBER})\+?(?!\d|[.,]\d|\s*(?:[-–~到至]\s*\d|[x×*]\s*\d)|[件种类项款位])",
    _I,
)


# "2.600 комплектов": a thousands dot before a counter (a count is never fractional).
_DOTTED = folded(r"[1-9]\d{0,2}(?:\.\d{3})+")


def count_beside_goods(text: str, ends: list[int]) -> int | None:
    """A number right after a goods phrase ("KTP scans 20k+", "人脸数据|5万", "face pack (5k)"),
    for posts that state no counter word; prices are masked by the caller."""
    found = []
    text = lowered(text)  # the patterns are folded (see ``normalize.folded``)
    for end in ends:
        m = _BESIDE_GOODS.match(text, end)
        if not m or _NOT_AFTER.match(text[m.end():m.end() + 6]):
            continue
        value = parse_number(m.group("num"))
        if value is not None and value >= 2 and value == int(value) \
                and not _year(value, text[max(0, end - 16):end], text, m.end()):
            found.append(int(value))
    return max(found) if found else None


# A count followed, in the same entry, by words and a (masked) price: "1k headshots …… $40".
_PRICED_AFTER = folded(r"(?P<words>[^\n\d\x00,，;；]{0,40}?)\x00")
_LETTERS = folded(r"[^a-zа-яё\u4e00-\u9fff]+")


def find_count(text: str, goods_at: list[int] | None = None) -> int | None:
    """The number of photos or sets on offer, or None when the post does not say.

    ``goods_at``: where the goods on offer are named; in a catalogue of other data too
    ("人脸照片 2万张" / "快递单 10万条"), a count on a line that names them wins.
    """
    text = lowered(text)  # the patterns are folded (see ``normalize.folded``)
    stated: list[tuple[int, int]] = []  # (value, where)
    minimum: list[tuple[int, int]] = []
    tiers: list[tuple[int, int]] = []
    priced_entries: dict[str, list[tuple[int, int]]] = {}  # goods words → (count, where)
    for pattern in (_COUNTED, _STOCK, _AFTER_GOODS, _MINIMUM):
        for m in pattern.finditer(text):
            group = "num2" if pattern is _STOCK and m.group("num2") else "num"
            token = m.group(group)
            dotted = _DOTTED.fullmatch(token)
            value = float(token.replace(".", "")) if dotted else parse_number(token)
            start, end = m.span(group)
            if value is not None and value >= 1 and value == int(value) \
                    and (priced := _PRICED_AFTER.match(text, end)):
                priced_entries.setdefault(_LETTERS.sub("", priced.group("words")).rstrip("sы"),
                                          []).append((int(value), start))
            if value is None or value < 2 or value != int(value):
                continue
            before, after = text[max(0, start - 16):start], text[end:end + 12]
            if (_SAMPLE_BEFORE.search(before) or _RATE_BEFORE.search(before)
                    or _PER_SET_BEFORE.search(before)
                    or _NOT_BEFORE.search(before) or _NOT_AFTER.match(after)
                    or _SAMPLE_AFTER.match(text, end) or _VAGUE_BEFORE.search(before)
                    or _year(value, before, text, end)):
                continue
            is_min = bool(_MINIMUM_BEFORE.search(before) or _MINIMUM_AFTER.match(text, m.end())
                          or _THRESHOLD.match(text, end))
            tier = not is_min and _TIER_AFTER.match(text, m.end())
            (minimum if is_min else tiers if tier else stated).append((int(value), start))
    if len(tiers) < 2:
        stated.extend(tiers)
    # "1k headshots … $40 / 10k headshots … $300": the same goods at several quantities,
    # each with its price, are price tiers (DESIGN 4.2: thresholds are no counts)
    for entries in priced_entries.values():
        if len(entries) >= 2 and len({v for v, _ in entries}) == len(entries):
            stated = [s for s in stated if s not in entries]
    # A minimum order alone is no count (DESIGN 4.2): it says how little, not how much.
    if not stated:
        return None
    goods_lines = {text.count("\n", 0, at) for at in goods_at or ()}
    ours = [v for v, at in stated
            if text.count("\n", 0, at) in goods_lines or not _OTHER_GOODS.search(line_at(text, at))]
    return max(ours or [v for v, _ in stated])


"""Asking prices: amount, currency, and whether they are for the bundle or for each item.

Handles prefix and suffix currency marks (¥3000, 3000元, $500, 100$, 300U, 15000₽, 0,01 BTC,
HK$80, ₹40,000), colloquial Chinese (五毛 = 0.5, 三块五 = 3.5, 一块 = 1), Russian slang (3 бакса,
150 зелёных, 6 косых = 6000 ₽), multipliers (1.5万, 2k, 10к) and per-item markers before or
after (每张, 一张, /pc, each, за шт, по 700р). A bare number counts as a price only after a price
word (价格, 打包, price, цена) or with a per-item marker, in the currency of the post's script.
The first price stated wins.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass

from faceleak.crawler.extract.gated import compile_gated
from faceleak.crawler.extract.model import Price
from faceleak.crawler.extract.normalize import folded, language_of, lowered
from faceleak.crawler.extract.numbers import NUMBER, parse_number

_I = re.IGNORECASE

# Suffix currency words, longest first; each maps to its code.
_SUFFIX: tuple[tuple[str, str], ...] = (
    (r"usdt|泰达币?|tether|юсдт", "USDT"), (r"新台币|台币|ntd|twd", "TWD"),
    (r"人民币|rmb|cny|块钱|元|块|圆|米(?![a-z])|yuan|юан\w*", "CNY"),
    (r"hkd|港币|港元|港纸|蚊", "HKD"),
    (r"美金|美元|美刀|usd|dollars?|bucks|刀|\$(?!\s?\d)|бакс\w*|зел[её]н\w*|долл\w*", "USD"),
    (r"руб\w*\.?|rub|₽|р\.?(?![а-яёa-z])", "RUB"), (r"r(?![a-z])", "_R"),
    (r"btc|биткоин\w*", "BTC"),
    (r"eth", "ETH"), (r"eur|euros?|евро|€(?!\s?\d)", "EUR"),
    (r"gbp|pounds?|£(?!\s?\d)|英镑", "GBP"),
    (r"jpy|日元|円", "JPY"), (r"inr|rupees?|₹", "INR"),
    (r"uah|грн\.?|гривен\w*|₴", "UAH"), (r"kzt|тенге|тг(?![а-яё])|₸", "KZT"),
    (r"byn|бел\.?\s?руб\w*", "BYN"), (r"сом\w*|kgs", "KGS"), (r"сум\w*|uzs", "UZS"),
    (r"lira|₺|try|tl(?![a-z])", "TRY"), (r"baht|฿|thb", "THB"),
    (r"pesos?|₱|php", "PHP"), (r"naira|₦|ngn", "NGN"), (r"rupiah|idr", "IDR"),
    (r"ringgit|myr", "MYR"), (r"kes|ksh\.?|shillings?", "KES"), (r"reais|brl", "BRL"),
    (r"u(?![a-z])", "USDT"),
)
_PREFIX: tuple[tuple[str, str], ...] = (
    (r"hk\$|hkd", "HKD"), (r"nt\$|ntd|twd|新台币|台币", "TWD"), (r"us\$|usd|\$|💲", "USD"),
    (r"₹|inr|rs\.|rs(?=\s?\d)", "INR"), (r"r\$|brl", "BRL"), (r"s\$|sgd", "SGD"),
    (r"c\$|cad", "CAD"),
    (r"a\$|aud", "AUD"),
    (r"rm(?=\s?\d)", "MYR"),
    (r"rp\.?(?=\s?\d)|idr(?=\s?\d)", "IDR"), (r"kes|ksh\.?", "KES"), (r"₱|php(?=\s?\d)", "PHP"),
    (r"฿|thb(?=\s?\d)", "THB"), (r"₺", "TRY"), (r"₦|ngn(?=\s?\d)", "NGN"), (r"myr(?=\s?\d)", "MYR"),
    (r"¥|rmb|cny|人民币", "CNY"), (r"€|eur", "EUR"),
    (r"₽", "RUB"), (r"£|gbp", "GBP"), (r"usdt|泰达币?", "USDT"), (r"btc", "BTC"), (r"eth", "ETH"),
)
_UNIT = (
    r"(?:张|份|套|组|个|条|部|版|段|人|位|对|本|支|件|"
    r"pcs?|pieces?|photos?|pics?|images?|imgs?|faces?|selfies?|scans?|records?|docs?|ids?|sets?|"
    r"packs?|bundles?|combos?|videos?|vids?|clips?|items?|units?|kits?|persons?|people|heads?|cards?|"
    r"шт\.?|штук[уи]?|фото|комплект\w*|пакет\w*|сет\w*|видео|набор\w*|кит\w*|пак\w*|"
    r"ролик\w*|запис\w*|пар[уаы]?|скан\w*|селфи|человек\w*|личност\w*|документ\w*|портрет\w*)"
)
# One unit, named alone before a price: "Кит — 45 USDT", "комплект 15$", "set: $20".
_UNIT_ONE = (
    r"(?:set|kit|pack|combo|photo|pic|piece|pc|scan|video|clip|selfie|"
    r"комплект|набор|кит|пак|сет|штука|фото|ролик|пара|селфи|скан)"
)
# Sets named in the plural with no count before them: "KYC packs $25", "sets at $15".
_SETS = r"(?:sets|kits|packs|combos|комплекты|наборы|киты|сеты|паки)"
# After the amount: "/张", "一张", "每套", "per set", "each", "a piece", "за шт", "шт".
_PER_EXPLICIT = (
    rf"(?:\s*(?:/|每|一|per|a|an|за|за\s+1|за\s+одн\w+|за\s+кажд\w+)\s*(?:1\s*)?(?:个)?"
    rf"(?:视频|照片)?{_UNIT}(?![a-zа-яё])"
    r"|\s*(?:each|ea\.?|e4ch|apiece|a\s+pop|a\s+head|кажд\w+|штука|(?:по)?штучно)\b"
    rf"|\s*(?:одн[оауы]|один)\s+{_UNIT}(?![a-zа-яё])"
    r"|\s*/\s*ea\b|\s*c/u\b|\s*for\s+(?:the|a|one|each)\s+(?:set|kit|combo)\b|\s*(?:for\s+one|one\s+(?!payment|time|shot|go|price|lot|off)[a-z]+|per\s+[a-z]+|"
    r"pro\s+st(?:ü|ue)ck)\b"
    r"|\s*за\s+(?:1\s+)?(?:видос|фулл|паспорт|человек|единиц|док)\w*)"
)
# After a marked amount, a set word alone is per set: "500 ₽ комплект", "$25 kit".
_PER_AFTER = (
    rf"(?:{_PER_EXPLICIT}|\s*шт\.?(?![а-яё])|\s+(?:комплект|набор|kit|set|pack)(?![a-zа-яё]))")
# Before the amount: "每张", "一套", "单价", "一个视频", "по", "1 шт —".
_PER_BEFORE_BARE = (
    rf"(?:(?:每|单|一)个?\s*(?:{_UNIT}(?:视频|照片)?|(?:视频|照片){_UNIT}?)\s*(?:价|价格)?|单价|\bпо"
    r"|\b(?:every|each)\s+(?!with\b|has\b|have\b|of\b|contains?\b|includes?\b)[a-z]+"
    rf"|(?<![\d.,])1\s*{_UNIT}\s*[=—–:-]"
    r"|\b(?:price\s+)?per\s+(?:set|kit|pack|photo|person|piece|item|record|video)\s*[:=-]?)"
)
# With a currency mark, one unit named alone before the amount is per item too; a bare
# number after it is more often the stock ("pack: 24k").
_PER_BEFORE = (
    rf"(?:{_PER_BEFORE_BARE}"
    rf"|(?<![\w\d])(?<!\d\s)(?<!\d[kкw万]\s)(?:{_UNIT_ONE})[ \t]*[—–:=-]?[ \t]*"
    rf"(?=[^\s\d]{{0,4}}[ \t]*\d)"
    rf"|(?<![\w\d])(?<!\d\s)(?<!\d[kкw万]\s)(?:{_SETS})[ \t]*(?:at|@|[—–:=-])?[ \t]*"
    rf"(?=[^\s\d]{{0,4}}[ \t]*\d))"
)
_PRICE_WORD = (
    r"(?:价格|价钱|售价|(?<![单售报总原定])价(?=\s*[:：]?\s*\d)|打包(?:价|走)?|整包价?|全包价?|整套价?|整库价?|一口价|报价|只要|仅需|仅售|price|цена|стоимость|"
    r"отда[мю]\s+за|за\s+вс[её])"
)
# After a bare number these make it a duration, a size or a count, not a price.
_NOT_PRICE_AFTER = (
    r"[\d\s\-–~]*(?:秒(?!到|发)|分钟|小时|天|岁|%|张|套|份|组|条|个|段|部|sec|s\b|p\b|x\d|"
    r"фото|шт|штук|ракурс|человек|сек|мин|[kmg]b(?![a-z])|кб|мб|px(?![a-z])|dpi(?![a-z]))"
)
_BUNDLE_AFTER = (
    r"(?=\s*(?:打包|全包|整包|包走|全拿走?|带走|全部|за\s+вс[её]|for\s+(?:all|the\s+lot|everything)|"
    r"the\s+lot|takes\s+all))"
)

# A currency word repeated after a marked amount: "人民币8元", "$5 USD", "€20 eur".
_REDUNDANT = r"元|块|usd|dollars?|eur|euros?|руб\w*\.?"
# "四万张 三千五 QQ…", "二十万张 一万五 不议价": a bare sum right after a Chinese count.
_AFTER_COUNT = r"(?<=[张套份组条])[ \t,，]+"
# "750 走了", "4000 不议价": a bare sum the seller will not bargain on is the lot's price.
_FIRM_AFTER = r"[ \t]*(?:不议价|不讲价|不砍价|不刀|走了|拿走|带走|包走|全拿)"
_LOT_END = (
    r"(?=[ \t]*(?:[,，。!！;；\x00]|$|\n|不议价|打包|包走|拿走|带走|全拿|走了|出了|要的|联系|私|"
    r"qq|q\b|v\b|vx|wx|tg|飞机|@))"
)
_YUAN_SIGN = next(i for i, (p, _) in enumerate(_PREFIX) if p.startswith("¥"))
_DOLLAR_SIGN = next(i for i, (p, _) in enumerate(_PREFIX) if p.startswith("us\\$"))
_HK_CONTEXT = folded(r"香港|港币|港元|hkid|hong\s*kong|\bhk\b|嘅|唔|冇", _I)
_YEN_CONTEXT = folded(
    r"日元|円|\byen\b|\bJPY\b|日本|япон\w*|\bjapan\w*|my\s*number|マイナンバー|\bjp\b", _I)

_SUFFIX_ALT = "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_SUFFIX))
_PREFIX_ALT = "|".join(f"(?P<p{i}>{p})" for i, (p, _) in enumerate(_PREFIX))

# The alternatives, tried at each position; the earliest match in the text wins.
_BEFORE = rf"(?P<per1>{_PER_BEFORE})?[ \t]*"  # a per-item marker on the same line, if any
_AFTER = rf"(?P<per2>{_PER_AFTER})?"
# A range asks from its lower end: "3-5 руб/шт" is 3, "$0.10–$0.25 each" is 0.10.
_RANGE_TO = r"\s*(?:-|–|~|～|至|到|to|до)\s*"
_MAO = folded(
    rf"{_BEFORE}(?P<num>{NUMBER})\s*(?:毛|角)"
    rf"(?P<fen>[一二两三四五六七八九\d](?![\d万千张套份组个条段]))?钱?{_AFTER}", _I)
_CENTS = folded(
    rf"{_BEFORE}(?:(?P<low>{NUMBER}){_RANGE_TO})?(?P<num>{NUMBER})\s*(?:cents?|¢){_AFTER}", _I)
_KUAI = folded(
    rf"{_BEFORE}(?P<num>{NUMBER})\s*块(?P<tail>[一二两三四五六七八九\d])(?!\d)"
    rf"(?:毛|角)?{_AFTER}", _I)
# Russian slang for a thousand roubles: "6 косых", "10 косарей".
_KOSAR = folded(rf"{_BEFORE}(?P<num>{NUMBER})\s?(?:косар\w*|косых|косой){_AFTER}", _I)
_SUFFIXED = folded(
    rf"{_BEFORE}(?:(?P<low>{NUMBER}){_RANGE_TO})?(?P<num>{NUMBER})\s?(?:{_SUFFIX_ALT}){_AFTER}", _I)
_PREFIXED = folded(
    rf"{_BEFORE}(?:{_PREFIX_ALT})\s?(?P<num>{NUMBER})(?:\s?(?:{_REDUNDANT}))?"
    rf"(?:{_RANGE_TO}[^\d\s]{{0,3}}\s?{NUMBER})?{_AFTER}", _I)
_BARE = folded(
    rf"(?:(?P<per1>{_PER_BEFORE_BARE})\s*[:：]?\s*(?P<num1>{NUMBER})(?!{_NOT_PRICE_AFTER})"
    rf"|{_PRICE_WORD}\s*[:：]?\s*(?P<num2>(?>{NUMBER}))(?![\d\s]*(?:{_UNIT}|小时|天|月|年|%))"
    rf"(?P<per3>{_PER_EXPLICIT})?"
    rf"|(?:(?P<low3>{NUMBER}){_RANGE_TO})?(?P<num3>{NUMBER})(?:(?P<per2>{_PER_EXPLICIT})|{_BUNDLE_AFTER})"
    rf"|{_AFTER_COUNT}(?P<num4>{NUMBER}){_LOT_END}"
    rf"|(?<![\d.,])(?P<num5>{NUMBER})(?={_FIRM_AFTER}))", _I)


@dataclass(frozen=True, slots=True)
class PriceMatch:
    """A price and where it was stated, so counts can skip the same digits."""

    price: Price
    start: int
    end: int
    bare: bool = False  # no currency mark: yields to a marked reading of the same digits


def default_currency(text: str) -> str:
    """The currency of a bare amount: yuan in Chinese posts, roubles in Russian, else dollars."""
    return {"zh": "CNY", "ru": "RUB"}.get(language_of(text), "USD")


def _code(m: re.Match[str], table: tuple[tuple[str, str], ...], prefix: str) -> str | None:
    for i, (_, code) in enumerate(table):
        if m.group(f"{prefix}{i}"):
            return code
    return None


_RESOLUTIONS = {240.0, 360.0, 480.0, 540.0, 720.0, 1080.0, 1440.0, 2160.0, 4320.0}


def _resolution(amount: float | None, mark: str) -> bool:
    """"1080р", "720p": a video's resolution with a Cyrillic or Latin p, not roubles."""
    return amount in _RESOLUTIONS and mark.strip().lower() in ("р", "p", "r", "р.")


def _spaced_u(m: re.Match[str], mark: str, fallback: str) -> bool:
    """"4 u" in an English or Russian post is "for you", not 4 USDT ("300U", "1k U", "50 u" in
    a Chinese post are Tether)."""
    return (mark == "u" and fallback != "CNY" and m.group("num").strip() in ("2", "4")
            and m.group("num") != m.group(0).strip()[:-1])


def _per(m: re.Match[str]) -> str:
    groups = m.groupdict()
    return "item" if groups.get("per1") or groups.get("per2") or groups.get("per3") else "bundle"


_DOT_THOUSANDS = compile_gated(r"[1-9]\d{0,2}\.\d{3}")


def _candidates(text: str) -> list[PriceMatch]:
    found: list[PriceMatch] = []
    fallback = default_currency(text)

    def add(m: re.Match[str], amount: float | None, currency: str | None, bare: bool = False
            ) -> None:
        if amount is None or currency is None or amount <= 0:
            return
        if not bare and currency not in ("BTC", "ETH") \
                and _DOT_THOUSANDS.fullmatch(m.group("num").strip()):
            amount *= 1000  # "€1.500", "1.200 ₽": a thousands dot, as in German or Russian
        price = Price(amount=round(amount, 8), currency=currency, per=_per(m))  # type: ignore[arg-type]
        found.append(PriceMatch(price, m.start(), m.end(), bare))

    # The rarer forms need a word of their own: skip their scan when it is absent.
    for m in _MAO.finditer(text) if ("毛" in text or "角" in text) else ():
        value = parse_number(m.group("num"))
        fen = parse_number(m.group("fen")) if m.group("fen") else 0.0
        add(m, None if value is None or fen is None else value / 10 + fen / 100, "CNY")
    for m in _CENTS.finditer(text) if ("cent" in text or "¢" in text) else ():
        value = parse_number(m.group("low") or m.group("num"))
        add(m, None if value is None else value / 100, "USD")
    for m in _KUAI.finditer(text) if "块" in text else ():
        value, tail = parse_number(m.group("num")), parse_number(m.group("tail"))
        add(m, None if value is None or tail is None else value + tail / 10, "CNY")
    for m in _KOSAR.finditer(text) if "кос" in text else ():
        value = parse_number(m.group("num"))
        add(m, None if value is None else value * 1000, "RUB")
    for m in _SUFFIXED.finditer(text):
        code = _code(m, _SUFFIX, "s")
        if code == "_R":  # "800r": yuan in a Chinese post (DESIGN 4.2), roubles in a Russian one
            code = "RUB" if fallback == "RUB" else "CNY"
        amount = parse_number(m.group("low") or m.group("num"))
        mark = next(m.group(f"s{i}") for i in range(len(_SUFFIX)) if m.group(f"s{i}"))
        if _resolution(amount, mark) or _spaced_u(m, mark, fallback):
            continue
        add(m, amount, code)
    yen = _YEN_CONTEXT.search(text) is not None
    hong_kong = _HK_CONTEXT.search(text) is not None
    for m in _PREFIXED.finditer(text):
        code = _code(m, _PREFIX, "p")
        if code == "CNY" and yen and m.group(f"p{_YUAN_SIGN}").startswith("¥"):
            code = "JPY"  # ¥ is also the yen sign; a post that speaks of yen means it
        elif code == "USD" and hong_kong and m.group(f"p{_DOLLAR_SIGN}") == "$":
            code = "HKD"  # "$50一套" in a Hong Kong post is Hong Kong dollars
        add(m, parse_number(m.group("num")), code)
    for m in _BARE.finditer(text):
        num = (m.group("num1") or m.group("num2") or m.group("low3") or m.group("num3")
               or m.group("num4") or m.group("num5"))
        add(m, parse_number(num), fallback, bare=True)
    return found


def find_prices(text: str) -> list[PriceMatch]:
    """All non-overlapping price statements, in order; at one place the longest reading wins."""
    text = lowered(text)  # the patterns are folded (see ``normalize.folded``)
    candidates = _candidates(text)
    marked = _non_overlapping([c for c in candidates if not c.bare])
    starts = [c.start for c in marked]
    bare = [c for c in candidates if c.bare and not _hits(c, marked, starts)]
    every = _non_overlapping(marked + bare)
    every_starts = [c.start for c in every]
    bare = [c for c in bare if not _counts_a_priced_lot(text, c, every, every_starts)]
    return _menu_items(text, _non_overlapping(marked + bare))


_MENU_LEAD = folded(r"(?:—|–|-|:|：|\.{2,}|…|=)\s*$")
_DIGIT = folded(r"\d")
# What ends one entry of a price list: a line, or "，" / ";" / " | " / " / " within a line.
_ENTRY_END = folded(r"\n|[，；;|]|,\s|\s/\s")  # "，" is ", " after normalising
# Words that make a line's price the whole lot's, not one entry's: "打包 2800", "total $900".
LOT_WORD = folded(
    r"打包|整包|全包|全部|一共|总共|合计|总价|整库|整套|全套价|包走|\ball\b|total|whole|everything|"
    r"\blot\b|за\s+вс[её]|вс[её]\s+вместе|итого|целиком|оптом|" + _PRICE_WORD, _I)
_NAMED = folded(r"[a-zа-яё\u4e00-\u9fff]", _I)


def _entry(text: str, p: PriceMatch) -> tuple[int, str, str]:
    """The list entry a price sits in: its start, and the text before and after the price."""
    start = max((m.end() for m in _ENTRY_END.finditer(text, 0, p.start)), default=0)
    m = _ENTRY_END.search(text, p.end)
    end = m.start() if m else len(text)
    return start, text[start:p.start], text[p.end:end]


# One unit named before a price: the price is for one item.
_ONE_UNIT = folded(r"(?:^|[\s(（])(?:1|один|одна|одно|一)\s*(?:шт\.?|штук[аи]?|pcs?|pieces?|sets?|"
                   r"kits?|packs?|张|套|组|个|份|条)(?![a-zа-яё])[)）]?", _I)
# "单价：¥0.8", "unit price $2": a unit price is per item (one item of "1 set 40 USDT" too).
_UNIT_PRICE = folded(
    r"(?:单价|unit\s+price|price\s+per\s+(?:unit|item|pc|piece)|цена\s+за\s+(?:шт|единиц))\s*[:：]?\s*$",
    _I)
_UPDATE_ARROW = folded(r"[^\s]*\d[^\s]*\s*(?:→|->|=>|➡️?|⟶)\s*")


def _per_unit(p: PriceMatch, before: str) -> PriceMatch:
    """A price after one unit or a unit-price field ("1 set 40 USDT", "单价：¥0.8") is per item."""
    if p.price.per == "bundle" and (_ONE_UNIT.search(before) or _UNIT_PRICE.search(before)):
        return PriceMatch(Price(p.price.amount, p.price.currency, "item"), p.start, p.end, p.bare)
    return p


def _menu_items(text: str, prices: list[PriceMatch]) -> list[PriceMatch]:
    """In a price list ("Selfie w/ ID — $6" on lines of their own, "手持15元，自拍3元"), each
    entry's price is for one item of what the entry names, unless the entry also states how
    many or says the price is for the lot."""
    entries = {p.start: _entry(text, p) for p in prices}
    prices = [_per_unit(p, entries[p.start][1]) for p in prices]
    if len({start for start, _, _ in entries.values()}) < 2:
        return prices
    out = []
    for p in prices:
        _, before, after = entries[p.start]
        line_start = text.rfind("\n", 0, p.start) + 1
        on_line = text[line_start:p.start]
        before = _UPDATE_ARROW.sub("", before)  # "passport scans: $3 → $2": the old price
        if not before.strip() and not _DIGIT.search(on_line):  # a table's cell: "| ID card | $8 |"
            before = on_line
        listed = (_MENU_LEAD.search(before) and not _DIGIT.search(on_line)) or (
            _NAMED.search(before) and not LOT_WORD.search(before))
        menu_entry = (p.price.per == "bundle" and listed and not _DIGIT.search(before)
                      and not _DIGIT.search(after) and not LOT_WORD.search(after))
        out.append(PriceMatch(Price(p.price.amount, p.price.currency, "item"), p.start, p.end,
                              p.bare) if menu_entry else p)
    return out


# "约1万 打包 500刀", "二万四 打包走 3500": a bare number before a lot word and another sum
# is the count.
_LOT_BETWEEN = folded(r"\s*(?:打包|整包|全包|包走|for\s+(?:all|the\s+lot)|за\s+вс[её])\s*", _I)


def _counts_a_priced_lot(text: str, c: PriceMatch, others: list[PriceMatch], starts: list[int]
                         ) -> bool:
    """"约1万 打包 500刀", "二万四 打包走 3500": the bare number before the lot word and another
    sum is the count."""
    i = bisect_right(starts, c.start)
    if i == len(others) or c.price.per == "item":
        return False
    gap, after = _lot_word_start(text, c), others[i]
    if gap > after.start:
        return False
    return bool(_LOT_BETWEEN.fullmatch(text, gap, after.start)) or (
        not text[gap:after.start].strip() and bool(_LOT_BETWEEN.match(text, after.start)))


def _lot_word_start(text: str, c: PriceMatch) -> int:
    """Where the lot word after a bare amount begins (the candidate may have taken it)."""
    m = _LOT_BETWEEN.search(text, c.start, c.end)
    return m.start() if m else c.end


def _non_overlapping(candidates: list[PriceMatch]) -> list[PriceMatch]:
    """Earliest first, longest at a tie; chosen spans are disjoint and sorted, so checking
    the last one chosen is enough (linear, whatever the page)."""
    chosen: list[PriceMatch] = []
    for c in sorted(candidates, key=lambda c: (c.start, -(c.end - c.start))):
        if not chosen or c.start >= chosen[-1].end:
            chosen.append(c)
    return chosen


def _hits(c: PriceMatch, spans: list[PriceMatch], starts: list[int]) -> bool:
    """Whether ``c`` overlaps one of the disjoint, sorted ``spans``."""
    i = bisect_right(starts, c.start)
    return (i > 0 and spans[i - 1].end > c.start) or (i < len(spans) and spans[i].start < c.end)


def with_usd(price: Price, rates_usd: Mapping[str, float] | None) -> Price:
    """The price with its USD value filled in when a rate for its currency is configured."""
    rate = (rates_usd or {}).get(price.currency)
    if rate is None:
        return price
    return Price(price.amount, price.currency, price.per, round(price.amount * rate, 2))

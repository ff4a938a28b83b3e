"""The goods a post names: which data types, with what phrase, where, and whether negated.

Goods are what every other signal is weighed around: no goods named, no offer. A phrase in a
negation's scope ("no scans", 不含视频, без видео) names goods that are *not* sold, so its type
is left out; a bank-card 四件套 (card, U盾, SIM, password) is the same argot for other goods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from faceleak.crawler.extract import lexicon
from faceleak.crawler.extract.gated import compile_gated
from faceleak.crawler.extract.model import DATA_TYPES
from faceleak.crawler.extract.normalize import blank, lowered
from faceleak.crawler.extract.quotes import quote_spans

_NEGATION_WINDOW = 14  # characters before a goods phrase in which a negation applies
_BANK_WINDOW = 30  # characters around 四件套 in which a bank word makes it a bank kit
# A document image and face material sold per set are a KYC set (DESIGN 4.2).
_PER_SET = compile_gated(
    r"[每一/]\s*(?:套|组)|[\d一二两三四五六七八九十百千万]\s*(?:套|组)|\b(?:per|a|each|/)\s*(?:set|kit|combo|pack)\b|"
    r"\b(?:sets?|kits?|combos?|packs?|pairs?)\b|комплект\w*|\bсет\w*|набор\w*|\bпар[аыу]?\b|"
    r"一人一[组套份]|每人一[组套份]|每人|全套|每份|\bper\s+(?:person|record|people|unit)\b|same\s+person|"
    r"\bkyc\b|\bfull\s+sets?\b|\beach\b|\bea\b|пакет\w*|\bпак\w*|\bpackages?\b|на\s+человека|на\s+каждого|"
    r"одна\s+личность|"
    r"\bmatching\b|\bpaired\b|same\s+(?:people|person)|одного\s+человека|按人|配套|套组|套装|"
    r"по\s+каждому|кажд\w+\s+запис\w*|each\s+record|per\s+(?:client|customer)|每个客户|每条|"
    r"за\s+человека|\d\s*[kк]?\s+(?:people|persons|человек)\b",
    re.IGNORECASE,
)
_FACE_MATERIAL = {"handheld_id", "face_video", "face_photo"}
_LISTED = compile_gated(r"\s*[+＋、&,，]\s*")


def _listed_beside_handheld(text: str, found: list[Phrase], start: int, end: int) -> bool:
    """"正反面+手持+自拍", "ID front, selfie, selfie with ID": a selfie listed beside the
    handheld one is an item of its own."""
    return any("handheld_id" in p.types and (
        (p.end <= start and _LISTED.fullmatch(text[p.end:start]))
        or (end <= p.start and _LISTED.fullmatch(text[end:p.start]))) for p in found)
# What joins two goods into one set: "正反面+手持", "passport & selfie", "паспорт и селфи".
_JOINED = compile_gated(
    r"[^\n;；。\d]{0,45}?(?:[+＋&]|\band\b|\bwith\b|\bи\b|\bс\b|带|加|配|含|连|及|和|、)[^\n;；。\d]*$",
    re.IGNORECASE)
# "视频 ❌", "video: none", "видео нет": the phrase before is not on offer either.
# "大头照、手持这段时间都没货", "selfies: sold out": out of stock is not on offer either.
_NEGATED_AFTER = compile_gated(
    r"\s*[:：]?\s*(?:✗|暂无|无货|缺货|没有(?=\s*(?:[,，。;；!！\n)）]|$))|\bnone\b|\bn/a\b|нет\b)|"
    r"[^\n，,。;；]{0,7}?(?:都|全|暂时)?(?:没货|缺货|断货|售罄|卖完了)|"
    r"\s*[:：\-–—(（]?\s*(?:sold\s+out|out\s+of\s+stock|нет\s+в\s+наличии)|"
    r"的?(?:别|勿|不要)(?:来)?问|[,，]?\s*don'?t\s+ask",
    re.IGNORECASE)
# Items listed together ("大头照、手持、四件套"): a negation after the last covers them all.
_LIST_JOIN = compile_gated(r"\s*[、/&+＋]\s*|\s*(?:和|及|与|and|и)\s*", re.IGNORECASE)
# A buying clause in a post that also sells ("另外长期收身份证正反面", "buying: INE scans"):
# the goods in it are bought, not offered.
_BUY_CLAUSE = compile_gated(
    r"(?:求购|收购|回收|只收(?!\s*(?:u(?![a-z])|usdt|btc|eth|trx|币|现金|支付宝|微信|人民币|美金|泰达|[\d.]+\s*u))|高价收|长期收|大量收|"
    r"(?<![出售卖])收(?=\s*[:：]?\s*(?:人脸|大头|手持|身份|四件套|三件套|正反|实名|料|视频|照片|护照))|"
    r"(?<![出售卖])收(?=\s*[:：]\s*[^\s\d:：]{1,4}?(?:人脸|大头|手持|身份|正反|视频|照片|护照))|"
    r"\bbuying\b|\bwtb\b|куплю|покупаю|скупаю|[【\[]\s*收\s*[】\]]|"
    r"\b(?:swap|trade|exchange)\s+(?:it\s+|them\s+)?for\b|обмен\w*\s+на\b|\bwant\s*:)[^\n。；;]*",
    re.IGNORECASE)
# A number, its unit, and at most one describing word right before a goods word: the goods
# counted ("3w 张大头", "35k faces", "8k frontal faces"), so the word is not vague.
_COUNTED = compile_gated(
    r"\d\s*(?:[kкw万千+]|тыс\.?|тысяч\w*|тыщ\w*)?\s*(?:шт\.?|pcs|张|个|套|组|条|x)?\s*(?:[a-z-]{3,12}\s+)?$",
    re.IGNORECASE)
# A line with a price of its own ("• Selfie (face only) ..... $0.80"): a product of its own.
_PRICED_LINE = compile_gated(
    r"[$¥€₽£]\s*\d|\d\s*(?:[$¥€₽]|元|块|米|u\b|usdt|руб|р\b|rub\b|usd\b|eur\b)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One goods phrase found: its text, span, types, and how much it says."""

    text: str
    start: int
    end: int
    types: tuple[str, ...]
    weak: bool
    hashtag: bool
    negated: bool
    absorbed_by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Goods:
    """What the post names as goods: data types in ``DATA_TYPES`` order, and the phrases."""

    types: tuple[str, ...]
    found: tuple[Phrase, ...]
    bank_kit: str | None = None  # the bank word that made a 四件套 other goods

    @property
    def offered(self) -> tuple[Phrase, ...]:
        return tuple(p for p in self.found if not p.negated)


# A header of its own that opens what a buy-and-sell post buys: "BUYING:", "【高价收】", "Куплю:".
_BUY_HEADER = compile_gated(
    r"^[^\w\n]*(?:buying|wtb|want(?:ed)?|looking\s+for|куплю|покупаю|скупаю|скупка|收|高价收|长期收|求购|回收)"
    r"[^\w\n]*$", re.IGNORECASE | re.M)
_SECTION_END = compile_gated(r"\n[ \t]*\n|\n[^\n]*[:：】\]][ \t]*(?=\n|$)")


def _paired(low: str) -> list[tuple[int, int]]:
    """Where a post says it buys and sells ("WTB/WTS", "出收"). A long pairing that ends on its
    buying word ("selling scans $4, also buying") keeps that word: a buying clause starts there."""
    spans = []
    for m in lexicon.BUY_AND_SELL.finditer(low):
        start, end = m.span()
        tail = _BUY_WORD_AT_END.search(m.group(0))
        spans.append((start, start + tail.start() if tail and end - start > 20 else end))
    return spans


_BUY_WORD_AT_END = compile_gated(r"(?:\bbuying|\bкуплю)$", re.IGNORECASE)


def _buying_clauses(low: str) -> list[tuple[int, int]]:
    """Buying clauses, where the rest of the post sells: their goods are bought."""
    clauses = [m.span() for m in _BUY_CLAUSE.finditer(blank(low, _paired(low)))]
    rest = blank(low, clauses)
    sells = lexicon.SELL.search(rest) or lexicon.SELLER_PHRASE.search(rest)
    return clauses if clauses and sells else []


def _negated_lists(text: str, found: list[Phrase]) -> list[Phrase]:
    """A negation after a list ("大头照、手持、四件套都没货") covers every item of it."""
    out = list(found)
    covered = False  # the item after this one is negated by what follows the list
    for i in range(len(out) - 1, -1, -1):
        if covered and _LIST_JOIN.fullmatch(text, out[i].end, out[i + 1].start):
            out[i] = replace(out[i], negated=True)
        else:
            covered = bool(_NEGATED_AFTER.match(text, out[i].end, out[i].end + 10))
    for i in range(1, len(out)):  # "no front/back scans": the vague word is the same goods
        if out[i].weak and out[i - 1].negated and not out[i].negated \
                and not text[out[i - 1].end:out[i].start].strip():
            out[i] = replace(out[i], negated=True)
    return out


def _priced_alone(text: str, found: list[Phrase], at: int) -> bool:
    """Whether the phrase at ``at`` sits on a line of its own with its own price, and no
    handheld phrase: a product of its own in a price list, not the handheld selfie again."""
    start, end = text.rfind("\n", 0, at) + 1, text.find("\n", at)
    end = len(text) if end < 0 else end
    return bool(_PRICED_LINE.search(text, start, end)) and not any(
        "handheld_id" in p.types and start <= p.start < end for p in found)


def _buying_sections(text: str) -> list[tuple[int, int]]:
    """The lines under a buying header, up to a blank line or the next header: goods named
    there are bought, not offered."""
    spans = []
    for m in _BUY_HEADER.finditer(text):
        end = _SECTION_END.search(text, m.end())
        spans.append((m.end(), end.start() if end else len(text)))
    return spans


def _is_bank_kit(low: str, original: str, start: int, end: int) -> str | None:
    offset = max(0, start - _BANK_WINDOW)
    for m in lexicon.BANK_KIT.finditer(low, offset, end + _BANK_WINDOW):
        if not _PAYMENT_REFUSED.search(low, max(0, m.start() - 4), m.start()):
            return original[m.start():m.end()]
    return None


# "只收U 不走银行卡": how the seller is paid, not bank goods sold with the 四件套
_PAYMENT_REFUSED = compile_gated(r"(?:不走|不收|不用|不要|不接|не\s+через|no)\s*$", re.IGNORECASE)


def find_goods(text: str, plain: str | None = None) -> Goods:
    """Data types named in ``text``; specific phrases first, each masking what it matched.

    A hashtag (#人脸) is the channel's topic: it names goods, but adds its type only when the
    post names no other. A phrase absorbed by a type also named adds nothing of its own.
    ``plain``: the post before leetspeak was read (same positions), whose figures tell a
    price list from a set ("护照首页 8U" must keep its 8).
    """
    original, low = text, lowered(text)
    plain = text if plain is None else plain
    work = {True: low, False: text}  # what is left to match, lower-cased or as written
    found: list[Phrase] = []
    bank_kit: str | None = None
    for goods in lexicon.GOODS:
        matched: list[tuple[int, int]] = []
        for m in goods.pattern.finditer(work[goods.folded]):
            phrase = original[m.start():m.end()].strip()
            if not phrase:
                continue
            if "kyc_set" in goods.types and "四件套" in phrase:
                bank_kit = bank_kit or _is_bank_kit(low, original, m.start(), m.end())
                if bank_kit:
                    continue
            before = low[max(0, m.start() - _NEGATION_WINDOW):m.start()]
            found.append(Phrase(
                phrase, m.start(), m.end(), goods.types,
                hashtag=original[max(0, m.start() - 1):m.start()] == "#",
                weak=goods.weak and not ("face_photo" in goods.types and _COUNTED.search(
                    low, max(0, m.start() - 20), m.start())),
                negated=bool(lexicon.NEGATION.search(before)
                             or _NEGATED_AFTER.match(original, m.end(), m.end() + 10)
                             or lexicon.CAPACITY.search(before)),
                # "正反面+手持+自拍": a selfie listed right after the handheld one is another
                absorbed_by=() if _listed_beside_handheld(original, found, m.start(), m.end())
                or _priced_alone(original, found, m.start()) else goods.absorbed_by,
            ))
            matched.append(m.span())
        if matched:  # each phrase masks what it matched, for the less specific ones after it
            work = {k: blank(v, matched) for k, v in work.items()}
    for m in lexicon.GOODS_EXTRA.finditer(work[True]):
        found.append(Phrase(original[m.start():m.end()].strip(), m.start(), m.end(), (),
                            weak=False, hashtag=False, negated=False))
    found.sort(key=lambda p: p.start)
    found = _negated_lists(original, found)
    buying = _buying_sections(plain) + _buying_clauses(low)
    found = [replace(p, negated=True) if any(a <= p.start < b for a, b in buying) else p
             for p in found]
    offered = _without_descriptions([p for p in found if not p.negated], plain)
    quotes = quote_spans(plain)
    own = [p for p in offered if not any(a <= p.start < b for a, b in quotes)]
    offered = own or offered  # goods a reply quotes are the quoted seller's
    types = _types([p for p in offered if not p.hashtag]) or _types(
        [p for p in offered if p.hashtag])
    # a handheld photo shows the document too: 手持 + 视频 per 组 is a set as well
    if ("id_card" in types or "handheld_id" in types) and types & _FACE_MATERIAL - (
            set() if "id_card" in types else {"handheld_id"}) and _PER_SET.search(plain) \
            and (_joined(plain, offered) or _WHOLE_SET.search(plain)
                 or not _priced_apart(plain, offered)):
        types.add("kyc_set")
    return Goods(tuple(t for t in DATA_TYPES if t in types), tuple(found), bank_kit)


# Goods that a vague word can describe: "videos where the person blinks and shows the face",
# "селфи с паспортом, держит у лица", "人脸视频…正脸+转头".
_CONTAINERS = {"face_video", "handheld_id"}
_CLAUSE_END = compile_gated(r"[\n。；;!?！？]|\.(?:\s|$)")


def _without_descriptions(offered: list[Phrase], text: str) -> list[Phrase]:
    """Leave out vague words that describe a specific phrase's goods rather than name goods of
    their own: a weak face or document word in the same clause as a video or handheld phrase,
    with nothing joining them as two items ("+", "and", "、") and no count of its own."""
    specific = [p for p in offered if not p.weak and set(p.types) & _CONTAINERS]
    if not specific:
        return offered

    def describes(vague: Phrase, of: Phrase) -> bool:
        first, second = (vague, of) if vague.start < of.start else (of, vague)
        between = text[first.end:second.start]
        if any(first.end <= p.start and p.end <= second.start for p in offered):
            return False  # "手持 正反面 大头都有": a list of goods, not a description
        return (not _CLAUSE_END.search(between) and not _JOINED_ITEMS.search(between)
                and not _LISTED.fullmatch(between)  # "selfie, selfie with ID": two items
                and not _COUNTED.search(text[max(0, vague.start - 8):vague.start]))

    return [p for p in offered
            if not (p.weak and not set(p.types) & _CONTAINERS
                    and any(describes(p, q) for q in specific))]


_JOINED_ITEMS = compile_gated(r"[+＋&、/]|\band\b|\bи\b|和|及|以及|另有|还有|plus", re.IGNORECASE)


# A price list's line for all of it together: "全套 40U/套", "full set (all of the above) 4$".
_WHOLE_SET = compile_gated(
    r"^[^\n\d]{0,24}(?:全套|整套|full\s+(?:set|combo|kit|pack)|(?:all|everything)\s+of\s+the\s+above|"
    r"всё\s+вместе|полный\s+комплект|фул+\s*пак\w*)", re.IGNORECASE | re.M)
# Face material that comes with each document: "全部带本人自拍", "each with a selfie".
_ATTACHED = compile_gated(r"(?:带|附|附带|配|with|w/|вместе\s+с|\bс)\s*(?:本人|own|a|an|их)?\s*$",
                       re.IGNORECASE)


def _docs_and_faces(offered: list[Phrase]) -> tuple[list[Phrase], list[Phrase]]:
    """The document phrases and the face material beside them; without a document image of
    its own, a handheld photo (which shows the document) stands for it."""
    docs = [p for p in offered if "id_card" in p.types] or [
        p for p in offered if "handheld_id" in p.types]
    return docs, [p for p in offered if set(p.types) & _FACE_MATERIAL and p not in docs]


def _joined(text: str, offered: list[Phrase]) -> bool:
    """Whether a document and face material are named together, as one set."""
    docs, faces = _docs_and_faces(offered)
    if docs and any(_ATTACHED.search(text[max(0, f.start - 8):f.start]) for f in faces
                    if f.start > docs[0].start):
        return True
    for d in docs:
        for f in faces:
            first, second = (d, f) if d.start < f.start else (f, d)
            if first is not second and second.start - first.end <= 45 \
                    and _JOINED.match(text[first.end:second.start]):
                return True
    return False


_DIGIT = compile_gated(r"\d")


# "另有 face video", "also selling", "а также": what follows is sold on its own.
_APART = compile_gated(
    r"另有|另外还有|此外|also\s+(?:have|got|selling)|separately|а\s+также|ещё\s+есть|отдельно",
    re.IGNORECASE)
_SENTENCE_END = compile_gated(
    r"\n|[。；;!?！？]|(?<!\.)\.(?!\.)\s|另有|此外|also\s+(?:have|got|selling)|а\s+также|ещё\s+есть")


def _priced_apart(text: str, offered: list[Phrase]) -> bool:
    """A menu: the document and the face material sit on lines of their own, each with its
    own figure ("身份证正反 10U/套" / "手持 15U/套"), so they are sold apart, not as a set."""
    def line_of(p: Phrase) -> tuple[int, str]:
        """The line, or the sentence, that names ``p``."""
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, p.start)), default=0)
        m = _SENTENCE_END.search(text, p.end)
        return start, text[start:m.start() if m else len(text)]

    docs, faces = _docs_and_faces(offered)
    if docs and faces and _APART.search(text, min(p.start for p in docs + faces),
                                        max(p.start for p in docs + faces)):
        return True
    doc_lines, face_lines = {line_of(p) for p in docs}, {line_of(p) for p in faces}
    if doc_lines & face_lines:
        return _same_line_prices_apart(text, offered)
    return all(_DIGIT.search(line) for _, line in doc_lines | face_lines) or \
        _same_line_prices_apart(text, offered)


def _same_line_prices_apart(text: str, offered: list[Phrase]) -> bool:
    """"身份证正反面2元一套，手持5元一张": each named with its own price on one line."""
    docs, faces = _docs_and_faces(offered)
    starts = sorted(p.start for p in offered)

    def priced(p: Phrase) -> bool:  # a figure after it, before the next goods phrase
        after = [a for a in starts if a >= p.end]
        return bool(_DIGIT.search(text[p.end:min([p.end + 8, *after])]))

    return bool(docs and faces) and all(
        any(priced(p) for p in group) for group in (docs, faces))


def _types(found: list[Phrase]) -> set[str]:
    """The types of the phrases found, without those absorbed by another type found."""
    plain = {t for p in found if not p.absorbed_by for t in p.types}
    return plain | {t for p in found if p.absorbed_by and not plain & set(p.absorbed_by)
                    for t in p.types}

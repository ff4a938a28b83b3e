"""The goods a post names: which data types, with what phrase, where, and whether negated.

Goods are what every other signal is weighed around: no goods named, no offer. A phrase in a
negation's scope ("no scans", 不含视频, без видео) names goods that are *not* sold, so its type
is left out; a bank-card 四件套 (card, U盾, SIM, password) is the same argot for other goods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from faceleak.crawler.extract import lexicon
from faceleak.crawler.extract.model import DATA_TYPES
from faceleak.crawler.extract.normalize import blank, lowered

_NEGATION_WINDOW = 14  # characters before a goods phrase in which a negation applies
_BANK_WINDOW = 30  # characters around 四件套 in which a bank word makes it a bank kit
# A document image and face material sold per set are a KYC set (DESIGN 4.2).
_PER_SET = re.compile(
    r"[每一/]\s*(?:套|组)|\d\s*(?:套|组)|\b(?:per|a|each|/)\s*(?:set|kit|combo|pack)\b|"
    r"\b(?:sets?|kits?|combos?|packs?|pairs?)\b|комплект\w*|\bсет\w*|набор\w*|\bпар[аы]?\b|"
    r"一人一[组套]|每人一[组套]|每人|全套|\bper\s+(?:person|record|people|unit)\b|same\s+person|"
    r"\bkyc\b|\bfull\s+sets?\b|\beach\b|\bea\b|пакет\w*|\bpackages?\b|на\s+человека|одна\s+личность|"
    r"\bmatching\b|\bpaired\b|same\s+(?:people|person)|одного\s+человека|按人|配套|套组|套装",
    re.IGNORECASE,
)
_FACE_MATERIAL = {"handheld_id", "face_video", "face_photo"}
# What joins two goods into one set: "正反面+手持", "passport & selfie", "паспорт и селфи".
_JOINED = re.compile(
    r"[^\n;；。\d]{0,45}?(?:[+＋&]|\band\b|\bwith\b|\bи\b|\bс\b|带|加|配|含|连|及|和|、)[^\n;；。\d]*$",
    re.IGNORECASE)
# "视频 ❌", "video: none", "видео нет": the phrase before is not on offer either.
_NEGATED_AFTER = re.compile(
    r"\s*[:：]?\s*(?:✗|暂无|无货|缺货|没有|\bnone\b|\bn/a\b|нет\b)", re.IGNORECASE)


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


def _is_bank_kit(low: str, original: str, start: int, end: int) -> str | None:
    offset = max(0, start - _BANK_WINDOW)
    m = lexicon.BANK_KIT.search(low, offset, end + _BANK_WINDOW)
    return original[m.start():m.end()] if m else None


def find_goods(text: str) -> Goods:
    """Data types named in ``text``; specific phrases first, each masking what it matched.

    A hashtag (#人脸) is the channel's topic: it names goods, but adds its type only when the
    post names no other. A phrase absorbed by a type also named adds nothing of its own.
    """
    original, low = text, lowered(text)
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
                phrase, m.start(), m.end(), goods.types, goods.weak,
                hashtag=original[max(0, m.start() - 1):m.start()] == "#",
                negated=bool(lexicon.NEGATION.search(before)
                             or _NEGATED_AFTER.match(original, m.end(), m.end() + 10)
                             or lexicon.CAPACITY.search(before)),
                absorbed_by=goods.absorbed_by,
            ))
            matched.append(m.span())
        if matched:  # each phrase masks what it matched, for the less specific ones after it
            work = {k: blank(v, matched) for k, v in work.items()}
    for m in lexicon.GOODS_EXTRA.finditer(work[True]):
        found.append(Phrase(original[m.start():m.end()].strip(), m.start(), m.end(), (),
                            weak=False, hashtag=False, negated=False))
    found.sort(key=lambda p: p.start)
    offered = _without_descriptions([p for p in found if not p.negated], original)
    types = _types([p for p in offered if not p.hashtag]) or _types(
        [p for p in offered if p.hashtag])
    if "id_card" in types and types & _FACE_MATERIAL and _PER_SET.search(original) \
            and (_joined(original, offered) or not _priced_apart(original, offered)):
        types.add("kyc_set")
    return Goods(tuple(t for t in DATA_TYPES if t in types), tuple(found), bank_kit)


# Goods that a vague word can describe: "videos where the person blinks and shows the face",
# "селфи с паспортом, держит у лица", "人脸视频…正脸+转头".
_CONTAINERS = {"face_video", "handheld_id"}
_CLAUSE_END = re.compile(r"[\n。；;!?！？]|\.(?:\s|$)")
_COUNTED = re.compile(r"\d\s*[kкw万千+]?\s*(?:шт\.?|pcs|张|套|组|条|x)?\s*$", re.IGNORECASE)


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
        return (not _CLAUSE_END.search(between) and not _JOINED_ITEMS.search(between)
                and not _COUNTED.search(text[max(0, vague.start - 8):vague.start]))

    return [p for p in offered
            if not (p.weak and not set(p.types) & _CONTAINERS
                    and any(describes(p, q) for q in specific))]


_JOINED_ITEMS = re.compile(r"[+＋&、/]|\band\b|\bи\b|和|及|以及|另有|还有|plus", re.IGNORECASE)


def _joined(text: str, offered: list[Phrase]) -> bool:
    """Whether a document and face material are named together, as one set."""
    docs = [p for p in offered if "id_card" in p.types]
    faces = [p for p in offered if set(p.types) & _FACE_MATERIAL]
    for d in docs:
        for f in faces:
            first, second = (d, f) if d.start < f.start else (f, d)
            if first is not second and second.start - first.end <= 45 \
                    and _JOINED.match(text[first.end:second.start]):
                return True
    return False


_DIGIT = re.compile(r"\d")


_SENTENCE_END = re.compile(
    r"\n|[。；;!?！？]|(?<!\.)\.(?!\.)\s|另有|此外|also\s+(?:have|got|selling)|а\s+также|ещё\s+есть")


def _priced_apart(text: str, offered: list[Phrase]) -> bool:
    """A menu: the document and the face material sit on lines of their own, each with its
    own figure ("身份证正反 10U/套" / "手持 15U/套"), so they are sold apart, not as a set."""
    def line_of(p: Phrase) -> tuple[int, str]:
        """The line, or the sentence, that names ``p``."""
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, p.start)), default=0)
        m = _SENTENCE_END.search(text, p.end)
        return start, text[start:m.start() if m else len(text)]

    doc_lines = {line_of(p) for p in offered if "id_card" in p.types}
    face_lines = {line_of(p) for p in offered if set(p.types) & _FACE_MATERIAL}
    if doc_lines & face_lines:
        return False
    return all(_DIGIT.search(line) for _, line in doc_lines | face_lines) or \
        _same_line_prices_apart(text, offered)


def _same_line_prices_apart(text: str, offered: list[Phrase]) -> bool:
    """"身份证正反面2元一套，手持5元一张": each named with its own price on one line."""
    docs = [p for p in offered if "id_card" in p.types]
    faces = [p for p in offered if set(p.types) & _FACE_MATERIAL]
    return bool(docs and faces) and all(
        _DIGIT.search(text[p.end:p.end + 8]) for p in docs + faces)


def _types(found: list[Phrase]) -> set[str]:
    """The types of the phrases found, without those absorbed by another type found."""
    plain = {t for p in found if not p.absorbed_by for t in p.types}
    return plain | {t for p in found if p.absorbed_by and not plain & set(p.absorbed_by)
                    for t in p.types}

"""A post as the offer model sees it: named features, each with the phrase that fired it.

Lexicons, parsers and scopes decide *what* is in a post (goods, a selling verb, a price, a
buying request, a news context, a negation); how much each of those counts is fitted on
labelled posts (``training``), never set here. Every feature is a number in [0, 1] with a
name an analyst can read, so the reasons behind a verdict are the features that carried it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from faceleak.crawler.extract import lexicon
from faceleak.crawler.extract.contacts import find_contacts
from faceleak.crawler.extract.counts import count_beside_goods, find_count
from faceleak.crawler.extract.gated import compile_gated
from faceleak.crawler.extract.model import Contact
from faceleak.crawler.extract.normalize import blank, deleet, line_at, lowered, normalize
from faceleak.crawler.extract.offer import Goods, find_goods
from faceleak.crawler.extract.price import LOT_WORD, PriceMatch, find_prices
from faceleak.crawler.extract.quotes import quote_spans as _quote_lines
from faceleak.crawler.extract.quotes import quoted as _quoted

MAX_CHARS = 20_000  # a post longer than this is a page dump; its head says what it is
_NEAR = 24  # characters: how close a verb or a context word must be to the goods to bind

# Every feature the model knows, in a fixed order, with the label an analyst reads.
FEATURES: dict[str, str] = {
    "goods_strong": "goods",
    "goods_weak_only": "goods (a vague word only)",
    "goods_hashtag_only": "goods (hashtag only)",
    "goods_kinds": "several kinds of goods",
    "goods_kyc": "KYC set",
    "goods_negated": "goods negated",
    "goods_all_negated": "all goods negated",
    "sell": "sell verb",
    "sell_near_goods": "sell verb beside the goods",
    "seller_phrase": "seller phrase",
    "price": "price stated",
    "price_item": "price per item",
    "price_menu": "price list",
    "price_beside_goods": "goods priced in the same clause",
    "count": "quantity stated",
    "contact": "contact given",
    "trade_details": "price, quantity and contact",
    "buy": "buying request",
    "buy_weak": "need/want",
    "buy_many": "several buying words",
    "buy_near_goods": "buying word beside the goods",
    "buy_and_sell": "buys and sells",
    "question": "asks a question",
    "bank_kit": "bank-card kit",
    "goods_quoted": "goods only inside a quotation",
    "sell_before_buy": "sells first, buys too",
    "plain_offer": "goods with nothing against them",
    "free_sample_paid": "free sample of a paid lot",
    **{name: label for name, label, _ in lexicon.CONTEXTS},
    "context_near_goods": "context beside the goods",
}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the parsers found in one post, and the features made of it."""

    text: str  # normalised, contacts masked
    goods: Goods
    prices: tuple[PriceMatch, ...]
    count: int | None
    contacts: tuple[Contact, ...]
    features: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)  # feature → phrase that fired it


# Contexts that sit beside real offers too (a catalogue of other data, a free sample of a paid
# base): they count as themselves, not as "context beside the goods".
_MIXED_CONTEXTS = {"ctx_free", "ctx_other_goods", "ctx_reply"}  # a reply is the replier's
# Contexts that may be what the goods are for ("for Face ID bypass", 用来刷门禁, 适合做换脸训练).
_TARGETS = {"ctx_device", "ctx_app", "ctx_synthetic"}  # "good for face-swap training"


def _near(spans: list[tuple[int, int]], m: re.Match[str], window: int = _NEAR) -> bool:
    return any(m.start() - window <= end and start <= m.end() + window for start, end in spans)


# "现在四件套啥价了": asking the price, not stating one.
_QUESTION = compile_gated(
    r"[?？]|吗|\bли\b|啥价|什么价|多少钱|怎么卖|\bhow\s+much\b|\bсколько\s+стоит", re.IGNORECASE)
# "有需要身份证正反面照片的吗": a seller's pitch, not a question.
_SELLERS_ASK = compile_gated(
    r"有需要[^\n。？?]{0,24}?的?吗[?？]?|(?:anyone|who)\s+need\w*[^\n?]{0,40}\?|"
    r"кому\s+(?:надо|нужн\w*)[^\n?]{0,40}\?|有人要[^\n。？?]{0,24}?吗", re.IGNORECASE)
_CLAUSE_BREAK = compile_gated(r"[\n。，,;；]")


def _priced_on_their_own(text: str, goods: list, prices: list, others: list) -> bool:
    """Face goods with a price in a clause of their own ("快递单一条两毛，大头照一块一张",
    "• селфи с паспортом — 400 р/шт"): a catalogue that also sells other data still sells them."""
    def clause(at: int) -> tuple[int, int]:
        start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, at)), default=0)
        end = _CLAUSE_BREAK.search(text, at)
        return start, end.start() if end else len(text)

    other_clauses = {clause(o.start()) for o in others}
    return any(clause(p.start) == clause(q.start) and clause(p.start) not in other_clauses
               for p in goods for q in prices)


# "人脸照片+身份证号", "selfies with names", "手机号 + 身份证正反面图片": other data joined to
# the face goods describes them. Goods *after* "with" describe the other goods instead
# ("аккаунты с селфи", "支付宝号，带人脸"), so that way round only a plus joins.
_ATTACHED = compile_gated(r"\s*(?:[+＋&]|带|含|附|配|with|w/|и|с)\s*", re.IGNORECASE)


def _attribute_of(text: str, goods: list, hit: re.Match[str]) -> bool:
    return any(_ATTACHED.fullmatch(text, g.end, hit.start()) or _LIST_TO_GOODS.fullmatch(
        text, hit.end(), g.start) for g in goods)


# ..., or a list of fields joined to them: "姓名 身份证号 手机号 + 身份证正反面图片".
_LIST_TO_GOODS = compile_gated(r"[ \t]*(?:[^\W\d]{1,6}[ \t、,，/]+){0,3}[+＋&][ \t]*")


# The paid lot a free sample advertises: "全量5万张", "full base", "вся база".
_FULL_LOT = compile_gated(r"全量|全库|满意再(?:拿|买)|full\s+(?:base|set|db|database|lot)|"
                          r"вс[яю]\s+баз\w*|полн\w+\s+баз\w*", re.IGNORECASE)
# "另出 实名手机卡", "also selling SIM cards": other goods sold as well as the face goods.
_ALSO = compile_gated(r"(?:另(?:外|出|有)|还(?:出|有)|也出|\balso(?:\s+(?:selling|sell|have|got))?|"
                      r"\bplus|также(?:\s+продаю)?|ещё|еще)\s*$", re.IGNORECASE)


# Where the goods came from: "с камер подъезда", "crops from CCTV", "从监控里截的".
_SOURCE = compile_gated(r"(?:\bс|\bсо|\bиз|\bfrom|\boff|来自|从|источник\w*\s*[—:-]?|"
                        r"source\s*[—:-]|来源\s*[:：]?|слив\w*|архив\w*)\s*(?:the\s+|their\s+|a\s+)?$",
                        re.IGNORECASE)
# "某照相馆流出的证件照", "a photo studio's leaked archive": where the goods leaked from.
_LEAKED_AFTER = compile_gated(r"\S{0,3}?(?:流出|泄露|导出|外泄)|\s*(?:leak|dump)", re.IGNORECASE)
_SOURCED = {"ctx_device", "ctx_app", "ctx_photo_service"}  # contexts that can be the source


def _purpose(text: str, at: int) -> bool:
    return bool(lexicon.PURPOSE.search(text[max(0, at - 16):at]))


def _negated(text: str, at: int) -> bool:
    """A context word right after a negation ("no app needed", 别举报, без приложения)."""
    return bool(lexicon.CONTEXT_NEGATION.search(text[max(0, at - 12):at]))


# "原价0.5 → 现价0.35", "was $40, now $25": the old price is not the asking price.
_OLD_PRICE = compile_gated(
    r"(?:原价|原来|以前|之前|去年|\bwas\b|old\s+price|used\s+to\s+be|раньше|было|вместо|"
    r"старая\s+цена)[^\n，。,;]{0,6}$", re.IGNORECASE)


# "$3 → $2", "由 120 调整为 95": the price before the arrow is the old one.
_UPDATED_TO = compile_gated(r"\s*(?:→|->|=>|➡️?|⟶|调整为|改为|降到|降至|down\s+to|now)\s*\S*\d")


# "paying 1$ / selling 3$", "收的价格 …": what the poster pays is not the asking price.
_BUYING_AT = compile_gated(
    r"(?:\bpaying|\bbuy(?:ing)?\s+at|收价|收的价格?|куплю\s+по|покупаю\s+по)\s*[:：]?\s*$",
    re.IGNORECASE)


def _asking_first(text: str, prices: list, goods, quotes: list[tuple[int, int]]) -> list:
    """The prices with the asking price first: not one quoted from another post, not an old
    price, not one on a line of a list that names other goods ("快递单号数据 0.05/条",
    "bank logs ... $120") while another line prices the goods on offer."""
    lines = text.split("\n")
    offered_lines = {text.count("\n", 0, p.start) for p in goods.offered}
    for n in sorted(offered_lines):  # "📸 Фото лиц:" heads the indented price lines below it
        if lines[n].rstrip().endswith((":", "：")):
            offered_lines |= set(itertools.takewhile(
                lambda i: lines[i][:1] in (" ", "\t", "-", "•"), range(n + 1, len(lines))))

    def on_goods_line(p) -> bool:
        return text.count("\n", 0, p.start) in offered_lines

    def priced_other_goods(p) -> bool:  # "另出 实名手机卡 50一张": that price is not the goods'
        line = lowered(line_at(text, p.start))
        return not on_goods_line(p) and bool(lexicon.OTHER_GOODS.search(line)) \
            and not LOT_WORD.search(line)

    prices = [p for p in prices if not priced_other_goods(p)]
    listed = len(offered_lines) < text.count("\n") + 1 and any(map(on_goods_line, prices))

    def other_goods_line(p) -> bool:
        line = lowered(line_at(text, p.start))
        return listed and not on_goods_line(p) and not LOT_WORD.search(line) and bool(
            _NAMES_SOMETHING.search(_TERMS.sub(" ", line)))  # "15U/套 300套起拿" names nothing

    def aside(p) -> bool:
        return (any(a <= p.start < b for a, b in quotes) or other_goods_line(p)
                or bool(_OLD_PRICE.search(text[max(0, p.start - 12):p.start]))
                or bool(_UPDATED_TO.match(text, p.end))
                or bool(_BUYING_AT.search(text[max(0, p.start - 12):p.start])))

    asking = [p for p in prices if not aside(p)]
    return asking + [p for p in prices if aside(p)] if asking else prices


# Words of a price's terms, not of goods: units, minimums, per.
_TERMS = compile_gated(r"[套张组份条个]起?[拿批卖订]?|起|usdt|\bu\b|pcs|шт|each|per|sets?|от|"
                       r"min\w*",
                       re.IGNORECASE)
# A line that names something: two letters or characters in a row.
_NAMES_SOMETHING = compile_gated(r"[a-zа-яё\u4e00-\u9fff]{2}", re.IGNORECASE)


_REPLY_TITLE = compile_gated(r"\s*(?:re|回复|答复|ответ|отв)\s*[:：]", re.IGNORECASE)


def analyse(text: str, title: str | None = None) -> Analysis:
    """Parse one post (title and text) and turn what was found into features."""
    if title and _REPLY_TITLE.match(title):
        title = "> " + title  # "Re: anyone got KYC stuff?" is the thread's question, quoted
    joined = normalize(f"{title}\n{text}" if title else (text or ""))[:MAX_CHARS]
    contacts, masked = find_contacts(joined)
    goods = find_goods(deleet(masked), masked)
    if not goods.offered:
        # Nothing on offer, so no offer whatever else the post says (the model caps it):
        # the rest of the parsing would cost time and decide nothing.
        return Analysis(masked, goods, (), None, contacts)
    quotes = _quote_lines(masked)
    every_price = find_prices(masked)
    prices = _asking_first(masked, every_price, goods, quotes)
    unpriced = blank(masked, [(p.start, p.end) for p in every_price])  # other goods' too
    goods_at = [p.start for p in goods.offered]
    own = blank(unpriced, quotes)  # a reply's count is its own, not the quoted request's
    count = find_count(own, goods_at)
    if count is None:
        count = count_beside_goods(own, [p.end for p in goods.offered] + [  # "селфи (~12к)"
            p.start + p.text.index("(") for p in goods.offered if "(" in p.text])
    features: dict[str, float] = {}
    evidence: dict[str, str] = {}

    def fire(name: str, phrase: str = "", value: float = 1.0) -> None:
        features[name] = value
        if phrase:
            evidence[name] = phrase

    offered = goods.offered
    strong = [p for p in offered if not p.weak and not p.hashtag]
    spans = [(p.start, p.end) for p in offered]
    if strong:
        fire("goods_strong", strong[0].text)
    elif any(not p.hashtag for p in offered):
        fire("goods_weak_only", next(p.text for p in offered if not p.hashtag))
    elif offered:
        fire("goods_hashtag_only", offered[0].text)
    if len(goods.types) >= 2:
        fire("goods_kinds", ", ".join(goods.types), min(len(goods.types) - 1, 3) / 3)
    if "kyc_set" in goods.types:
        fire("goods_kyc")
    negated = [p for p in goods.found if p.negated]
    if negated:
        fire("goods_negated", negated[0].text)
        if not offered:
            fire("goods_all_negated", negated[0].text)
    if goods.bank_kit:
        fire("bank_kit", goods.bank_kit)

    low = lowered(deleet(masked))  # "s3ll1ng" sells too
    # Chatter before "说正事" / "anyway" / "к делу" is not what the post is about.
    chatter_end = max((m.end() for m in lexicon.TOPIC_SHIFT.finditer(low)), default=0)

    def said(m: re.Match[str]) -> str:  # the phrase as the post wrote it
        return masked[m.start():m.end()].strip()

    sell = lexicon.SELL.search(low)
    if sell:
        fire("sell", said(sell))
        if any(_near(spans, m) for m in lexicon.SELL.finditer(low)):
            fire("sell_near_goods", said(sell))
    if m := lexicon.SELLER_PHRASE.search(low):
        fire("seller_phrase", said(m))
    if prices:
        fire("price", masked[prices[0].start:prices[0].end].strip())
        if prices[0].price.per == "item":
            fire("price_item")
        if len(prices) >= 3:
            fire("price_menu", f"{len(prices)} prices")
        if _priced_on_their_own(masked, strong, prices, []):  # "手持 一块一张", "scans, £2 each"
            fire("price_beside_goods", masked[prices[0].start:prices[0].end].strip())
    if count is not None:
        fire("count", str(count))
    if contacts:
        fire("contact", contacts[0].value)
    details = (bool(prices), count is not None, bool(contacts))
    if sum(details) >= 2:
        fire("trade_details", "", (sum(details) - 1) / 2)
    both = list(lexicon.BUY_AND_SELL.finditer(low))
    if both:
        fire("buy_and_sell", said(both[0]))
    # "куплю/продам" is no buying request, nor the request a reply quotes ("> WTB 1k …")
    unpaired = blank(low, [b.span() for b in both] + _quote_lines(low))
    buys = list(lexicon.BUY.finditer(unpaired))
    if buys:
        fire("buy", said(buys[0]))
        if any(_near(spans, b, 12) for b in buys):
            fire("buy_near_goods", said(buys[0]))
        if len({b.group(0) for b in buys}) >= 2:
            fire("buy_many")
    if m := lexicon.BUY_WEAK.search(unpaired):
        fire("buy_weak", said(m))
    if sell and buys and sell.start() < buys[0].start():
        fire("sell_before_buy", said(sell))
    if offered and all(_quoted(masked, p.start) for p in offered) \
            and not lexicon.RELAYED.search(blank(low, quotes)):  # same positions as masked
        fire("goods_quoted", offered[0].text)
    unquoted = blank(masked, _quote_lines(masked))
    if m := _QUESTION.search(blank(unquoted, [s.span() for s in _SELLERS_ASK.finditer(unquoted)])):
        fire("question", m.group(0))
    for name, label, pattern in lexicon.CONTEXTS:
        hits = [c for c in pattern.finditer(low, chatter_end) if not _negated(low, c.start())
                and not (name in _TARGETS and _purpose(low, c.start()))
                and not (name in _SOURCED and (
                    _SOURCE.search(low, max(0, c.start() - 12), c.start())
                    or _LEAKED_AFTER.match(low, c.end())))]
        if name == "ctx_other_goods":
            hits = [h for h in hits if not _attribute_of(masked, strong, h)
                    and not _ALSO.search(low, max(0, h.start() - 16), h.start())]
            if _priced_on_their_own(masked, strong, prices, hits):
                hits = []
        if hits:
            fire(name, said(hits[0]))
            if name not in _MIXED_CONTEXTS and "context_near_goods" not in features \
                    and any(_near(spans, c) for c in hits):
                fire("context_near_goods", f"{said(hits[0])} ({label})")
    against = ("buy", "buy_weak", "question", "goods_quoted", "bank_kit", "goods_all_negated")
    if offered and not any(k in features for k in against) \
            and not any(k.startswith("ctx_") for k in features):
        fire("plain_offer")
    if "ctx_free" in features and (prices or _FULL_LOT.search(low)):
        fire("free_sample_paid", evidence["ctx_free"])  # "免费送100张 … 全量5万张 价格私聊"
    return Analysis(masked, goods, tuple(prices), count, contacts, features, evidence)

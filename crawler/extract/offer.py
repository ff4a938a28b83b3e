"""Offer or not: a small additive score over cited evidence, so the analyst sees why.

Goods are required (no face data or document named → not an offer). Selling, seller phrasing
and trade details (price, count, contact) add; a buying request or a context that talks about
the goods without selling them (news, devices, apps, tutorials, warnings, job ads, photo
services, other goods) subtracts more than a typical offer gathers, so it stays quiet.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from faceleak.crawler.extract import lexicon
from faceleak.crawler.extract.model import DATA_TYPES

W_GOODS = 2.0
W_SELL = 2.0
W_SELLER_PHRASE = 1.0
W_PRICE = 1.0
W_COUNT = 0.75
W_CONTACT = 0.75
W_BUY = -4.5
W_CONTEXT = -4.5
THRESHOLD = 3.0
SLOPE = 1.5
_MASKED = "\x00"


@dataclass(frozen=True, slots=True)
class Goods:
    """What the post names as goods: data types in ``DATA_TYPES`` order, and the phrases."""

    types: tuple[str, ...]
    phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    is_offer: bool
    score: float
    reasons: tuple[str, ...]


def find_goods(text: str) -> Goods:
    """Data types named in ``text``; specific phrases first, each masking what it matched.

    A hashtag (#人脸) is the channel's topic: it names goods, but adds its type only when the
    post names no other. A phrase absorbed by a type also named adds nothing of its own.
    """
    named: list[lexicon.Goods] = []
    tagged: list[lexicon.Goods] = []
    phrases: list[tuple[int, str]] = []
    for goods in lexicon.GOODS:
        for m in goods.pattern.finditer(text):
            if not m.group(0).strip():
                continue
            (tagged if text[max(0, m.start() - 1):m.start()] == "#" else named).append(goods)
            phrases.append((m.start(), m.group(0).strip()))
            text = text[: m.start()] + _MASKED * (m.end() - m.start()) + text[m.end():]
    for m in lexicon.GOODS_EXTRA.finditer(text):
        phrases.append((m.start(), m.group(0).strip()))
    phrases.sort()
    types = _types(named) or _types(tagged)
    return Goods(tuple(t for t in DATA_TYPES if t in types), tuple(p for _, p in phrases))


def _types(found: list[lexicon.Goods]) -> set[str]:
    """The types of the goods found, without those absorbed by another type found."""
    plain = {t for g in found if not g.absorbed_by for t in g.types}
    return plain | {t for g in found if g.absorbed_by and not plain & set(g.absorbed_by)
                    for t in g.types}


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(0).strip() if m else None


def decide(
    text: str, goods: Goods, *, has_price: bool, has_count: bool, has_contact: bool
) -> Verdict:
    """Weigh the evidence in ``text`` (normalised, contacts masked) into a verdict."""
    reasons: list[str] = []
    score = 0.0
    if goods.phrases:
        score += W_GOODS
        reasons.append(f"goods: {goods.phrases[0]}")
    sell = _first(lexicon.SELL, text)
    if sell:
        score += W_SELL
        reasons.append(f"sell verb: {sell}")
    phrase = _first(lexicon.SELLER_PHRASE, text)
    if phrase:
        score += W_SELLER_PHRASE
        reasons.append(f"seller phrase: {phrase}")
    for present, weight, label in (
        (has_price, W_PRICE, "price stated"),
        (has_count, W_COUNT, "quantity stated"),
        (has_contact, W_CONTACT, "contact given"),
    ):
        if present:
            score += weight
            reasons.append(label)
    buy = _first(lexicon.BUY, text)
    if buy:
        score += W_BUY
        reasons.append(f"buying request: {buy}")
    for family, pattern in lexicon.NOT_OFFER:
        hit = _first(pattern, text)
        if hit:
            score += W_CONTEXT
            reasons.append(f"{family}: {hit}")
            break
    probability = 1.0 / (1.0 + math.exp(-SLOPE * (score - THRESHOLD)))
    if not goods.phrases:
        probability = min(probability, 0.2)
        reasons.insert(0, "no goods named")
    is_offer = bool(goods.phrases) and score > THRESHOLD
    return Verdict(is_offer, round(probability, 3), tuple(reasons))

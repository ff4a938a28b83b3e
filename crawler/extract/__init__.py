"""Offer extraction for Chinese, English and Russian posts: pure, offline, regex-only.

``extract(text, title)`` says whether a post sells face data or identity documents with faces,
with a score and the phrases that decided it, and pulls out the data types, the number of photos
or sets, the asking price and the seller's contacts (DESIGN 4.2).
"""

from __future__ import annotations

from collections.abc import Mapping

from faceleak.crawler.extract.contacts import find_contacts
from faceleak.crawler.extract.counts import find_count
from faceleak.crawler.extract.model import CONTACT_KINDS, DATA_TYPES, Contact, Extraction, Price
from faceleak.crawler.extract.numbers import normalize
from faceleak.crawler.extract.offer import decide, find_goods
from faceleak.crawler.extract.price import find_prices, with_usd

__all__ = ["CONTACT_KINDS", "DATA_TYPES", "Contact", "Extraction", "Price", "extract"]

MAX_CHARS = 20_000  # a post longer than this is a page dump; its head says what it is


def extract(
    text: str, title: str | None = None, *, rates_usd: Mapping[str, float] | None = None
) -> Extraction:
    """The verdict on one post. Data types, count and price are given only for offers."""
    joined = normalize(f"{title}\n{text}" if title else (text or ""))[:MAX_CHARS]
    contacts, masked = find_contacts(joined)
    prices = find_prices(masked)
    unpriced = masked
    for p in prices:
        unpriced = unpriced[: p.start] + "\x00" * (p.end - p.start) + unpriced[p.end:]
    count = find_count(unpriced)
    goods = find_goods(masked)
    verdict = decide(
        masked, goods,
        has_price=bool(prices), has_count=count is not None, has_contact=bool(contacts),
    )
    if not verdict.is_offer:
        return Extraction(False, verdict.score, verdict.reasons, contacts=contacts)
    price = with_usd(prices[0].price, rates_usd) if prices else None
    return Extraction(True, verdict.score, verdict.reasons, goods.types, count, price, contacts)

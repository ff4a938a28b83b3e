"""Offer extraction for Chinese, English and Russian posts: pure, offline, fast.

``extract(text, title)`` says whether a post sells face data or identity documents with faces,
with a probability and the features that decided it, and pulls out the data types, the number
of photos or sets, the asking price and the seller's contacts (DESIGN 4.2). Parsers and
lexicons find what is in a post (``features``); a fitted linear model weighs it
(``classifier``, ``training``); ``verdict`` puts the two together.

The parsers compile hundreds of patterns when they load, so ``extract``, ``extraction_of`` and
``OfferModel`` load on first use (``faceleak.lazy``): whoever needs only the vocabularies and
records of ``model`` (``DATA_TYPES`` for a command's options) does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from faceleak.crawler.extract.model import CONTACT_KINDS, DATA_TYPES, Contact, Extraction, Price
from faceleak.lazy import on_first_use

if TYPE_CHECKING:
    from faceleak.crawler.extract.classifier import OfferModel
    from faceleak.crawler.extract.verdict import extract, extraction_of

__all__ = [
    "CONTACT_KINDS", "DATA_TYPES", "Contact", "Extraction", "OfferModel", "Price", "extract",
    "extraction_of",
]

__getattr__ = on_first_use(__name__, {
    "OfferModel": "classifier", "extract": "verdict", "extraction_of": "verdict",
})

"""The verdict on one post: its analysis weighed by a model, and what an offer sells."""

from __future__ import annotations

from collections.abc import Mapping

from faceleak.crawler.extract.classifier import OfferModel, bundled_model
from faceleak.crawler.extract.features import Analysis, analyse
from faceleak.crawler.extract.model import Extraction
from faceleak.crawler.extract.price import with_usd


def extraction_of(
    analysis: Analysis, model: OfferModel, rates_usd: Mapping[str, float] | None = None
) -> Extraction:
    """The verdict of ``model`` on an analysed post. Offer fields are given only for offers."""
    verdict = model.decide(analysis)
    if not verdict.is_offer:
        return Extraction(False, verdict.score, verdict.reasons, contacts=analysis.contacts)
    price = with_usd(analysis.prices[0].price, rates_usd) if analysis.prices else None
    return Extraction(True, verdict.score, verdict.reasons, analysis.goods.types,
                      analysis.count, price, analysis.contacts)


def extract(
    text: str,
    title: str | None = None,
    *,
    rates_usd: Mapping[str, float] | None = None,
    model: OfferModel | None = None,
) -> Extraction:
    """The verdict on one post, by ``model`` (default: the one shipped in the package)."""
    return extraction_of(analyse(text, title), model or bundled_model(), rates_usd)

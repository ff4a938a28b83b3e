"""The offer model: a logistic regression over named features, kept as plain JSON.

Scoring is a dot product and a sigmoid, so a post costs microseconds and needs no
scikit-learn at run time; fitting (``training``) does. The model travels as JSON: the one
shipped in the package (``offer_model.json``, reproducible by ``python -m
faceleak.crawler.extract.training``) and any refit by ``faceleak model fit``, which the store
keeps so that every crawl worker scores with the same model.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from faceleak.crawler.extract.features import FEATURES, Analysis

BUNDLED = "offer_model.json"
MAX_REASONS = 8


@dataclass(frozen=True, slots=True)
class Verdict:
    is_offer: bool
    score: float  # probability of an offer, 0..1
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OfferModel:
    """Weights per feature name, an intercept, and what the model was fitted on."""

    weights: dict[str, float]
    intercept: float
    threshold: float = 0.5
    version: str = "unfitted"
    trained_on: int = 0
    scores: dict[str, Any] = field(default_factory=dict)  # cross-validated figures
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OfferModel:
        unknown = set(data["weights"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"offer model has unknown features {sorted(unknown)}")
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]), threshold=float(data.get("threshold", 0.5)),
            version=str(data.get("version", "unfitted")),
            trained_on=int(data.get("trained_on", 0)), scores=dict(data.get("scores", {})),
            meta=dict(data.get("meta", {})),
        )

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "trained_on": self.trained_on,
                "threshold": self.threshold, "intercept": self.intercept,
                "weights": self.weights, "scores": self.scores, "meta": self.meta}

    def probability(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def decide(self, analysis: Analysis) -> Verdict:
        """The verdict, with the features that carried it (largest contribution first)."""
        probability = self.probability(analysis.features)
        contributions = sorted(
            ((self.weights.get(k, 0.0) * v, k) for k, v in analysis.features.items()),
            key=lambda item: -abs(item[0]),
        )
        reasons = [_reason(name, analysis.evidence.get(name), weight)
                   for weight, name in contributions if abs(weight) >= 0.05][:MAX_REASONS]
        if not analysis.goods.offered:
            # No goods named, nothing sold: a price and a contact alone make no offer.
            reasons.insert(0, "no goods named")
            probability = min(probability, 0.2)
        is_offer = bool(analysis.goods.offered) and probability >= self.threshold
        return Verdict(is_offer, round(probability, 3), tuple(reasons))


def _reason(name: str, phrase: str | None, weight: float) -> str:
    label = FEATURES.get(name, name)
    return f"{label}: {phrase} ({weight:+.2f})" if phrase else f"{label} ({weight:+.2f})"


def bundled_path() -> Path:
    """Where the shipped model lives (``training --write`` rewrites it)."""
    return Path(str(resources.files("faceleak.crawler.extract").joinpath(BUNDLED)))


@lru_cache(maxsize=1)
def bundled_model() -> OfferModel:
    """The model shipped with the package."""
    return OfferModel.from_json(json.loads(bundled_path().read_text("utf-8")))

"""What extraction returns. Plain frozen data, so the pipeline and tests can compare it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DATA_TYPES = ("face_photo", "id_card", "handheld_id", "face_video", "kyc_set")
CONTACT_KINDS = ("telegram", "wechat", "qq", "email", "url", "phone", "other")


@dataclass(frozen=True, slots=True)
class Price:
    amount: float
    currency: str  # ISO 4217, or USDT / BTC / ETH
    per: Literal["bundle", "item"]
    usd: float | None = None

    def as_json(self) -> dict:
        return {"amount": self.amount, "currency": self.currency, "per": self.per, "usd": self.usd}


@dataclass(frozen=True, slots=True)
class Contact:
    kind: str  # one of CONTACT_KINDS
    value: str

    def as_json(self) -> dict:
        return {"kind": self.kind, "value": self.value}


@dataclass(frozen=True, slots=True)
class Extraction:
    """The verdict on one post: is it an offer, and of what."""

    is_offer: bool
    offer_score: float  # 0..1
    reasons: tuple[str, ...] = ()  # the phrases that decided it, for the analyst
    data_types: tuple[str, ...] = ()  # subset of DATA_TYPES, in that order
    photo_count: int | None = None
    price: Price | None = None
    contacts: tuple[Contact, ...] = field(default_factory=tuple)

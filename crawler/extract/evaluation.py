"""Scoring extraction against labelled posts (the corpus in ``corpus/``, blind sets in
``tests/extract/blind/``), for training, tests and the bench.

A case is one post with its expected fields; comparing is plain equality per field family.
A field nobody labelled (``unlabelled: [contacts]``, the real pages' posts) is not scored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from faceleak.crawler.extract.model import DATA_TYPES, Contact, Extraction, Price

# libyaml's loader reads the corpus (1.7 MB) about 8 times faster than the pure-Python one,
# to the same values; PyYAML built without libyaml has only the latter.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    lang: str
    text: str
    title: str | None
    is_offer: bool
    data_types: tuple[str, ...]
    photo_count: int | None
    price: Price | None
    contacts: tuple[Contact, ...]
    unlabelled: tuple[str, ...] = ()  # fields nobody labelled (real pages' contacts): not scored


def _price(raw: list | None) -> Price | None:
    if not raw:
        return None
    amount, currency, per = raw
    return Price(float(amount), str(currency), per)


def _types(raw: list | None) -> tuple[str, ...]:
    """Data types in ``DATA_TYPES`` order: they are compared as a set (DESIGN 4.2)."""
    given = list(raw or ())
    unknown = [t for t in given if t not in DATA_TYPES]
    if unknown:
        raise ValueError(f"unknown data types {unknown}")
    return tuple(t for t in DATA_TYPES if t in given)


def _contact(raw: str) -> Contact:
    kind, _, value = raw.partition(":")
    return Contact(kind, value)


def load_cases(path: Path) -> list[Case]:
    """Read a corpus file; a malformed entry is an error naming its id."""
    cases = []
    for raw in yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader):
        try:
            cases.append(Case(
                id=raw["id"], lang=raw["lang"], text=raw["text"], title=raw.get("title"),
                is_offer=bool(raw["is_offer"]), data_types=_types(raw.get("data_types")),
                photo_count=raw.get("photo_count"), price=_price(raw.get("price")),
                contacts=tuple(_contact(c) for c in raw.get("contacts") or ()),
                unlabelled=tuple(raw.get("unlabelled") or ()),
            ))
        except (KeyError, ValueError, TypeError) as exc:
            raise ValueError(f"{path.name}: bad entry {raw.get('id', raw)!r}: {exc}") from exc
    return cases


def same_price(got: Price | None, want: Price | None) -> bool:
    """Equal amount (to a cent's fraction), currency and per; the USD value is not labelled."""
    if got is None or want is None:
        return got is want
    return (abs(got.amount - want.amount) < 1e-6 and got.currency == want.currency
            and got.per == want.per)


@dataclass(slots=True)
class Report:
    """Offer precision/recall and per-field exact-match rates, with the ids that missed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    fields: dict[str, list[bool]] = field(default_factory=dict)
    misses: dict[str, list[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def exact(self, name: str) -> float:
        results = self.fields.get(name, [])
        return sum(results) / len(results) if results else 1.0

    def _field(self, name: str, case_id: str, ok: bool) -> None:
        self.fields.setdefault(name, []).append(ok)
        if not ok:
            self.misses.setdefault(name, []).append(case_id)


def evaluate(cases: Iterable[Case], run: Callable[[Case], Extraction]) -> Report:
    """Score ``run`` on the cases. Count, price and data types are judged on the labelled
    offers (they describe an offer); contacts on every post."""
    report = Report()
    for case in cases:
        got = run(case)
        if got.is_offer and case.is_offer:
            report.tp += 1
        elif got.is_offer:
            report.fp += 1
            report.misses.setdefault("offer", []).append(case.id)
        elif case.is_offer:
            report.fn += 1
            report.misses.setdefault("offer", []).append(case.id)
        else:
            report.tn += 1
        if case.is_offer:
            report._field("photo_count", case.id, got.photo_count == case.photo_count)
            report._field("price", case.id, same_price(got.price, case.price))
            report._field("data_types", case.id, got.data_types == case.data_types)
        if "contacts" not in case.unlabelled:
            report._field("contacts", case.id, got.contacts == case.contacts)
    return report

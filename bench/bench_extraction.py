"""Offer extraction quality over the labelled corpus, and its speed against a naive matcher.

Quality figures are anchored on the target of issue #3 (0.95); they are reported for the whole
corpus and for each file: ``corpus`` (tuned on), ``heldout`` (written with it before the code,
but read while the rules were designed) and ``blind``/``blind2``/``blind3`` (each written after
a version ran; their first, untuned scores are in their file headers: the honest estimate).
Known gaps (fields a label marks as deliberately left wrong) are scored like any other miss.
Throughput is anchored on a keyword matcher measured in the same run over the same posts, and
offer F1 on that matcher's F1, to show what the rules buy over "goods word present".
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from faceleak.crawler.extract import Extraction, extract
from faceleak.crawler.extract.evaluation import Case, Report, evaluate, load_corpus

CORPUS_DIR = Path(__file__).resolve().parent.parent / "tests" / "extract"
TARGET = 0.95

# The naive anchor: a post is an offer when it names the goods and some selling word.
_NAIVE_GOODS = re.compile(
    r"人脸|身份证|手持|四件套|face|selfie|passport|kyc|лиц|паспорт|селфи", re.I
)
_NAIVE_SELL = re.compile(r"出|卖|售|sell|sale|wts|прода", re.I)


def naive(case: Case) -> Extraction:
    text = f"{case.title or ''}\n{case.text}"
    hit = bool(_NAIVE_GOODS.search(text) and _NAIVE_SELL.search(text))
    return Extraction(hit, 1.0 if hit else 0.0)


def _ours(case: Case) -> Extraction:
    return extract(case.text, case.title)


def _f1(r: Report) -> float:
    p, q = r.precision, r.recall
    return 2 * p * q / (p + q) if p + q else 0.0


def _target(name: str, ours: float, n: int) -> dict:
    return {"name": name, "unit": f"fraction of {n} posts", "ours": round(ours, 4),
            "anchor": "target", "anchor_value": TARGET, "ratio": round(ours / TARGET, 4),
            "exact": None}


def _quality(cases: list[Case], suffix: str) -> list[dict]:
    r = evaluate(cases, _ours)
    offers = sum(c.is_offer for c in cases)
    entries = [
        _target(f"extraction_offer_precision{suffix}", r.precision, len(cases)),
        _target(f"extraction_offer_recall{suffix}", r.recall, len(cases)),
        _target(f"extraction_photo_count_exact{suffix}", r.exact("photo_count"), offers),
        _target(f"extraction_price_exact{suffix}", r.exact("price"), offers),
        _target(f"extraction_data_types_exact{suffix}", r.exact("data_types"), offers),
        _target(f"extraction_contacts_exact{suffix}", r.exact("contacts"), len(cases)),
    ]
    for entry in entries:
        field = entry["name"].removeprefix("extraction_").removesuffix(suffix)
        key = "offer" if field.startswith("offer") else field.removesuffix("_exact")
        entry["misses"] = r.misses.get(key, [])
    return entries


def _throughput(cases: list[Case], passes: int) -> dict:
    def rate(fn) -> float:
        started = time.perf_counter()
        for _ in range(passes):
            for case in cases:
                fn(case)
        return passes * len(cases) / (time.perf_counter() - started)

    rate(_ours)  # warm the regex cache
    ours, anchor = rate(_ours), rate(naive)
    return {"name": "extraction_throughput", "unit": "posts/s", "ours": round(ours),
            "anchor": "keyword matcher (2 regex searches)", "anchor_value": round(anchor),
            "ratio": round(ours / anchor, 4), "exact": None,
            "ms_per_post": round(1000 / ours, 4)}


def run(quick: bool) -> list[dict]:
    splits = load_corpus(CORPUS_DIR)
    everything = [case for cases in splits.values() for case in cases]
    results = _quality(everything, "")
    ours_f1, naive_f1 = _f1(evaluate(everything, _ours)), _f1(evaluate(everything, naive))
    results.append({"name": "extraction_offer_f1", "unit": f"F1 over {len(everything)} posts",
                    "ours": round(ours_f1, 4), "anchor": "keyword matcher",
                    "anchor_value": round(naive_f1, 4), "ratio": round(ours_f1 / naive_f1, 4),
                    "exact": None})
    for name, cases in splits.items():
        results.extend(_quality(cases, f"_{name}"))
    results.append(_throughput(everything, passes=3 if quick else 30))
    return results

"""Fit the offer model on labelled posts, and measure it the honest way: k-fold.

The bundled corpus (``corpus/*.yaml`` in this package) plus any analyst labels are the
training data. A figure on data the model was fitted on says nothing about posts it has never
seen, so the scores kept with a model are cross-validated: each fold is judged by a model
fitted without it, on every field an analyst sees (offer, count, price, types, contacts).

Reproduce the shipped model from the corpus with one command::

    python -m faceleak.crawler.extract.training --write
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from faceleak.crawler.extract.classifier import BUNDLED, OfferModel, bundled_path
from faceleak.crawler.extract.evaluation import Case, Report, evaluate, load_cases
from faceleak.crawler.extract.features import FEATURES, Analysis, analyse
from faceleak.crawler.extract.verdict import extraction_of

C = 3.0  # inverse L2 strength, chosen by cross-validation over 0.3, 1, 3, 10 (C in a CV loop)
FOLDS = 5
SEED = 0
Progress = Callable[[str], None]


def corpus_files() -> list[Path]:
    """The bundled corpus files, in name order."""
    folder = Path(str(resources.files("faceleak.crawler.extract").joinpath("corpus")))
    return sorted(folder.glob("*.yaml"))


def bundled_cases() -> list[Case]:
    return [case for path in corpus_files() for case in load_cases(path)]


def corpus_digest(cases: Sequence[Case]) -> str:
    """A short digest of what a model was fitted on, so a version names its data."""
    h = hashlib.sha256()
    for case in cases:
        h.update(f"{case.id}\x1f{case.title or ''}\x1f{case.text}\x1f{case.is_offer}\x1e".encode())
    return h.hexdigest()[:12]


def _matrix(analyses: Sequence[Analysis]):
    import numpy as np

    names = list(FEATURES)
    rows = np.zeros((len(analyses), len(names)))
    index = {name: i for i, name in enumerate(names)}
    for r, analysis in enumerate(analyses):
        for name, value in analysis.features.items():
            rows[r, index[name]] = value
    return rows


def _fit(analyses: Sequence[Analysis], labels: Sequence[bool]) -> OfferModel:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(_matrix(analyses), [int(y) for y in labels])
    weights = {name: round(float(w), 6) for name, w in zip(FEATURES, clf.coef_[0], strict=True)}
    return OfferModel(weights=weights, intercept=round(float(clf.intercept_[0]), 6))


def cross_validate(
    cases: Sequence[Case], analyses: Sequence[Analysis] | None = None, folds: int = FOLDS
) -> Report:
    """Every case judged by a model fitted on the other folds (stratified by language and
    label, shuffled with a fixed seed, so the figure is reproducible)."""
    from sklearn.model_selection import StratifiedKFold

    analyses = analyses or [analyse(c.text, c.title) for c in cases]
    strata = [f"{c.lang}:{c.is_offer}" for c in cases]
    judged: dict[str, object] = {}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train, test in splitter.split(strata, strata):
        model = _fit([analyses[i] for i in train], [cases[i].is_offer for i in train])
        for i in test:
            judged[cases[i].id] = extraction_of(analyses[i], model)
    return evaluate(cases, lambda case: judged[case.id])


def scores_of(report: Report, n: int, folds: int = FOLDS) -> dict:
    return {
        "method": f"{folds}-fold cross-validation", "posts": n,
        "precision": round(report.precision, 4), "recall": round(report.recall, 4),
        "photo_count": round(report.exact("photo_count"), 4),
        "price": round(report.exact("price"), 4),
        "data_types": round(report.exact("data_types"), 4),
        "contacts": round(report.exact("contacts"), 4),
    }


def fit(cases: Sequence[Case], *, progress: Progress | None = None, extra: int = 0
        ) -> OfferModel:
    """A model fitted on all ``cases``, carrying its cross-validated scores.

    ``extra``: how many of the cases are analyst labels (kept in the model's metadata).
    """
    say = progress or (lambda _msg: None)
    say(f"analysing {len(cases)} posts")
    analyses = [analyse(c.text, c.title) for c in cases]
    say(f"cross-validating ({FOLDS} folds)")
    report = cross_validate(cases, analyses)
    say("fitting on everything")
    model = _fit(analyses, [c.is_offer for c in cases])
    digest = corpus_digest(cases)
    return OfferModel(
        weights=model.weights, intercept=model.intercept, version=f"lr-{digest}",
        trained_on=len(cases), scores=scores_of(report, len(cases)),
        meta={"C": C, "folds": FOLDS, "seed": SEED, "analyst_labels": extra,
              "offers": sum(c.is_offer for c in cases), "fitted_at": _now()},
    )


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fit the offer model on the bundled corpus.")
    parser.add_argument("--write", action="store_true",
                        help=f"write the model to the package's {BUNDLED}")
    args = parser.parse_args(argv)
    model = fit(bundled_cases(), progress=lambda msg: print(msg, file=sys.stderr))
    data = model.as_json()
    data["meta"].pop("fitted_at")  # the shipped file changes only when the corpus does
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if args.write:
        bundled_path().write_text(text, encoding="utf-8")
        print(f"wrote {bundled_path()}", file=sys.stderr)
    print(json.dumps(model.scores, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

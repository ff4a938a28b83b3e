"""The labelled corpus is as issue #7 asks, and the shipped model is what it says it is."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from faceleak.crawler.extract import extract
from faceleak.crawler.extract.classifier import bundled_model
from faceleak.crawler.extract.evaluation import evaluate
from faceleak.crawler.extract.model import CONTACT_KINDS, DATA_TYPES
from faceleak.crawler.extract.training import bundled_cases, bundled_path, fit

CASES = bundled_cases()


def test_corpus_has_at_least_1000_posts_in_three_languages():
    assert len(CASES) >= 1000
    by_lang = Counter(c.lang for c in CASES)
    assert set(by_lang) == {"zh", "en", "ru"}
    assert min(by_lang.values()) >= 200


def test_half_of_the_negatives_written_as_hard_look_alikes_are_at_least_a_third_of_all():
    negatives = [c for c in CASES if not c.is_offer]
    assert len(negatives) >= len(CASES) / 3


def test_case_ids_are_unique():
    assert len({c.id for c in CASES}) == len(CASES)


def test_labels_use_the_shared_vocabularies():
    for case in CASES:
        assert list(case.data_types) == [t for t in DATA_TYPES if t in case.data_types], case.id
        assert all(c.kind in CONTACT_KINDS for c in case.contacts), case.id
        if case.price:
            assert case.price.per in ("bundle", "item"), case.id


def test_non_offers_are_labelled_without_offer_fields():
    for case in CASES:
        if not case.is_offer:
            assert not case.data_types and case.photo_count is None and case.price is None, case.id


def test_offers_name_what_they_sell():
    assert all(case.data_types for case in CASES if case.is_offer)


@pytest.fixture(scope="module")
def refit():
    """Fitted once for the module (a module runs on one worker under -n)."""
    return fit(CASES)


def test_shipped_model_is_reproduced_by_fitting_the_corpus(refit):
    shipped = bundled_model()
    assert refit.version == shipped.version
    for name, weight in shipped.weights.items():
        assert refit.weights[name] == pytest.approx(weight, abs=1e-4), name
    assert refit.intercept == pytest.approx(shipped.intercept, abs=1e-4)


def test_shipped_scores_are_the_cross_validated_ones(refit):
    shipped = json.loads(bundled_path().read_text("utf-8"))
    assert shipped["scores"] == refit.scores
    assert shipped["scores"]["method"] == "5-fold cross-validation"
    assert shipped["trained_on"] == len(CASES)


def test_fit_on_the_corpus_is_not_worse_than_its_cross_validation(refit):
    """A guard against a broken fit: the model scores its own training data at least as well
    as unseen folds (the honest figures are the cross-validated ones)."""
    report = evaluate(CASES, lambda c: extract(c.text, c.title, model=refit))
    assert report.precision >= refit.scores["precision"] - 0.01
    assert report.recall >= refit.scores["recall"] - 0.01

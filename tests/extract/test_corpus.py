"""The labelled corpus is as the issue asks: big, three languages, hard negatives, well-formed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from faceleak.crawler.extract.evaluation import all_cases as _all_cases
from faceleak.crawler.extract.evaluation import load_cases
from faceleak.crawler.extract.model import CONTACT_KINDS, DATA_TYPES


def all_cases():
    return _all_cases(Path(__file__).parent)


def test_corpus_has_at_least_200_posts_in_three_languages():
    cases = all_cases()
    assert len(cases) >= 200
    assert set(Counter(c.lang for c in cases)) == {"zh", "en", "ru"}


def test_at_least_a_third_of_the_corpus_are_non_offers():
    cases = all_cases()
    assert sum(not c.is_offer for c in cases) >= len(cases) / 3


def test_case_ids_are_unique():
    cases = all_cases()
    assert len({c.id for c in cases}) == len(cases)


def test_labels_use_the_shared_vocabularies():
    for case in all_cases():
        assert all(t in DATA_TYPES for t in case.data_types), case.id
        assert list(case.data_types) == [t for t in DATA_TYPES if t in case.data_types], case.id
        assert all(c.kind in CONTACT_KINDS for c in case.contacts), case.id
        if case.price:
            assert case.price.per in ("bundle", "item"), case.id


def test_non_offers_are_labelled_without_offer_fields():
    for case in all_cases():
        if not case.is_offer:
            assert not case.data_types and case.photo_count is None and case.price is None, case.id


def test_a_gap_on_an_unknown_field_is_an_error_naming_the_entry(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text('- {id: x1, lang: en, text: "t", is_offer: false, gaps: {colour: "why"}}\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="x1"):
        load_cases(path)


def test_known_gaps_name_their_reason():
    for case in all_cases():
        assert all(why.strip() for why in case.gaps.values()), case.id

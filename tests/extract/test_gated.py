"""A gated pattern finds exactly what the plain pattern finds, on every lexicon pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faceleak.crawler.extract import lexicon
from faceleak.crawler.extract.gated import GatedPattern, compile_gated, gated
from faceleak.crawler.extract.normalize import lowered
from faceleak.crawler.extract.training import bundled_cases

_LEXICON = [(name, value) for name, value in vars(lexicon).items()
            if isinstance(value, GatedPattern)]
_LEXICON += [(name, pattern) for name, _label, pattern in lexicon.CONTEXTS]
_LEXICON += [(f"goods {' '.join(g.types)} #{i}", g.pattern) for i, g in enumerate(lexicon.GOODS)]


def _plain(pattern) -> re.Pattern[str]:
    return re.compile(pattern.pattern, pattern.flags)


@pytest.fixture(scope="module")
def posts() -> list[str]:
    """A third of the corpus (over a thousand real-style posts in three languages)."""
    return [lowered(f"{c.title or ''}\n{c.text}") for c in bundled_cases()[::3]]


@pytest.mark.parametrize(("name", "pattern"), _LEXICON, ids=[n for n, _ in _LEXICON])
def test_a_lexicon_pattern_finds_the_same_matches_gated_on_every_corpus_post(name, pattern, posts):
    plain = _plain(pattern)
    for post in posts:
        assert [m.span() for m in pattern.finditer(post)] == \
            [m.span() for m in plain.finditer(post)], (name, post)


def test_most_lexicon_patterns_are_gated():
    gated_ones = [n for n, p in _LEXICON if isinstance(p, GatedPattern)]
    assert len(gated_ones) >= len(_LEXICON) * 3 // 4


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab人脸 \n收出", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_search_and_finditer_honour_pos_and_endpos_like_re(text, pos, endpos):
    source = r"(?<!a)\b(?:ab|人脸|收(?=出))"
    pattern, plain = compile_gated(source), re.compile(source)
    assert isinstance(pattern, GatedPattern)
    found, want = pattern.search(text, pos, endpos), plain.search(text, pos, endpos)
    assert (found and found.span()) == (want and want.span())
    assert [m.span() for m in pattern.finditer(text, pos, endpos)] == \
        [m.span() for m in plain.finditer(text, pos, endpos)]


def test_sub_split_and_findall_answer_like_re_with_and_without_a_match():
    pattern, plain = compile_gated(r"\b(?:no|без)\s+(photos?|фото)"), re.compile(
        r"\b(?:no|без)\s+(photos?|фото)")
    for text in ("no photos, no scans", "фото лиц, без фото паспорта", "selfies only"):
        assert pattern.sub("-", text) == plain.sub("-", text)
        assert pattern.subn("-", text) == plain.subn("-", text)
        assert pattern.split(text) == plain.split(text)
        assert pattern.findall(text) == plain.findall(text)


@pytest.mark.parametrize("source", [
    r"\w+@x",            # the first character is any word character
    r"(?:a|.)b",         # a branch may begin with anything
    r"[^a]b",            # a negated class
    r"x?",               # can match the empty string
    r"(?i:ab)c",         # case-insensitive: the literal is not the character
    r"abc",              # begins with a literal: re skips ahead on its own
    r"[ab]c",            # begins with a class: likewise
])
def test_a_pattern_without_an_enumerable_first_character_stays_plain(source):
    assert isinstance(gated(re.compile(source)), re.Pattern)

"""Every marketplace kind registers itself, is reachable by name and has its own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceleak.config.sources import SOURCE_KINDS
from faceleak.crawler.adapters import Adapter, adapter_for

from .conftest import make_source

EXPECTED_KINDS = {"telegram", "discuz", "phpbb", "discourse", "html", "autoshop"}


def test_every_documented_kind_is_registered():
    assert set(Adapter.registry) == EXPECTED_KINDS


@pytest.mark.parametrize("kind", sorted(EXPECTED_KINDS))
def test_adapter_for_returns_the_kind_adapter(kind):
    adapter = adapter_for(make_source(kind))
    assert adapter.kind == kind


@pytest.mark.parametrize("kind", sorted(EXPECTED_KINDS))
def test_every_kind_has_a_test_module(kind):
    assert (Path(__file__).parent / f"test_{kind}.py").is_file()


def test_the_config_accepts_exactly_the_registered_kinds():
    assert set(SOURCE_KINDS) == set(Adapter.registry)


def test_unknown_kind_error_names_the_known_kinds():
    known = "known: autoshop, discourse, discuz, html, phpbb, telegram"
    with pytest.raises(ValueError, match=known):
        adapter_for(make_source("myspace"))


def test_start_urls_default_to_the_configured_ones():
    source = make_source("telegram", ["https://t.me/s/a", "https://t.me/s/b"])
    assert adapter_for(source).start_urls() == ["https://t.me/s/a", "https://t.me/s/b"]

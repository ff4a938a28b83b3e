"""Helpers for adapter tests: a stand-in source config and real saved pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

COPIES = Path(__file__).resolve().parents[2] / "fixtures" / "adapters"
SELECTOR_NAMES = ("listing", "next_page", "title", "body", "seller", "posted_at", "images")


def make_source(
    kind: str, start_urls: list[str] | None = None, **selectors: str
) -> SimpleNamespace:
    """The attributes of ``SourceConfig`` the adapters read, without depending on its timing."""
    unknown = set(selectors) - set(SELECTOR_NAMES)
    assert not unknown, f"not a selector: {unknown}"
    return SimpleNamespace(
        name=f"test-{kind}",
        kind=kind,
        start_urls=list(start_urls or []),
        max_pages=10,
        selectors=SimpleNamespace(**{name: selectors.get(name) for name in SELECTOR_NAMES}),
    )


@pytest.fixture
def page(request: pytest.FixtureRequest) -> Callable[[str], bytes]:
    """Raw bytes of a real page by its path under realworld/ (a licensed copy if there is one)."""

    def load(relative: str) -> bytes:
        copy = COPIES / relative
        if copy.is_file():
            return copy.read_bytes()
        realworld: Path = request.getfixturevalue("realworld")
        path = realworld / relative
        if not path.is_file():
            pytest.skip(f"{relative} not present")
        return path.read_bytes()

    return load

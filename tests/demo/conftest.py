"""A demo server shared by the tests of this folder (built once: the site is immutable)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from faceleak.demo import DemoServer


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer() as server:
        yield server

"""The trends cache answers an unchanged store from memory and recomputes after any commit or
once the period's start passes an offer; its answers always equal ``market_trends``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine

from faceleak.store import record_listing, session_factory
from faceleak.store import trends as store_trends
from faceleak.store.trends import TrendsCache, market_trends

from .conftest import RADIUS, T0, at, post


@pytest.fixture
def computed(monkeypatch) -> list[int]:
    """How many times the cache computed trends from the database."""
    calls: list[int] = []
    real = store_trends.market_trends

    def counting(session, since=None):
        calls.append(1)
        return real(session, since)

    monkeypatch.setattr(store_trends, "market_trends", counting)
    return calls


def add_offer(engine: Engine, url: str, days_ago: float, usd: float = 400.0) -> None:
    with session_factory(engine).begin() as session:
        record_listing(session, post(url, posted_at=T0 - timedelta(days=days_ago),
                                     price={"amount": usd, "currency": "USD", "per": "bundle",
                                            "usd": usd}),
                       now=at(0), match_radius=RADIUS)


def fresh(engine: Engine, since) -> dict:
    with session_factory(engine)() as session:
        return market_trends(session, since)


def cached(cache: TrendsCache, engine: Engine, since) -> dict:
    with session_factory(engine)() as session:
        return cache.get(session, since)


def test_an_unchanged_store_is_answered_from_memory(engine, computed) -> None:
    add_offer(engine, "u1", 3)
    add_offer(engine, "u2", 20)
    cache, since = TrendsCache(), T0 - timedelta(days=30)
    first = cached(cache, engine, since)
    later = cached(cache, engine, since + timedelta(hours=1))
    assert first == later == fresh(engine, since)
    assert len(computed) == (1 if engine.dialect.name == "sqlite" else 2)


def test_a_commit_anywhere_makes_the_next_answer_recompute(engine, computed) -> None:
    add_offer(engine, "u1", 3)
    cache, since = TrendsCache(), T0 - timedelta(days=30)
    before = cached(cache, engine, since)
    add_offer(engine, "u2", 10, usd=900.0)
    after = cached(cache, engine, since)
    assert after == fresh(engine, since) != before
    assert after["offers"] == 2


def test_a_start_that_passes_an_offer_recomputes(engine, computed) -> None:
    add_offer(engine, "old", 20)
    add_offer(engine, "new", 2)
    cache = TrendsCache()
    wide = cached(cache, engine, T0 - timedelta(days=30))
    narrow_start = T0 - timedelta(days=10)
    narrow = cached(cache, engine, narrow_start)
    assert wide["offers"] == 2 and narrow["offers"] == 1
    assert narrow == fresh(engine, narrow_start)

"""Trends read from ``offer_trends`` (migration 0009, kept by triggers) equal trends computed from
scratch over the listings, after any sequence of writes by any writer, on SQLite and PostgreSQL:
medians per photo included, and through the console's cache."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, delete, select, text

from faceleak.store import make_engine, record_listing, session_factory
from faceleak.store.labels import LabelInput, apply_label
from faceleak.store.migrate import alembic_config, upgrade
from faceleak.store.models import Listing
from faceleak.store.trends import TrendsCache, market_trends, offer_rows, trend_rows

from .conftest import RADIUS, T0, at, post

TYPES = ("face_photo", "id_card", "handheld_id", "kyc_set")
PRICES = (10.0, 25.5, 100.0, 400.0, 999.99)  # few values: ties and even counts are common


def from_scratch(engine: Engine, since=None) -> dict:
    with session_factory(engine)() as session:
        return trend_rows(offer_rows(session, since))


def stored(engine: Engine, since=None) -> dict:
    with session_factory(engine)() as session:
        return market_trends(session, since)


def random_post(rng: random.Random, n: int):
    per = rng.choice(("bundle", "item", None))
    usd = rng.choice(PRICES)
    return post(
        f"https://t.me/s/market/{n}",
        source=rng.choice(("tg-market", "forum")), source_kind="telegram",
        posted_at=rng.choice((None, T0 - timedelta(days=rng.uniform(0, 28)))),
        is_offer=rng.random() < 0.8,
        data_types=tuple(rng.sample(TYPES, rng.randint(0, 3))),
        photo_count=rng.choice((None, 0, 1, 500, 24000)),
        price=None if per is None else {"amount": usd, "currency": "USD", "per": per,
                                        "usd": usd if rng.random() < 0.8 else None},
    )


def random_write(engine: Engine, rng: random.Random, n: int) -> None:
    """One write of the kinds the store sees: a crawl records a new post or a changed one, an
    analyst labels, and raw SQL changes prices, dates, types or removes a listing."""
    kind = rng.choice(("record", "record", "record", "re-record", "label", "sql", "delete"))
    with session_factory(engine).begin() as session:
        ids = session.scalars(select(Listing.id).order_by(Listing.id)).all()
        if kind == "record" or not ids:
            record_listing(session, random_post(rng, n), now=at(n), match_radius=RADIUS)
        elif kind == "re-record":  # the same URL again, its fields changed
            url = session.get(Listing, rng.choice(ids)).url
            record_listing(session, random_post(rng, int(url.rsplit("/", 1)[1])),
                           now=at(n), match_radius=RADIUS)
        elif kind == "label":
            offer = rng.random() < 0.7
            apply_label(session, rng.choice(ids), LabelInput(
                is_offer=offer, by="analyst", data_types=tuple(rng.sample(TYPES, 2)),
                photo_count=rng.choice((None, 100)),
                price={"amount": rng.choice(PRICES), "currency": "USD", "per": "item"}),
                now=at(n))
        elif kind == "sql":
            column, value = rng.choice((("price_usd", rng.choice(PRICES)), ("price_usd", None),
                                        ("photo_count", 7), ("is_offer", rng.random() < 0.5),
                                        ("data_types", '["kyc_set", "kyc_set"]'),
                                        ("posted_at", (T0 - timedelta(days=90)).replace(
                                            tzinfo=None) if engine.dialect.name == "sqlite"
                                         else T0 - timedelta(days=90))))
            cast = "CAST(:v AS json)" if column == "data_types" and \
                engine.dialect.name == "postgresql" else ":v"
            session.execute(text(f"UPDATE listings SET {column} = {cast} WHERE id = :id"),
                            {"v": value, "id": rng.choice(ids)})
        else:
            session.execute(delete(Listing).where(Listing.id == rng.choice(ids)))


@pytest.mark.parametrize("seed", [1, 2])
def test_trends_after_random_writes_equal_a_computation_from_scratch(engine, seed) -> None:
    rng = random.Random(seed)
    cache = TrendsCache()
    since = T0 - timedelta(days=20, hours=5)
    counts: set[int] = set()  # how many prices each median was taken from, along the way
    most = 0  # the most offers stored at once
    for n in range(40):
        random_write(engine, rng, n)
        expected = from_scratch(engine)
        assert stored(engine) == expected
        counts |= {p["offers"] for w in expected["weeks"] for p in w["usd_per_photo"].values()}
        most = max(most, expected["offers"])
        assert stored(engine, since) == from_scratch(engine, since)
        with session_factory(engine)() as session:
            answer = cache.get(session, since)
        assert answer == from_scratch(engine, since)
    assert most > 5
    assert {n % 2 for n in counts} == {0, 1}  # odd and even counts: a middle, a mean of two


def test_offers_stored_before_the_upgrade_are_counted(db_url) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0008")
    rng = random.Random(3)
    with session_factory(engine).begin() as session:
        for n in range(30):
            record_listing(session, random_post(rng, n), now=at(n), match_radius=RADIUS)
    upgrade(engine)
    try:
        assert stored(engine) == from_scratch(engine)
        assert stored(engine)["offers"] > 0
    finally:
        engine.dispose()

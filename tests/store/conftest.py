"""Store fixtures: a migrated database per test (SQLite and PostgreSQL, copied from one migrated
once per test process), observation builders."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from faceleak.store import make_engine, session_factory
from faceleak.store.changes import ImageObservation, ListingObservation

RADIUS = 10
T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(migrated_db_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with session_factory(engine)() as session:
        yield session


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def random_hash(seed: int, width_bytes: int = 8) -> bytes:
    return random.Random(seed).randbytes(width_bytes)


def flip(h: bytes, bits: range | list[int]) -> bytes:
    """``h`` with the given bit positions inverted: a hash exactly ``len(bits)`` away."""
    value = int.from_bytes(h, "big")
    for bit in bits:
        value ^= 1 << bit
    return value.to_bytes(len(h), "big")


def sample(
    name: str, h: bytes, *, mirror: bytes | None = None, url: str | None = None
) -> ImageObservation:
    """A decoded sample image; ``name`` stands for its bytes (sha256 of the name)."""
    return ImageObservation(
        url=url or f"https://img.example/{name}.jpg",
        sha256=hashlib.sha256(name.encode()).hexdigest(),
        width=800,
        height=600,
        format="JPEG",
        faces=1,
        hash=h,
        hash_mirror=mirror if mirror is not None else flip(h, range(0, 64, 2)),
    )


def post(url: str = "https://t.me/s/market/1", **fields) -> ListingObservation:
    """An offer as the pipeline would build it; keyword arguments override any field."""
    values = {
        "source": "tg-market",
        "source_kind": "telegram",
        "url": url,
        "title": None,
        "text": "出售人脸照片 2.4万张 3000元 TG @seller1",
        "seller": "seller1",
        "posted_at": T0 - timedelta(days=1),
        "is_offer": True,
        "offer_score": 0.97,
        "reasons": ("lexicon:人脸照片", "price"),
        "data_types": ("face_photo",),
        "photo_count": 24000,
        "price": {"amount": 3000, "currency": "CNY", "per": "bundle", "usd": 425.1},
        "contacts": ({"kind": "telegram", "value": "@seller1"},),
        "images": (),
    }
    values.update(fields)
    return ListingObservation(**values)

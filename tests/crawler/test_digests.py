"""Digests by content: the same bytes are digested once, whatever URL they come from."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from faceleak.crawler.digests import DigestCache
from faceleak.crawler.media import CONFIRM_RADIUS, MATCH_RADIUS, BadImage, digest_image
from faceleak.store import (
    make_engine,
    read_session_factory,
    record_listing,
    session_factory,
)
from faceleak.store.changes import ListingObservation


@pytest.fixture(scope="module")
def sample() -> bytes:
    from skimage import data

    buf = io.BytesIO()
    Image.fromarray(data.astronaut()).resize((256, 256)).save(buf, "JPEG", quality=85)
    return buf.getvalue()


@pytest.fixture
def store(migrated_sqlite_url):
    engine = make_engine(migrated_sqlite_url)
    yield session_factory(engine), read_session_factory(engine)
    engine.dispose()


class CountingDigest:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, body: bytes):
        self.calls += 1
        return digest_image(body, count_faces=False)


def test_the_same_bytes_under_two_urls_are_digested_once(store, sample):
    _, reader = store
    digest, cache = CountingDigest(), DigestCache(reader)

    async def both():
        return await asyncio.gather(cache.observe("http://a/1.jpg", sample, digest),
                                    cache.observe("http://b/2.jpg", sample, digest))

    (first, digested_a), (second, digested_b) = asyncio.run(both())
    assert digest.calls == 1
    assert sorted([digested_a, digested_b]) == [False, True]
    assert (first.url, second.url) == ("http://a/1.jpg", "http://b/2.jpg")
    assert first.hash == second.hash and first.sha256 == second.sha256


def test_bytes_stored_by_an_earlier_run_are_not_digested_again(store, sample):
    writer, reader = store
    observed, _ = asyncio.run(DigestCache(reader).observe("http://a/1.jpg", sample, digest_image))
    with writer.begin() as session:
        record_listing(session, ListingObservation(
            source="s", source_kind="telegram", url="http://a/post/1", text="x",
            images=(observed,)), now=datetime.now(UTC), match_radius=MATCH_RADIUS,
            confirm_radius=CONFIRM_RADIUS)
    digest = CountingDigest()

    again, digested = asyncio.run(DigestCache(reader).observe("http://c/3.jpg", sample, digest))

    assert digest.calls == 0 and digested is False
    assert (again.hash, again.fine_hash, again.faces) == (
        observed.hash, observed.fine_hash, observed.faces)
    assert again.url == "http://c/3.jpg"


def test_bad_bytes_are_an_observation_with_their_reason_not_an_error(store):
    _, reader = store

    def refuse(body: bytes):
        raise BadImage("not an image")

    observed, digested = asyncio.run(DigestCache(reader).observe("http://a/x", b"<html>", refuse))

    assert digested is True and observed.hash is None
    assert observed.error == "bad image: not an image" and observed.sha256

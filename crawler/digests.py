"""Digests by content: the same image bytes are decoded, hashed and face-counted once, ever.

The store already keeps one ``images`` row per sha256 with every signal a digest gives it
(hashes, confirming hashes, size, faces), so it is the cache: bytes whose row has them are
not digested again, whatever URL they came from. Within a process, bytes being digested
are awaited rather than digested twice (two posts of a pass sharing a sample). Rows that
failed to decode, or that predate the confirming hash, are digested again: limits may have
been raised, and the newer signal is wanted. ``regions`` and ``probes`` are not stored; they only
matter when an image is first clustered, which a stored image has been already.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from sqlalchemy import select

from faceleak.crawler.media import BadImage, SampleDigest
from faceleak.store.changes import ImageObservation
from faceleak.store.models import Image

#: Digests remembered in memory per process (the database remembers the rest).
MEMO_LIMIT = 20_000


def observation_of(url: str, digest: SampleDigest) -> ImageObservation:
    return ImageObservation(
        url=url,
        sha256=digest.sha256,
        width=digest.width,
        height=digest.height,
        format=digest.format,
        faces=digest.faces,
        hash=digest.hash,
        hash_mirror=digest.hash_mirror,
        fine_hash=digest.fine,
        fine_mirror=digest.fine_mirror,
        regions=digest.regions,
        probes=digest.probes,
    )


def stored_observation(image: Image, url: str) -> ImageObservation | None:
    """The stored image as an observation, or None when it should be digested again."""
    if image.hash is None or image.fine_hash is None:
        return None
    return ImageObservation(
        url=url,
        sha256=image.sha256,
        width=image.width,
        height=image.height,
        format=image.format,
        faces=image.faces,
        hash=image.hash,
        hash_mirror=image.hash_mirror,
        fine_hash=image.fine_hash,
        fine_mirror=image.fine_mirror,
    )


class DigestCache:
    """sha256 -> observation, from memory, then the ``images`` table, then a digest."""

    _shared: ClassVar[dict[str, DigestCache]] = {}

    def __init__(self, Session: Any) -> None:
        self.Session = Session  # read-only sessions: a lookup never waits for the write lock
        self._memo: dict[str, asyncio.Future[ImageObservation]] = {}
        self.hits = 0

    @classmethod
    def shared(cls, db_url: str, Session: Any) -> DigestCache:
        """One cache per database in this process: the sources of a pass share their samples."""
        if db_url not in cls._shared:
            cls._shared[db_url] = cls(Session)
        return cls._shared[db_url]

    def _stored(self, sha256: str) -> ImageObservation | None:
        with self.Session() as session:
            image = session.scalar(select(Image).where(Image.sha256 == sha256))
            return stored_observation(image, "") if image is not None else None

    async def observe(
        self, url: str, body: bytes, digest: Callable[[bytes], SampleDigest]
    ) -> tuple[ImageObservation, bool]:
        """The observation of ``body`` seen at ``url``, and whether it was digested now.

        ``digest`` runs in a worker thread and may raise only ``BadImage``.
        """
        sha256 = hashlib.sha256(body).hexdigest()
        pending = self._memo.get(sha256)
        if pending is not None:
            self.hits += 1
            return replace(await asyncio.shield(pending), url=url), False
        if len(self._memo) >= MEMO_LIMIT:
            self._memo = {k: f for k, f in self._memo.items() if not f.done()}
        future: asyncio.Future[ImageObservation] = asyncio.get_running_loop().create_future()
        self._memo[sha256] = future
        try:
            found = await asyncio.to_thread(self._stored, sha256)
            digested = found is None
            if found is None:
                try:
                    found = observation_of("", await asyncio.to_thread(digest, body))
                except BadImage as exc:  # recorded by content, so the same bad bytes are known
                    found = ImageObservation(url="", sha256=sha256, error=f"bad image: {exc}")
        except BaseException as exc:
            self._memo.pop(sha256, None)
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it as lost
            raise
        else:
            if digested is False:
                self.hits += 1
            future.set_result(found)
        return replace(found, url=url), digested

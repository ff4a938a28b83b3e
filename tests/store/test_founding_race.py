"""Two crawls adding near-duplicates at the same moment end in one cluster (issue 8).

Each writer has its own engine (as two crawl processes would: no shared leader
cache) and its own transaction; a barrier releases both into ``record_listing``
together, so without serialised founding both would see no leader and found
two clusters. The images are real, different pictures' bytes: a generated photo
and a resized, re-encoded copy of it, matched by the two-stage rule.
"""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from faceleak.crawler.media import CONFIRM_RADIUS, MATCH_RADIUS, digest_image, is_match
from faceleak.store import make_engine, record_listing, session_factory, upgrade
from faceleak.store.changes import ImageObservation
from faceleak.store.models import Cluster
from faceleak.store.models import Image as ImageRow

from .conftest import at, post

REPETITIONS = 50


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def near_duplicates(seed: int) -> tuple[bytes, bytes]:
    """A generated 480x360 picture and a re-post of it (resized by 1.3, marked, JPEG q70)."""
    rng = np.random.default_rng(seed)
    small = Image.fromarray((rng.random((6, 8, 3)) * 255).astype(np.uint8), "RGB")
    img = small.resize((480, 360), Image.Resampling.BICUBIC)
    repost = img.resize((624, 468), Image.Resampling.LANCZOS)
    ImageDraw.Draw(repost).text((330, 420), "t.me/faces_store", fill=(255, 255, 255))
    return _jpeg(img, 90), _jpeg(repost, 70)


def observation(data: bytes, n: int) -> ImageObservation:
    d = digest_image(data, count_faces=False)
    return ImageObservation(url=f"https://img.example/{n}.jpg", sha256=d.sha256, width=d.width,
                            height=d.height, format=d.format, hash=d.hash,
                            hash_mirror=d.hash_mirror, fine_hash=d.fine,
                            fine_mirror=d.fine_mirror)


def test_the_race_inputs_are_near_duplicates_not_identical() -> None:
    for seed in (1000, 1000 + REPETITIONS - 1):
        a, b = near_duplicates(seed)
        da, db = digest_image(a, count_faces=False), digest_image(b, count_faces=False)
        assert da.sha256 != db.sha256 and (da.hash, da.fine) != (db.hash, db.fine)
        assert is_match(da, db)


@pytest.mark.timeout(240)
def test_concurrent_writers_of_near_duplicates_found_one_cluster(db_url: str) -> None:
    engines = [make_engine(db_url), make_engine(db_url)]
    upgrade(engines[0])
    factories = [session_factory(e) for e in engines]
    try:
        for rep in range(REPETITIONS):
            pair = [observation(data, 2 * rep + k)
                    for k, data in enumerate(near_duplicates(1000 + rep))]
            barrier = threading.Barrier(2)
            errors: list[BaseException] = []

            def writer(k: int, image: ImageObservation, rep: int = rep,
                       barrier=barrier, errors=errors) -> None:
                try:
                    with factories[k]() as session:
                        obs = post(f"https://t.me/s/race/{rep}-{k}", seller=f"s{k}",
                                   images=(image,))
                        barrier.wait(timeout=30)
                        record_listing(session, obs, now=at(rep), match_radius=MATCH_RADIUS,
                                       confirm_radius=CONFIRM_RADIUS)
                        session.commit()
                except BaseException as exc:  # reported below
                    errors.append(exc)

            threads = [threading.Thread(target=writer, args=(k, pair[k])) for k in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            assert not errors, errors
            with factories[0]() as session:
                clusters = session.scalars(
                    select(ImageRow.cluster_id).where(
                        ImageRow.sha256.in_([p.sha256 for p in pair]))
                ).all()
                assert len(clusters) == 2 and None not in clusters
                assert len(set(clusters)) == 1, f"repetition {rep}: split into {set(clusters)}"
        with factories[0]() as session:
            assert session.scalar(select(func.count()).select_from(Cluster)) == REPETITIONS
            assert set(session.scalars(select(Cluster.size))) == {2}
    finally:
        for e in engines:
            e.dispose()

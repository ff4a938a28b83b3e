"""The names the pipeline and the CLI import from faceleak.crawler.media, with their shapes."""

from __future__ import annotations

import inspect

import faceleak.crawler.media as media
from faceleak.crawler.media import MATCH_RADIUS, MediaLimits, SampleDigest, digest_image


def test_public_names_are_exported() -> None:
    for name in ("digest_image", "load_image", "MediaLimits", "BadImage", "SampleDigest",
                 "MATCH_RADIUS", "hamming", "is_match", "count_faces", "EvidenceVault"):
        assert hasattr(media, name), name


def test_digest_image_takes_limits_and_a_keyword_only_face_switch() -> None:
    params = inspect.signature(digest_image).parameters
    assert list(params) == ["data", "limits", "count_faces"]
    assert params["count_faces"].kind is inspect.Parameter.KEYWORD_ONLY
    assert params["count_faces"].default is True


def test_digest_has_the_sample_digest_shape(astronaut_jpeg: bytes) -> None:
    d = digest_image(astronaut_jpeg)
    assert isinstance(d, SampleDigest)
    assert (d.width, d.height, d.format, d.faces) == (512, 512, "JPEG", 1)
    assert len(d.sha256) == 64


def test_match_radius_is_a_small_positive_bit_count() -> None:
    assert 0 < MATCH_RADIUS < 64 // 4


def test_limits_come_from_the_media_config() -> None:
    from faceleak.config.schema import MediaConfig

    limits = MediaLimits.from_config(MediaConfig(max_image_bytes=4096, max_pixels=1000))
    assert (limits.max_bytes, limits.max_pixels) == (4096, 1000)

"""Demo sample images: real decodable pictures, re-posts that differ in bytes, and determinism."""

from __future__ import annotations

import builtins
import io
import sys

import numpy as np
import pytest
from PIL import Image

from faceleak.demo import EXPECTED
from faceleak.demo import images as demo_images
from faceleak.demo.images import MAX_SIDE, build_images


def test_every_image_decodes_with_pillow_and_is_modest() -> None:
    for name, image in build_images().items():
        with Image.open(io.BytesIO(image.data)) as img:
            img.load()
            assert img.size == (image.width, image.height), name
            assert max(img.size) <= MAX_SIDE, name
        assert image.content_type == f"image/{img.format.lower()}", name


def test_reposts_differ_in_bytes_from_their_originals() -> None:
    imgs = build_images()
    reposts = {name: img for name, img in imgs.items() if img.derived_from}
    assert len(reposts) >= 5
    for name, img in reposts.items():
        assert img.data != imgs[img.derived_from].data, name


def test_mirrored_repost_is_the_mirror_of_its_original() -> None:
    imgs = build_images()
    with Image.open(io.BytesIO(imgs["astronaut-mirror"].data)) as mirror, \
            Image.open(io.BytesIO(imgs["astronaut"].data)) as original:
        left_of_mirror = mirror.convert("L").resize((32, 32)).crop((0, 0, 8, 32))
        right_of_original = original.convert("L").resize((32, 32)).crop((24, 0, 32, 32))
        flipped = right_of_original.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        a, b = np.asarray(left_of_mirror, float), np.asarray(flipped, float)
        assert np.abs(a - b).mean() < 12


def test_every_expected_repost_copies_a_sample_shown_elsewhere() -> None:
    samples = {path for post in EXPECTED.posts for path in post.image_paths}
    assert len(EXPECTED.reposts) >= 5
    for repost in EXPECTED.reposts:
        assert repost.path in samples and repost.original_path in samples
        assert repost.path != repost.original_path
        # a re-post sits on another site than its original
        assert repost.path.split("/")[1] != repost.original_path.split("/")[1]


def test_two_builds_give_identical_bytes() -> None:
    first = {name: img.data for name, img in build_images().items()}
    build_images.cache_clear()
    demo_images._lfw_faces.cache_clear()
    second = {name: img.data for name, img in build_images().items()}
    assert first == second


def test_hopper_falls_back_to_scikit_image_without_matplotlib(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kwargs: object) -> object:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError("matplotlib is not installed")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "matplotlib", raising=False)
    monkeypatch.delitem(sys.modules, "matplotlib.cbook", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    img = demo_images._hopper()
    assert img.mode == "RGB" and min(img.size) >= 200

"""Face counting with the cascade shipped in opencv-python-headless: a count, never an identity."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from faceleak.crawler.media import count_faces, digest_image, load_image
from faceleak.crawler.media import faces as faces_module

from .conftest import encode


def test_astronaut_has_one_face(astronaut: Image.Image) -> None:
    assert count_faces(astronaut) == 1


def test_grace_hopper_has_one_face(hopper_jpeg: bytes) -> None:
    assert count_faces(Image.open(io.BytesIO(hopper_jpeg))) == 1


def test_coffee_cup_has_no_face(coffee: Image.Image) -> None:
    assert count_faces(coffee) == 0


def test_noise_has_no_face() -> None:
    rng = np.random.default_rng(1)
    assert count_faces(rng.integers(0, 256, (300, 300), dtype=np.uint8)) == 0


def test_two_portraits_side_by_side_count_two(astronaut: Image.Image, hopper_jpeg: bytes) -> None:
    hopper = Image.open(io.BytesIO(hopper_jpeg)).convert("RGB").resize((512, 600))
    sheet = Image.new("RGB", (1024, 600), (255, 255, 255))
    sheet.paste(astronaut, (0, 44))
    sheet.paste(hopper, (512, 0))
    assert count_faces(sheet) == 2


@pytest.mark.parametrize("size", [(1, 1), (3, 900), (23, 40)])
def test_images_smaller_than_a_face_have_none(size: tuple[int, int]) -> None:
    assert count_faces(Image.new("L", size, 128)) == 0
    assert digest_image(encode(Image.new("L", size, 128), "PNG")).faces == 0


def test_digest_counts_faces_of_large_jpeg_samples(astronaut: Image.Image) -> None:
    big = encode(astronaut.resize((1600, 1600), Image.Resampling.LANCZOS), "JPEG", quality=85)
    assert digest_image(big).faces == 1
    assert digest_image(big, count_faces=False).faces is None


def test_without_a_detector_the_count_is_none(monkeypatch: pytest.MonkeyPatch,
                                              astronaut_jpeg: bytes) -> None:
    monkeypatch.setattr(faces_module, "_cascade_path", lambda *name: None)
    monkeypatch.setattr(faces_module, "_local", __import__("threading").local())
    assert count_faces(load_image(astronaut_jpeg)) is None
    assert digest_image(astronaut_jpeg).faces is None


def test_scikit_image_lbp_cascade_loads_despite_its_misspelled_tag(astronaut: Image.Image) -> None:
    assert faces_module.count_faces_with(astronaut, faces_module.LBP_CASCADE, short_side=150,
                                         scale_factor=1.1) == 1


def test_faces_are_looked_for_on_a_small_copy_even_of_a_long_strip() -> None:
    strip = faces_module.working_copy(Image.new("L", (6000, 400), 90), faces_module.FACE_SHORT_SIDE)
    assert strip.shape[0] <= faces_module.FACE_SHORT_SIDE
    assert strip.shape[1] <= faces_module.MAX_ASPECT * faces_module.FACE_SHORT_SIDE


def test_small_pictures_are_not_enlarged_for_the_detector() -> None:
    assert faces_module.working_copy(Image.new("L", (90, 120), 90), 150).shape == (120, 90)

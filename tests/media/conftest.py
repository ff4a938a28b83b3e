"""Pictures for the media tests: package photos (astronaut, Grace Hopper, coffee) and made ones."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image


def encode(img: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


@pytest.fixture(scope="session")
def astronaut() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut())


@pytest.fixture(scope="session")
def coffee() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.coffee())


@pytest.fixture(scope="session")
def hopper_jpeg() -> bytes:
    import matplotlib.cbook as cbook

    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def astronaut_jpeg(astronaut: Image.Image) -> bytes:
    return encode(astronaut, "JPEG", quality=90)


@pytest.fixture(scope="session")
def big_astronaut_jpeg(astronaut: Image.Image) -> bytes:
    """A 1600 px sample, large enough for the JPEG draft path to decode at 1/8 scale."""
    return encode(astronaut.resize((1600, 1600), Image.Resampling.LANCZOS), "JPEG", quality=88)


@pytest.fixture(scope="session")
def noise_png() -> bytes:
    rng = np.random.default_rng(3)
    return encode(Image.fromarray(rng.integers(0, 256, (64, 80), dtype=np.uint8), "L"), "PNG")

"""Sample thumbnails for the console, made on the server from the evidence vault's originals.

Only when evidence retention is on. By default a thumbnail is small and heavily blurred (a
face in it cannot be recognised); an analyst reveals one sample at a time, and each reveal is
written to the audit trail (pages.py). Pure functions over bytes: no store, no vault.
"""

from __future__ import annotations

import io

from PIL import Image, ImageFilter, ImageOps

BLURRED_EDGE = 96  # px, the longer side of a blurred thumbnail
BLUR_RADIUS = 8  # Gaussian radius at that size: shapes and colours, no features
CLEAR_EDGE = 240  # px, the longer side of a revealed thumbnail
MAX_PIXELS = 60_000_000  # originals above this are not decoded (a decompression bomb)


class ThumbnailError(ValueError):
    """The retained bytes are not an image Pillow can decode within the limits."""


def _small(data: bytes, edge: int) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ThumbnailError(f"image of {image.width}×{image.height} is too large")
            image.draft("RGB", (edge * 2, edge * 2))  # JPEG: decode at a reduced scale
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((edge, edge), Image.Resampling.LANCZOS)
            return image
    except (OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ThumbnailError(f"cannot decode the sample: {exc}") from None


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)  # no EXIF or other metadata is carried over
    return out.getvalue()


def blurred_thumbnail(data: bytes) -> bytes:
    """A JPEG at most ``BLURRED_EDGE`` px long, Gaussian-blurred."""
    return _jpeg(_small(data, BLURRED_EDGE).filter(ImageFilter.GaussianBlur(BLUR_RADIUS)))


def clear_thumbnail(data: bytes) -> bytes:
    """A JPEG at most ``CLEAR_EDGE`` px long, unblurred: only for an audited reveal."""
    return _jpeg(_small(data, CLEAR_EDGE))

"""Safe decoding: every hostile input becomes BadImage with a reason; real modes decode."""

from __future__ import annotations

import struct
import warnings
import zlib

import numpy as np
import pytest
from PIL import Image

from faceleak.crawler.media import BadImage, MediaLimits, digest_image, load_image

from .conftest import encode


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    """A well-formed PNG header claiming ``width`` x ``height`` with almost no data behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "html"),
    (b"<html><head><title>Just a moment...</title></head></html>", "html"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
     "svg"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', "svg"),
    (b"GIF89a", "not an image"),
    (b"\xff\xd8\xff", "not an image"),
    (bytes(range(256)) * 4, "not an image"),
    (b"%PDF-1.4\n1 0 obj\n", "not an image"),
])
def test_non_images_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(BadImage, match=reason):
        digest_image(data)


def test_header_claiming_billions_of_pixels_is_refused_before_decoding() -> None:
    with pytest.raises(BadImage, match="bomb"):
        load_image(png_claiming(100_000, 100_000))


@pytest.mark.parametrize("warnings_as_errors", [False, True])
def test_pillow_bomb_warning_range_is_refused(warnings_as_errors: bool) -> None:
    """Between Pillow's warning (89M pixels) and its error (2x that) lies a quiet bomb."""
    with warnings.catch_warnings():
        warnings.simplefilter("error" if warnings_as_errors else "ignore",
                              Image.DecompressionBombWarning)
        with pytest.raises(BadImage, match="bomb"):
            load_image(png_claiming(10_000, 10_000), MediaLimits(max_pixels=10**9))


def test_image_over_our_pixel_limit_is_refused_though_pillow_would_allow_it() -> None:
    data = encode(Image.new("L", (1500, 1500)), "PNG")  # compresses to a few kB: a small bomb
    with pytest.raises(BadImage, match="too many pixels"):
        load_image(data, MediaLimits(max_pixels=1_000_000))


def test_image_with_a_side_over_the_limit_is_refused() -> None:
    with pytest.raises(BadImage, match="too many pixels"):
        load_image(encode(Image.new("L", (3000, 2)), "PNG"), MediaLimits(max_side=2000))


def test_file_over_the_byte_limit_is_refused(astronaut_jpeg: bytes) -> None:
    with pytest.raises(BadImage, match="too large"):
        digest_image(astronaut_jpeg, MediaLimits(max_bytes=1024))


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_jpeg_is_refused(astronaut_jpeg: bytes, keep: float) -> None:
    with pytest.raises(BadImage):
        digest_image(astronaut_jpeg[: int(len(astronaut_jpeg) * keep)])


def test_truncated_png_is_refused(astronaut: Image.Image) -> None:
    data = encode(astronaut, "PNG")
    with pytest.raises(BadImage):
        digest_image(data[: len(data) // 2])


def test_png_with_a_corrupted_chunk_is_refused(astronaut: Image.Image) -> None:
    data = bytearray(encode(astronaut, "PNG"))
    data[100:140] = b"\x00" * 40
    with pytest.raises(BadImage):
        digest_image(bytes(data))


def test_unlisted_format_is_refused_even_when_pillow_could_read_it(astronaut: Image.Image) -> None:
    with pytest.raises(BadImage, match="not an image"):
        digest_image(encode(astronaut.convert("RGB"), "PCX"))


def test_animated_gif_gives_its_first_frame() -> None:
    frames = [Image.new("L", (40, 30), 30), Image.new("L", (40, 30), 220)]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    gray = np.asarray(load_image(data))
    assert gray.shape == (30, 40)
    assert abs(int(gray.mean()) - 30) <= 2


def test_exif_orientation_is_applied(astronaut: Image.Image) -> None:
    upright = astronaut.crop((0, 0, 300, 200))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # orientation 6 turns it back
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(stored, "JPEG", quality=95, exif=exif)
    gray = np.asarray(load_image(data), dtype=np.int16)
    want = np.asarray(upright.convert("L"), dtype=np.int16)
    assert gray.shape == want.shape == (200, 300)
    assert np.abs(gray - want).mean() < 4
    digest = digest_image(data, count_faces=False)
    assert (digest.width, digest.height) == (300, 200)


def test_rgba_transparency_is_flattened_onto_white() -> None:
    rgba = np.zeros((20, 20, 4), dtype=np.uint8)
    rgba[:, 10:] = (0, 0, 0, 255)  # right half opaque black, left half transparent black
    gray = np.asarray(load_image(encode(Image.fromarray(rgba, "RGBA"), "PNG")))
    assert (gray[:, :10] == 255).all()
    assert (gray[:, 10:] == 0).all()


def test_sixteen_bit_grayscale_is_scaled_not_clipped(astronaut: Image.Image) -> None:
    eight = np.asarray(astronaut.convert("L"), dtype=np.uint16)
    sixteen = Image.fromarray(eight * 257)  # uint16 -> mode I;16
    gray = np.asarray(load_image(encode(sixteen, "PNG")), dtype=np.int16)
    assert np.abs(gray - eight.astype(np.int16)).max() <= 1


@pytest.mark.parametrize(("mode", "fmt"), [
    ("CMYK", "JPEG"), ("P", "PNG"), ("P", "GIF"), ("LA", "PNG"), ("RGBA", "PNG"),
    ("RGBA", "WEBP"), ("L", "TIFF"), ("RGB", "BMP"), ("1", "PNG"), ("I", "TIFF"), ("F", "TIFF"),
])
def test_every_common_mode_decodes_to_upright_8_bit_gray(astronaut: Image.Image, mode: str,
                                                         fmt: str) -> None:
    img = astronaut.convert("L" if mode in ("I", "F") else mode).convert(mode)
    gray = load_image(encode(img, fmt))
    assert gray.mode == "L"
    assert gray.size == astronaut.size
    if mode not in ("1", "P"):
        want = np.asarray(astronaut.convert("L"), dtype=np.int16)
        assert np.abs(np.asarray(gray, dtype=np.int16) - want).mean() < 6


def test_draft_decodes_large_jpeg_at_reduced_size(big_astronaut_jpeg: bytes) -> None:
    gray = load_image(big_astronaut_jpeg, draft=96)
    assert 96 <= min(gray.size) < 400
    assert load_image(big_astronaut_jpeg).size == (1600, 1600)

"""Safe decoding of untrusted image bytes into a small grayscale picture.

Every failure becomes ``BadImage`` with a short reason: scraped samples are hostile
by default (bombs, truncated files, HTML error pages served as ``image/jpeg``), and
one bad sample must never stop a crawl. Nothing here touches global Pillow state,
so it is safe to call from several threads at once.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .limits import DEFAULT_LIMITS, MediaLimits
from .model import BadImage

#: Formats we decode (multi-picture JPEGs open as "MPO"); anything else (SVG, PSD,
#: EPS, ICO...) is refused unread.
ALLOWED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF")

Image.init()  # register every plugin now: ``formats=`` only knows registered ones

_SIXTEEN_BIT = ("I;16", "I;16B", "I;16L", "I;16N")


def _sniff_reason(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return "svg, not a raster image"
    if head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<")):
        return "html, not an image"
    return "not an image"


def _open(data: bytes, limits: MediaLimits) -> Image.Image:
    if not data:
        raise BadImage("empty file")
    if len(data) > limits.max_bytes:
        raise BadImage(f"file too large ({len(data)} bytes)")
    try:
        img = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except UnidentifiedImageError:
        raise BadImage(_sniff_reason(data)) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage("decompression bomb") from None
    except Exception as exc:  # Pillow plugins raise many types on hostile headers
        raise BadImage(f"unreadable header ({type(exc).__name__})") from None
    width, height = img.size
    if width <= 0 or height <= 0:
        raise BadImage("zero-sized image")
    max_pixels = limits.max_pixels
    if Image.MAX_IMAGE_PIXELS:
        max_pixels = min(max_pixels, int(Image.MAX_IMAGE_PIXELS))
    if width * height > max_pixels or max(width, height) > limits.max_side:
        raise BadImage(f"too many pixels ({width}x{height}), decompression bomb?")
    return img


def _to_gray(img: Image.Image) -> Image.Image:
    """Any mode to 8-bit ``L``; transparency is flattened onto white, 16-bit is scaled."""
    mode = img.mode
    if mode in _SIXTEEN_BIT or mode in ("I", "F"):
        arr = np.nan_to_num(np.asarray(img, dtype=np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        if mode in _SIXTEEN_BIT or (arr.size and arr.max() > 255):
            arr = arr / 257.0
        return Image.fromarray(np.clip(arr, 0, 255).round().astype(np.uint8), "L")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat.alpha_composite(rgba)
        return flat.convert("L")
    if mode == "L":
        return img
    if mode in ("RGB", "P", "1"):
        return img.convert("L")
    return img.convert("RGB").convert("L")  # CMYK, YCbCr, LAB, HSV...


def decode(data: bytes, limits: MediaLimits = DEFAULT_LIMITS, *,
           draft: int | None = None) -> tuple[Image.Image, int, int, str]:
    """``(gray, width, height, format)``: see ``load_image``; the size is the upright original's."""
    img = _open(data, limits)
    fmt = str(img.format)
    width, height = img.size
    try:
        if draft and fmt in ("JPEG", "MPO"):
            img.draft("L", (draft, draft))
        img.load()
        orientation = img.getexif().get(0x0112, 1)
        if orientation in (5, 6, 7, 8):
            width, height = height, width
        upright = (ImageOps.exif_transpose(img) or img) if orientation in range(2, 9) else img
        gray = _to_gray(upright)
        gray.load()
    except BadImage:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage("decompression bomb") from None
    except MemoryError:
        raise BadImage("out of memory while decoding") from None
    except Exception as exc:  # truncated data, broken chunks, bad EXIF...
        reason = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
        raise BadImage(f"cannot decode: {reason}") from None
    if gray.width < 1 or gray.height < 1:
        raise BadImage("zero-sized image")
    return gray, width, height, fmt


def load_image(data: bytes, limits: MediaLimits = DEFAULT_LIMITS, *,
               draft: int | None = None) -> Image.Image:
    """Decode ``data`` to an upright 8-bit grayscale image, or raise ``BadImage``.

    ``draft`` asks JPEG for the fastest DCT-domain reduction that still leaves
    at least ``draft`` pixels on each side (1/2, 1/4 or 1/8 scale): hashing needs
    only a few dozen pixels, and skipping most of the IDCT is the big saving.
    Animated images give their first frame; EXIF orientation is applied.
    """
    return decode(data, limits, draft=draft)[0]

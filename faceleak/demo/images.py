"""Sample images for the demo marketplace, generated at start-up from photos that ship in packages.

Nothing here is a real seller's sample: the faces are scikit-image's astronaut and LFW subset and
matplotlib's Grace Hopper (when matplotlib is installed). The altered re-posts (re-encoded,
resized, watermarked, bordered, mirrored) are what sellers do to someone else's sample, so the
demo shows near-duplicate detection across sources. Output is deterministic for a given Pillow.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

MAX_SIDE = 512


@dataclass(frozen=True, slots=True)
class DemoImage:
    """One served image: its bytes, and which sample it was derived from (if a re-post)."""

    name: str
    data: bytes
    content_type: str
    width: int
    height: int
    derived_from: str | None = None
    alteration: str | None = None


def _jpeg(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality, optimize=False, progressive=False)
    return buf.getvalue()


def _fit(img: Image.Image, side: int = MAX_SIDE) -> Image.Image:
    """Shrink so the longer side is at most ``side`` (never enlarge)."""
    scale = side / max(img.size)
    if scale >= 1:
        return img
    size = (round(img.width * scale), round(img.height * scale))
    return img.resize(size, Image.Resampling.LANCZOS)


def _astronaut() -> Image.Image:
    from skimage import data

    return _fit(Image.fromarray(data.astronaut()), 400)


def _coffee() -> Image.Image:
    from skimage import data

    return _fit(Image.fromarray(data.coffee()), 480)


@lru_cache(maxsize=1)
def _lfw_faces() -> np.ndarray:
    """The 100 face crops of scikit-image's LFW subset, as uint8 greyscale 25x25 arrays."""
    from skimage import data

    faces = data.lfw_subset()[:100]
    return np.clip(np.rint(faces * 255), 0, 255).astype(np.uint8)


def _lfw_face(index: int, side: int) -> Image.Image:
    face = Image.fromarray(_lfw_faces()[index], mode="L")
    return face.resize((side, side), Image.Resampling.BICUBIC).convert("RGB")


def _contact_sheet(indices: tuple[int, ...], cols: int, cell: int = 128,
                   gap: int = 4) -> Image.Image:
    """LFW faces upscaled and laid out in a grid, like a seller's 'sample sheet'."""
    rows = -(-len(indices) // cols)
    size = (cols * cell + (cols + 1) * gap, rows * cell + (rows + 1) * gap)
    sheet = Image.new("RGB", size, "white")
    for n, index in enumerate(indices):
        r, c = divmod(n, cols)
        sheet.paste(_lfw_face(index, cell), (gap + c * (cell + gap), gap + r * (cell + gap)))
    return sheet


def _hopper() -> Image.Image:
    """Grace Hopper from matplotlib's sample data; the astronaut's face crop without matplotlib."""
    try:
        from matplotlib import cbook

        with cbook.get_sample_data("grace_hopper.jpg") as fh:
            img = Image.open(io.BytesIO(fh.read()))
            img.load()
        return _fit(img.convert("RGB"), 440)
    except (ImportError, OSError, ValueError):
        from skimage import data

        crop = data.astronaut()[0:300, 100:340]
        return Image.fromarray(crop)


def _avatar() -> Image.Image:
    """A channel avatar: a plain gradient disc, no face (noise the adapters must not take)."""
    x = np.linspace(0, 1, 160)
    grad = np.stack([np.outer(x, np.ones(160)) * 200 + 40,
                     np.outer(np.ones(160), x) * 120 + 60,
                     np.full((160, 160), 190.0)], axis=-1)
    return Image.fromarray(grad.astype(np.uint8))


def watermark(img: Image.Image, text: str) -> Image.Image:
    """Stamp a seller's handle across the lower part of the image, as re-posters do."""
    out = img.convert("RGB").copy()
    draw = ImageDraw.Draw(out, "RGBA")
    size = max(12, out.width // 18)
    font = ImageFont.load_default(size=size)
    box = draw.textbbox((0, 0), text, font=font)
    x = (out.width - (box[2] - box[0])) // 2
    y = out.height - (box[3] - box[1]) - out.height // 12
    w, h = box[2] - box[0], box[3] - box[1]
    draw.rectangle((x - 6, y - 4, x + w + 6, y + h + 8), fill=(0, 0, 0, 96))
    draw.text((x, y), text, font=font, fill=(255, 255, 255, 220))
    return out


def white_border(img: Image.Image, fraction: float = 0.08) -> Image.Image:
    pad = round(max(img.size) * fraction)
    return ImageOps.expand(img.convert("RGB"), border=pad, fill="white")


def _resized(img: Image.Image, width: int) -> Image.Image:
    height = round(img.height * width / img.width)
    return img.resize((width, height), Image.Resampling.BILINEAR)


def _placeholder_png() -> bytes:
    """The grey square a lazy-loading shop puts in ``src`` before ``data-src`` loads."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (222, 226, 230)).save(buf, "PNG", optimize=False)
    return buf.getvalue()


# Discuz!'s static/image/common/none.gif: a 1x1 transparent GIF (written out, it is a fixed file).
NONE_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)

_Recipe = tuple[Callable[[], Image.Image], int, str | None, str | None]


def _recipes() -> dict[str, _Recipe]:
    """name -> (image builder, JPEG quality, original it is derived from, alteration)."""
    return {
        "astronaut": (_astronaut, 90, None, None),
        "astronaut-watermark": (lambda: watermark(_astronaut(), "t.me/kouzhao_ge SAMPLE"), 82,
                                "astronaut", "watermark, re-encoded q82"),
        "astronaut-mirror": (lambda: ImageOps.mirror(_resized(_astronaut(), 320)), 85,
                             "astronaut", "mirrored, resized to 320 px"),
        "hopper": (_hopper, 90, None, None),
        "hopper-small-q40": (lambda: _resized(_hopper(), 300), 40,
                             "hopper", "resized to 300 px, re-encoded q40"),
        "hopper-border": (lambda: white_border(_hopper()), 85,
                          "hopper", "8% white border, re-encoded q85"),
        "lfw-sheet-a": (lambda: _contact_sheet((0, 1, 2, 3), cols=2), 88, None, None),
        "lfw-sheet-a-q55": (lambda: _contact_sheet((0, 1, 2, 3), cols=2), 55,
                            "lfw-sheet-a", "re-encoded q55"),
        "lfw-sheet-b": (lambda: _contact_sheet((4, 5, 6, 7), cols=2), 88, None, None),
        "lfw-sheet-c": (lambda: _contact_sheet(tuple(range(12, 21)), cols=3, cell=96), 88,
                        None, None),
        "lfw-sheet-d": (lambda: _contact_sheet((40, 41, 42, 43, 44, 45), cols=3, cell=112), 88,
                        None, None),
        "lfw-thumb-1": (lambda: _lfw_face(8, 96), 92, None, None),
        "lfw-thumb-2": (lambda: _lfw_face(9, 96), 92, None, None),
        "lfw-thumb-3": (lambda: _lfw_face(10, 96), 92, None, None),
        "lfw-face-30": (lambda: _lfw_face(30, 200), 90, None, None),
        "lfw-sheet-masked": (lambda: _masked(_contact_sheet((50, 51, 52, 53), cols=2)), 86,
                             None, None),
        "coffee": (_coffee, 88, None, None),
        "channel-avatar": (_avatar, 90, None, None),
    }


def _masked(sheet: Image.Image) -> Image.Image:
    """Grey 'face masks' over the lower half of each face of a 2x2 sheet."""
    out = sheet.copy()
    draw = ImageDraw.Draw(out)
    cell, gap = 128, 4
    for r in range(2):
        for c in range(2):
            x0, y0 = gap + c * (cell + gap), gap + r * (cell + gap)
            draw.rounded_rectangle((x0 + 24, y0 + 74, x0 + cell - 24, y0 + cell - 14), 12,
                                   fill=(170, 200, 215))
    return out


def derivations() -> dict[str, tuple[str, str]]:
    """name -> (original, alteration) for every re-post, without building any image."""
    return {name: (origin, alteration or "")
            for name, (_, _, origin, alteration) in _recipes().items() if origin}


@lru_cache(maxsize=1)
def build_images() -> dict[str, DemoImage]:
    """Every demo image by name, built once per process."""
    out: dict[str, DemoImage] = {}
    for name, (build, quality, derived_from, alteration) in _recipes().items():
        img = build()
        out[name] = DemoImage(name, _jpeg(img, quality), "image/jpeg", img.width, img.height,
                              derived_from, alteration)
    out["none.gif"] = DemoImage("none.gif", NONE_GIF, "image/gif", 1, 1)
    out["placeholder.png"] = DemoImage("placeholder.png", _placeholder_png(), "image/png", 8, 8)
    return out

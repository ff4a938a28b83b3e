"""The calibration set: >= 2,000 distinct images from installed packages, and re-post transforms.

Nothing is downloaded. Distinct images ("groups": pairs inside one group are never
counted as negatives, everything across groups is):

- ``face_<i>``: each of the 100 aligned LFW face crops of ``skimage.data.lfw_subset()``
  as an ID-style portrait (one plain background, the same framing for all) and on
  three ID-card templates (same layout and guilloche for every card, random name and
  number text). These are the look-alikes the matcher must keep apart: different
  people, photographed and framed alike.
- ``other_<i>``: the 100 LFW non-face patches.
- ``photo_<name>``: every picture scikit-image and matplotlib ship (and opencv's
  samples when a wheel has them), whole and cut into 3x3 and 4x4 tiles.
- ``doc_<i>``, ``field_<i>``, ``shapes_<i>``: generated text pages, smooth random
  fields and random shapes, one seed each.

Transforms follow issue 8: crops of 5-10%, white/black/coloured borders, text, logo
and tiled semi-transparent watermarks, mirror, resize 0.3-2x, JPEG 40-95, screenshots
with UI chrome, and collages (2x2 with white gutters).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps


@dataclass(frozen=True)
class Item:
    name: str
    group: str
    image: Image.Image
    face: bool


def _rgb(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(arr).convert("RGB")


def package_photos() -> dict[str, Image.Image]:
    """Every photo-like picture the installed packages ship, by name."""
    import matplotlib
    from skimage import data

    names = ["astronaut", "brick", "camera", "cell", "chelsea", "coffee", "coins", "colorwheel",
             "grass", "gravel", "horse", "hubble_deep_field", "immunohistochemistry", "logo",
             "microaneurysms", "moon", "page", "retina", "rocket", "text", "clock",
             "motorcycle"]
    out: dict[str, Image.Image] = {}
    for name in names:
        try:
            arr = getattr(data, name)()
        except Exception:  # a picture only fetchable from the network: skip it
            continue
        if isinstance(arr, tuple):
            arr = arr[0]
        if arr.dtype == bool:
            arr = arr.astype(np.uint8) * 255
        out[name] = _rgb(arr[..., :3] if arr.ndim == 3 else arr)
    sample = Path(matplotlib.get_data_path()) / "sample_data"
    for fname in ("grace_hopper.jpg", "Minduka_Present_Blue_Pack.png", "logo2.png"):
        if (sample / fname).is_file():
            out[Path(fname).stem] = Image.open(sample / fname).convert("RGB")
    try:
        import cv2

        root = Path(cv2.__file__).parent / "samples" / "data"
        for path in sorted(root.glob("*.jpg"))[:20] if root.is_dir() else []:
            out[f"cv_{path.stem}"] = Image.open(path).convert("RGB")
    except ImportError:
        pass
    return out


def lfw_crops() -> tuple[list[np.ndarray], list[np.ndarray]]:
    from skimage import data

    crops = (data.lfw_subset() * 255).round().astype(np.uint8)
    return list(crops[:100]), list(crops[100:])


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def id_portrait(face: np.ndarray) -> Image.Image:
    """A 300x400 passport-style photo: plain background, shoulders, the face centred."""
    img = Image.new("RGB", (300, 400), (206, 222, 240))
    draw = ImageDraw.Draw(img)
    draw.polygon([(30, 400), (60, 320), (240, 320), (270, 400)], fill=(40, 44, 60))
    tone = Image.fromarray(face, "L").resize((200, 240), Image.Resampling.BICUBIC)
    img.paste(ImageOps.colorize(tone, (60, 40, 30), (250, 225, 205)), (50, 70))
    return img


_CARD_COLOURS = [((232, 240, 226), (60, 110, 70)), ((236, 230, 246), (90, 60, 140)),
                 ((246, 236, 222), (150, 90, 40))]


def id_card(face: np.ndarray, template: int, rng: random.Random) -> Image.Image:
    """A 640x400 identity-card scan: the same template for everyone, random text."""
    paper, ink = _CARD_COLOURS[template]
    img = Image.new("RGB", (640, 400), paper)
    draw = ImageDraw.Draw(img)
    for k in range(0, 640, 6):  # guilloche-like background, identical on every card
        y = 200 + 120 * np.sin(k / (35 + 10 * template))
        draw.line([(k, 0), (k + 40, y), (k, 400)], fill=tuple(int(c * 0.93) for c in paper))
    draw.rectangle((0, 0, 640, 52), fill=ink)
    draw.text((20, 12), "IDENTITY CARD", font=_font(28), fill=(255, 255, 255))
    photo = id_portrait(face).resize((165, 220), Image.Resampling.LANCZOS)
    img.paste(photo, (24 if template != 2 else 450, 90))
    x0 = 220 if template != 2 else 24
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    for row, label in enumerate(("NAME", "BORN", "NUMBER", "EXPIRES")):
        y = 90 + row * 60
        draw.text((x0, y), label, font=_font(14), fill=ink)
        value = ("".join(rng.choice(letters) for _ in range(rng.randint(6, 14))) if row == 0
                 else "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 12))))
        draw.text((x0, y + 18), value, font=_font(24), fill=(20, 20, 20))
    return img


def text_page(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", (420, 560), (250, 250, 246))
    draw = ImageDraw.Draw(img)
    y = 30
    while y < 520:
        size = rng.choice((12, 14, 18, 24))
        words = " ".join("".join(rng.choice("abcdefghijklmnoprstuvwy") for _ in
                                 range(rng.randint(2, 9))) for _ in range(rng.randint(2, 7)))
        draw.text((30 + rng.randint(0, 40), y), words, font=_font(size), fill=(20, 20, 30))
        y += size + rng.randint(4, 30)
    return img


def smooth_field(rng: random.Random) -> Image.Image:
    nrng = np.random.default_rng(rng.randrange(1 << 30))
    small = nrng.random((rng.randint(4, 12), rng.randint(4, 12), 3))
    img = Image.fromarray((small * 255).astype(np.uint8), "RGB")
    return img.resize((400, 400), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(6))


def shapes(rng: random.Random) -> Image.Image:
    img = Image.new("RGB", (400, 300), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 12)):
        x, y = rng.randrange(400), rng.randrange(300)
        w, h = rng.randint(20, 200), rng.randint(20, 150)
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)((x, y, x + w, y + h), fill=colour)
    return img


def _tiles(img: Image.Image, n: int) -> list[Image.Image]:
    w, h = img.size
    return [img.crop((i * w // n, j * h // n, (i + 1) * w // n, (j + 1) * h // n))
            for j in range(n) for i in range(n)]


def build(n_generated: int = 1100, seed: int = 8) -> list[Item]:
    """The calibration set (deterministic): LFW-based ID-style faces first."""
    rng = random.Random(seed)
    faces, others = lfw_crops()
    items: list[Item] = []
    for i, face in enumerate(faces):
        items.append(Item(f"portrait_{i}", f"face_{i}", id_portrait(face), True))
        items += [Item(f"card{t}_{i}", f"face_{i}", id_card(face, t, rng), True) for t in range(3)]
    for i, patch in enumerate(others):
        up = Image.fromarray(patch, "L").resize((200, 200), Image.Resampling.BICUBIC)
        items.append(Item(f"other_{i}", f"other_{i}", up.convert("RGB"), False))
    for name, img in package_photos().items():
        face = name in ("astronaut", "grace_hopper", "camera")
        items.append(Item(name, f"photo_{name}", img, face))
        for n in (3, 4):
            items += [Item(f"{name}_t{n}_{k}", f"photo_{name}", t, False)
                      for k, t in enumerate(_tiles(img, n)) if min(t.size) >= 48]
    makers = (("doc", text_page), ("field", smooth_field), ("shapes", shapes))
    for i in range(n_generated):
        kind, make = makers[i % 3]
        items.append(Item(f"{kind}_{i}", f"{kind}_{i}", make(rng), False))
    return items


# ---------------------------------------------------------------- transforms


def jpeg(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def crop(img: Image.Image, p: float) -> Image.Image:
    """Remove ``p`` of each dimension, unevenly (70% of it on the left, half at the top)."""
    w, h = img.size
    return img.crop((round(w * p * 0.7), round(h * p * 0.5), w - round(w * p * 0.3),
                     h - round(h * p * 0.5)))


def border(img: Image.Image, p: float, fill=(255, 255, 255), sides: str = "ltrb") -> Image.Image:
    px = max(1, round(max(img.size) * p))
    return ImageOps.expand(img, border=tuple(px if s in sides else 0 for s in "ltrb"), fill=fill)


def resize(img: Image.Image, f: float) -> Image.Image:
    w, h = img.size
    return img.resize((max(8, round(w * f)), max(8, round(h * f))), Image.Resampling.LANCZOS)


Painter = Callable[[ImageDraw.ImageDraw, int, int], None]


def _overlay(img: Image.Image, paint: Painter) -> Image.Image:
    out = img.convert("RGBA")
    layer = Image.new("RGBA", out.size, (0, 0, 0, 0))
    paint(ImageDraw.Draw(layer), *out.size)
    return Image.alpha_composite(out, layer).convert("RGB")


def watermark_text(img: Image.Image) -> Image.Image:
    def paint(draw: ImageDraw.ImageDraw, w: int, h: int) -> None:
        draw.text((w * 0.08, h * 0.45), "SAMPLE @kyc_shop", font=_font(max(10, w // 12)),
                  fill=(255, 255, 255, 130), stroke_width=2, stroke_fill=(0, 0, 0, 130))
    return _overlay(img, paint)


def watermark_tiled(img: Image.Image) -> Image.Image:
    """Semi-transparent text repeated over the whole picture, as stock-photo sites do."""
    w, h = img.size
    layer = Image.new("RGBA", (w * 2, h * 2), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font = _font(max(8, w // 18))
    step_x, step_y = max(40, w // 3), max(20, h // 6)
    for y in range(0, h * 2, step_y):
        for x in range(-(y % (2 * step_x)) // 2, w * 2, step_x):
            draw.text((x, y), "t.me/faces", font=font, fill=(255, 255, 255, 70))
    layer = layer.rotate(30, Image.Resampling.BILINEAR)
    layer = layer.crop((w // 2, h // 2, w // 2 + w, h // 2 + h))
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def watermark_logo(img: Image.Image) -> Image.Image:
    """A semi-transparent round logo badge in the lower right corner."""
    def paint(draw: ImageDraw.ImageDraw, w: int, h: int) -> None:
        r = max(6, min(w, h) // 7)
        cx, cy = w - r * 1.5, h - r * 1.5
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(200, 30, 30, 150))
        draw.text((cx - r * 0.6, cy - r * 0.3), "VIP", font=_font(max(6, r // 2)),
                  fill=(255, 255, 255, 200))
    return _overlay(img, paint)


def screenshot(img: Image.Image) -> Image.Image:
    """The picture inside a phone chat screenshot: status bar, app bar, caption, nav bar."""
    pw = 720
    photo = img.resize((pw - 40, max(8, round(img.height * (pw - 40) / img.width))),
                       Image.Resampling.LANCZOS)
    height = photo.height + 330
    shot = Image.new("RGB", (pw, height), (236, 229, 221))
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, pw, 40), fill=(7, 94, 84))
    draw.text((20, 10), "12:41", font=_font(20), fill=(255, 255, 255))
    draw.text((pw - 120, 10), "4G 87%", font=_font(20), fill=(255, 255, 255))
    draw.rectangle((0, 40, pw, 120), fill=(7, 94, 84))
    draw.text((90, 62), "Faces wholesale", font=_font(28), fill=(255, 255, 255))
    draw.ellipse((20, 55, 70, 105), fill=(180, 180, 180))
    draw.rounded_rectangle((12, 132, pw - 12, 150 + photo.height + 60), radius=14,
                           fill=(255, 255, 255))
    shot.paste(photo, (20, 140))
    draw.text((24, 150 + photo.height), "sample, 2w pcs, DM", font=_font(22), fill=(30, 30, 30))
    draw.rectangle((0, height - 90, pw, height), fill=(246, 246, 246))
    for k in range(4):
        draw.ellipse((60 + k * 170, height - 65, 100 + k * 170, height - 25), fill=(120, 120, 120))
    return shot


def collage(img: Image.Image, fillers: list[Image.Image]) -> Image.Image:
    """``img`` as the top-left cell of a 2x2 grid with white gutters."""
    cell = 360
    canvas = Image.new("RGB", (cell * 2 + 30, cell * 2 + 30), (255, 255, 255))
    for k, pic in enumerate([img, *fillers[:3]]):
        thumb = ImageOps.fit(pic, (cell, cell), Image.Resampling.LANCZOS) if k else ImageOps.pad(
            pic, (cell, cell), color=(255, 255, 255))
        canvas.paste(thumb, (10 + (k % 2) * (cell + 10), 10 + (k // 2) * (cell + 10)))
    return canvas


def transforms(fillers: list[Image.Image]) -> dict[str, Callable[[Image.Image], bytes]]:
    """name -> picture to re-posted bytes (JPEG q90 unless stated)."""
    return {
        "jpeg_q95": lambda im: jpeg(im, 95),
        "jpeg_q70": lambda im: jpeg(im, 70),
        "jpeg_q40": lambda im: jpeg(im, 40),
        "resize_0.3": lambda im: jpeg(resize(im, 0.3)),
        "resize_0.5": lambda im: jpeg(resize(im, 0.5)),
        "resize_1.3+q70": lambda im: jpeg(resize(im, 1.3), 70),
        "resize_2": lambda im: jpeg(resize(im, 2.0)),
        "crop_5%": lambda im: jpeg(crop(im, 0.05)),
        "crop_8%": lambda im: jpeg(crop(im, 0.08)),
        "crop_10%": lambda im: jpeg(crop(im, 0.10)),
        "white_border_8%": lambda im: jpeg(border(im, 0.08)),
        "black_border_5%": lambda im: jpeg(border(im, 0.05, (0, 0, 0))),
        "white_bar_bottom_12%": lambda im: jpeg(border(im, 0.12, sides="b")),
        "watermark_text": lambda im: jpeg(watermark_text(im)),
        "watermark_logo": lambda im: jpeg(watermark_logo(im)),
        "watermark_tiled": lambda im: jpeg(watermark_tiled(im)),
        "mirror": lambda im: jpeg(ImageOps.mirror(im)),
        "mirror+crop_5%+q60": lambda im: jpeg(crop(ImageOps.mirror(im), 0.05), 60),
        "crop_8%+border+watermark+q70": lambda im: jpeg(
            watermark_text(border(crop(im, 0.08), 0.06)), 70),
        "screenshot": lambda im: jpeg(screenshot(im), 85),
        "collage_2x2": lambda im: jpeg(collage(im, fillers), 85),
    }

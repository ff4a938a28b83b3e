"""Pictures inside pictures: a screenshot's photo and a collage's cells are matched too."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from faceleak.crawler.media import digest_image
from faceleak.crawler.media.regions import MAX_REGIONS, regions
from faceleak.store.matching import MatchRule, Signals, match_distance

from .conftest import encode


def screenshot(photo: Image.Image) -> Image.Image:
    """``photo`` in a phone chat screenshot: status and app bars, a caption, a nav bar."""
    shot = Image.new("RGB", (720, photo.height * 680 // photo.width + 330), (236, 229, 221))
    draw = ImageDraw.Draw(shot)
    draw.rectangle((0, 0, 720, 120), fill=(7, 94, 84))
    draw.text((20, 10), "12:41    4G 87%", fill=(255, 255, 255))
    draw.text((90, 62), "Faces wholesale", fill=(255, 255, 255))
    inner = photo.resize((680, photo.height * 680 // photo.width), Image.Resampling.LANCZOS)
    draw.rounded_rectangle((12, 132, 708, 210 + inner.height), radius=14, fill=(255, 255, 255))
    shot.paste(inner, (20, 140))
    draw.text((24, 150 + inner.height), "sample, 2w pcs, DM", fill=(30, 30, 30))
    draw.rectangle((0, shot.height - 90, 720, shot.height), fill=(246, 246, 246))
    return shot


def collage(cells: list[Image.Image]) -> Image.Image:
    sheet = Image.new("RGB", (750, 750), (255, 255, 255))
    for k, cell in enumerate(cells[:4]):
        sheet.paste(cell.resize((360, 360), Image.Resampling.LANCZOS),
                    (10 + (k % 2) * 370, 10 + (k // 2) * 370))
    return sheet


def signals(d) -> Signals:
    return Signals(d.hash, d.hash_mirror, d.fine, d.fine_mirror)


def found_inside(outer: bytes, inner: bytes) -> bool:
    whole, part = digest_image(outer, count_faces=False), digest_image(inner, count_faces=False)
    assert match_distance(signals(whole), signals(part), MatchRule()) is None
    return any(match_distance(Signals(*r), signals(part), MatchRule()) is not None
               for r in whole.regions)


def test_the_photo_of_a_screenshot_is_found(astronaut: Image.Image) -> None:
    assert found_inside(encode(screenshot(astronaut), "JPEG", quality=85),
                        encode(astronaut, "JPEG", quality=90))


def test_a_cell_of_a_collage_is_found(astronaut: Image.Image, coffee: Image.Image) -> None:
    rng = np.random.default_rng(2)
    noise = Image.fromarray(rng.integers(0, 256, (60, 60, 3), dtype=np.uint8), "RGB")
    sheet = collage([astronaut, coffee, noise.resize((300, 300)), coffee.rotate(90)])
    assert found_inside(encode(sheet, "JPEG", quality=85), encode(astronaut, "JPEG", quality=90))


def test_a_plain_photo_or_texture_has_few_or_no_regions(astronaut: Image.Image) -> None:
    rng = np.random.default_rng(3)
    assert regions(rng.integers(0, 256, (300, 300), dtype=np.uint8)) == []
    assert len(regions(np.asarray(astronaut.convert("L")))) <= MAX_REGIONS
    assert regions(np.zeros((30, 30), dtype=np.uint8)) == []


def test_a_region_of_two_flat_tones_is_no_query(astronaut: Image.Image) -> None:
    """A photo above a two-tone band: the photo is a region, the band (a step edge) is not."""
    from faceleak.crawler.media.regions import MIN_DETAIL, detail

    page = Image.new("L", (512, 760), 200)
    page.paste(astronaut.convert("L"), (0, 0))
    ImageDraw.Draw(page).rectangle((100, 620, 412, 760), fill=40)
    gray = np.asarray(page)
    assert detail(gray[530:760]) < MIN_DETAIL < detail(gray[:512])
    assert all(detail(gray[t:b, left:r]) >= MIN_DETAIL for t, b, left, r in regions(gray))

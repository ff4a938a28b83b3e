"""Face counting: recall and false faces on a labelled set, and the time it costs.

Labelled set (known counts, nothing downloaded): ID-style portraits of the LFW
faces (1 face), sheets of 2-4 of them (2-4 faces, as sellers' preview sheets),
ID-card scans (1 small face), the package photos with a person (astronaut, Grace
Hopper: 1), and images without faces (LFW non-face patches, the cat, coffee,
rocket, generated pages, fields and shapes: 0). Every image is a JPEG of the
size sellers post (longer side 1000-1600 px) and goes through the decode that
digest_image uses. Also a size sweep: one face of 40-400 px on a 1200 px page,
to say which faces are counted. Configurations: the detector as it was (alt2 on
a 400 px copy of the 1/4 decode) and the candidates on the 1/8 decode the hash
now makes, with the working copy's shorter side, scale step and neighbours varied.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))


def labelled(quick: bool) -> list[tuple[bytes, int]]:
    """``(jpeg bytes, faces)`` pairs."""
    import calibration as cal
    from bench_hash_robustness import big_jpeg, photos

    rng = random.Random(5)
    faces, others = cal.lfw_crops()
    n = 40 if quick else 100
    out: list[tuple[bytes, int]] = []
    portraits = [cal.id_portrait(f) for f in faces[:n]]
    out += [(big_jpeg(p, rng.choice((1000, 1200, 1600))), 1) for p in portraits]
    for k in range(n // 10):  # 3x3 preview sheets: 9 faces, each ~16% of the shorter side
        grid = Image.new("RGB", (3 * 310 + 10, 3 * 410 + 10), (255, 255, 255))
        for j in range(9):
            grid.paste(portraits[(k * 9 + j) % n], (10 + 310 * (j % 3), 10 + 410 * (j // 3)))
        out.append((big_jpeg(grid, 1600), 9))
    for k in range(n // 2):
        count = 2 + k % 3
        sheet = Image.new("RGB", (310 * count + 10, 420), (255, 255, 255))
        for j in range(count):
            sheet.paste(portraits[(k * 3 + j) % n], (10 + 310 * j, 10))
        out.append((big_jpeg(sheet, 1600), count))
    out += [(big_jpeg(cal.id_card(f, i % 3, rng), 1200), 1) for i, f in enumerate(faces[:n // 2])]
    pics = photos()
    out += [(big_jpeg(pics[name][0], 1400), 1) for name in ("astronaut", "grace_hopper")]
    out += [(big_jpeg(pics[name][0], 1400), 0) for name in ("chelsea", "coffee", "rocket")]
    up = [Image.fromarray(p, "L").resize((400, 400), Image.Resampling.BICUBIC) for p in others]
    out += [(big_jpeg(p.convert("RGB"), 1000), 0) for p in up[:n]]
    makers = (cal.text_page, cal.smooth_field, cal.shapes)
    out += [(big_jpeg(makers[i % 3](rng), 1200), 0) for i in range(n)]
    return out


#: Face widths (pixels of the posted picture) of the size sweep: one portrait on a
#: 1200 x 1200 grey page, so recall can be read per face size.
FACE_WIDTHS = (40, 60, 80, 120, 160, 240, 400)


def by_face_size(quick: bool) -> dict[int, list[bytes]]:
    """``face width (px) -> JPEGs with one face that wide``, the face placed anywhere."""
    import calibration as cal
    from bench_hash_robustness import jpeg

    rng = random.Random(6)
    faces, _ = cal.lfw_crops()
    out: dict[int, list[bytes]] = {}
    for width in FACE_WIDTHS:
        pics = []
        for f in faces[: 15 if quick else 40]:
            # id_portrait's face is 200 px wide on a 300 x 400 photo
            photo = cal.id_portrait(f)
            scale = width / 200
            photo = photo.resize((round(300 * scale), round(400 * scale)),
                                 Image.Resampling.LANCZOS)
            page = Image.new("RGB", (1200, 1200), (rng.randrange(90, 200),) * 3)
            page.paste(photo, (rng.randrange(0, 1200 - photo.width + 1),
                               rng.randrange(0, 1200 - photo.height + 1)))
            pics.append(jpeg(page, 88))
        out[width] = pics
    return out


def _score(counts: list[int | None], truth: list[int]) -> dict:
    found = [c or 0 for c in counts]
    return {
        "images": len(truth),
        "faces": sum(truth),
        "face_recall": round(sum(min(f, t) for f, t in zip(found, truth, strict=True))
                             / max(1, sum(truth)), 3),
        "false_faces": sum(max(0, f - t) for f, t in zip(found, truth, strict=True)),
        "images_with_false_faces": sum(f > t for f, t in zip(found, truth, strict=True)),
        "exact_count_rate": round(sum(f == t for f, t in zip(found, truth, strict=True))
                                  / len(truth), 3),
    }


def _legacy(gray: Image.Image) -> int | None:
    """The counter as it was before issue 8's second pass: alt2 on a 400 px (longer side) copy
    of the 1/4 decode, scale step 1.15, 5 neighbours, faces of 6% of the shorter side and up."""
    import cv2

    from faceleak.crawler.media import faces as faces_mod

    classifier = faces_mod._classifier("haarcascade_frontalface_alt2.xml")
    if classifier is None:
        return None
    scale = 400 / max(gray.size)
    if scale < 1:
        gray = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))),
                           Image.Resampling.BILINEAR)
    px = np.ascontiguousarray(np.asarray(gray, dtype=np.uint8))
    min_side = max(24, round(min(px.shape) * 0.06))
    if min(px.shape) < min_side:
        return 0
    return len(classifier.detectMultiScale(cv2.equalizeHist(px), scaleFactor=1.15, minNeighbors=5,
                                           minSize=(min_side, min_side)))


def measure(quick: bool) -> list[dict]:
    from faceleak.crawler.media import faces as faces_mod
    from faceleak.crawler.media.decode import decode
    from faceleak.crawler.media.digest import HASH_DRAFT

    items = labelled(quick)
    truth = [t for _, t in items]
    sizes = by_face_size(quick)

    def before(data: bytes) -> int | None:
        return _legacy(decode(data, draft=300)[0])

    def config(cascade: str, short: int, step: float, neighbours: int):
        def count(data: bytes) -> int | None:
            return faces_mod.count_faces_with(decode(data, draft=HASH_DRAFT)[0], cascade,
                                              short_side=short, scale_factor=step,
                                              min_neighbors=neighbours)
        return count

    lbp, alt2 = faces_mod.LBP_CASCADE, "haarcascade_frontalface_alt2.xml"
    short = {lbp: "lbp", alt2: "haar_alt2"}
    production = (faces_mod.CASCADE, faces_mod.FACE_SHORT_SIDE, faces_mod.SCALE_FACTOR,
                  faces_mod.MIN_NEIGHBORS)
    grid = {production, (lbp, 150, 1.1, 3), (lbp, 180, 1.1, 3), (alt2, 150, 1.1, 3),
            (alt2, 150, 1.2, 3), (alt2, 130, 1.2, 3), (alt2, 150, 1.25, 2)}
    configs = {"haar_alt2@400px-long/1.15/5nb on the 1/4 decode (before)": before}
    configs |= {f"{short[c]}@{sh}px-short/{st}/{nb}nb": config(c, sh, st, nb)
                for c, sh, st, nb in sorted(grid)}
    results = []
    for name, fn in configs.items():
        t0 = time.perf_counter()
        counts = [fn(data) for data, _ in items]
        ms = (time.perf_counter() - t0) / len(items) * 1000
        recall_by_width = {f"{w}px": round(sum((fn(d) or 0) >= 1 for d in pics) / len(pics), 3)
                           for w, pics in sizes.items()}
        is_prod = name == "{}@{}px-short/{}/{}nb".format(short[production[0]], *production[1:])
        results.append({"config": name, "ms_per_image_incl_decode": round(ms, 2),
                        "production": is_prod, **_score(counts, truth),
                        "recall_by_face_width_on_1200px_page": recall_by_width})
    return results


def run(quick: bool) -> list[dict]:
    rows = measure(quick)
    anchor = rows[0]
    return [{
        "name": f"face_count[{r['config']}]", "unit": "face recall (labelled set)",
        "ours": r["face_recall"], "anchor": anchor["config"], "anchor_value": anchor["face_recall"],
        "ratio": round(r["face_recall"] / max(anchor["face_recall"], 1e-9), 3), "exact": None,
        "speedup": round(anchor["ms_per_image_incl_decode"] / r["ms_per_image_incl_decode"], 2),
        **r} for r in rows]


if __name__ == "__main__":
    import json

    print(json.dumps(measure("--full" not in sys.argv), indent=1))

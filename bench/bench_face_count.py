"""Face counting: recall and false faces on a labelled set, and the time it costs.

Labelled set (known counts, nothing downloaded): ID-style portraits of the LFW
faces (1 face), sheets of 2-4 of them (2-4 faces, as sellers' preview sheets),
ID-card scans (1 small face), the package photos with a person (astronaut, Grace
Hopper: 1), and images without faces (LFW non-face patches, the cat, coffee,
rocket, generated pages, fields and shapes: 0). Every image is a JPEG of the
size sellers post (longer side 1000-1600 px) and goes through the decode that
digest_image uses. Configurations: the detector as it was (Haar default cascade
on a second decode at 400 px, scale step 1.15) and the candidates on the one
reduced decode the hash already needs.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

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


def measure(quick: bool) -> list[dict]:
    from faceleak.crawler.media import faces as faces_mod
    from faceleak.crawler.media.decode import decode
    from faceleak.crawler.media.digest import HASH_DRAFT

    items = labelled(quick)
    truth = [t for _, t in items]

    def before(data: bytes) -> int | None:  # as digest_image counted before issue 8
        return faces_mod.count_faces_with(decode(data, draft=400)[0],
                                          "haarcascade_frontalface_default.xml",
                                          side=400, scale_factor=1.15)

    def on_reduced(cascade: str, side: int, step: float):
        def count(data: bytes) -> int | None:
            return faces_mod.count_faces_with(decode(data, draft=HASH_DRAFT)[0], cascade,
                                              side=side, scale_factor=step)
        return count

    configs = {
        "haar_default@400px/1.15 second decode (before)": before,
        "haar_default@reduced/1.15": on_reduced("haarcascade_frontalface_default.xml",
                                               faces_mod.FACE_SIDE, 1.15),
        "haar_alt2@reduced/1.15": on_reduced("haarcascade_frontalface_alt2.xml",
                                            faces_mod.FACE_SIDE, 1.15),
        "haar_alt2@reduced/1.2": on_reduced("haarcascade_frontalface_alt2.xml",
                                           faces_mod.FACE_SIDE, 1.2),
        **{f"haar_alt2@reduced,{side}px/1.15": on_reduced("haarcascade_frontalface_alt2.xml",
                                                          side, 1.15) for side in (200, 300)},
    }
    results = []
    for name, fn in configs.items():
        t0 = time.perf_counter()
        counts = [fn(data) for data, _ in items]
        ms = (time.perf_counter() - t0) / len(items) * 1000
        results.append({"config": name, "ms_per_image_incl_decode": round(ms, 2),
                        "production": name.startswith(faces_mod.CASCADE.split(".")[0]
                                                      .replace("haarcascade_frontalface_", "haar_"))
                        and f"/{faces_mod.SCALE_FACTOR}" in name and "reduced" in name,
                        **_score(counts, truth)})
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

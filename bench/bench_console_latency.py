"""console_latency: console pages on a store of 100,000 listings against a plain SELECT.

Data: a migrated SQLite store (WAL, the FTS5 index of migration 0006 filled by its triggers)
with 100,000 listings over 3 sources and 2,000 sellers, mixed zh/en/ru text, 5,000 contact
handles, data types, photo counts and prices, 10,000 sample images in 4,000 clusters, and 2,000
alerts. Each page is requested through the real application (Starlette's test client: routing,
guard, queries, serializers, templates; no network) and timed as the median of several runs.
Its anchor is a plain ``SELECT`` of the same rows with the sqlite3 module. ``exact`` says the page
listed the same listing ids as the anchor (where the page is a list of listings), else that it
answered 200. ``console_latency_trends_after_a_commit`` times ``/trends`` right after another
connection commits, when the console's trends cache must recompute.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

N_LISTINGS = 100_000
N_SELLERS = 2_000
N_CONTACTS = 5_000
N_IMAGES = 10_000
N_CLUSTERS = 4_000
N_ALERTS = 2_000
WORDS = ("出售", "人脸照片", "大头照", "手持身份证", "四件套", "打包", "高清", "实名", "face",
         "pics", "selfie", "KYC", "pack", "fresh", "database", "фото", "лиц", "паспорт",
         "продаю", "база", "liveness", "video", "verified", "bulk", "cheap", "escrow",
         "sample", "正反面", "过脸")
TYPES = ("face_photo", "id_card", "handheld_id", "face_video", "kyc_set")


def _build(path: Path, seed: int = 7) -> dict:
    from faceleak.store import make_engine, upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    rng = random.Random(seed)
    now = datetime(2026, 11, 29, tzinfo=UTC)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    with con:
        con.executemany("INSERT INTO sources (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
                        [(i, name, kind, now.isoformat()) for i, (name, kind) in enumerate(
                            (("tg", "telegram"), ("bbs", "discuz"), ("shop", "html")), 1)])
        con.executemany("INSERT INTO sellers (id, source_id, name, first_seen) VALUES (?,?,?,?)",
                        [(i, i % 3 + 1, f"seller{i}", now.isoformat())
                         for i in range(1, N_SELLERS + 1)])
        handles = [f"@handle_{i}" for i in range(N_CONTACTS)]
        rows = []
        for i in range(1, N_LISTINGS + 1):
            seller = rng.randint(1, N_SELLERS)
            offer = rng.random() < 0.6
            types = sorted(rng.sample(TYPES, rng.randint(1, 3))) if offer else []
            contact = handles[rng.randrange(N_CONTACTS)]
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))) + f" {contact}"
            seen = now - timedelta(minutes=N_LISTINGS - i)
            count = rng.choice((500, 1000, 5000, 10000, 24000, 50000)) if offer else None
            usd = round(rng.uniform(10, 2000), 2) if offer else None
            rows.append((i, seller % 3 + 1, f"https://example.test/{i}", f"post {i}", text, seller,
                         seen.isoformat(), seen.isoformat(), seen.isoformat(), offer,
                         0.9 if offer else 0.1, json.dumps(["goods: 人脸照片 (+1.12)"]),
                         json.dumps(types), count, usd * 7 if usd else None,
                         "CNY" if usd else None, "bundle" if usd else None, usd,
                         json.dumps([{"kind": "telegram", "value": contact}]), "x" * 64, 1))
        con.executemany(
            "INSERT INTO listings (id, source_id, url, title, text, seller_id, posted_at, "
            "first_seen, last_seen, is_offer, offer_score, reasons, data_types, photo_count, "
            "price_amount, price_currency, price_per, price_usd, contacts, content_hash, version) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.executemany("INSERT INTO clusters (id, created_at, size) VALUES (?, ?, ?)",
                        [(c, now.isoformat(), 0) for c in range(1, N_CLUSTERS + 1)])
        con.executemany(
            "INSERT INTO images (id, sha256, url, width, height, faces, hash, cluster_id, "
            "first_seen) VALUES (?,?,?,?,?,?,?,?,?)",
            [(i, f"{i:064x}", f"https://cdn.test/{i}.jpg", 512, 512, 1,
              rng.getrandbits(64).to_bytes(8, "big"), rng.randint(1, N_CLUSTERS), now.isoformat())
             for i in range(1, N_IMAGES + 1)])
        con.executemany(
            "INSERT INTO sightings (listing_id, image_id, url, first_seen, last_seen) "
            "VALUES (?,?,?,?,?)",
            [(rng.randint(1, N_LISTINGS), i, f"https://cdn.test/{i}.jpg", now.isoformat(),
              now.isoformat()) for i in range(1, N_IMAGES + 1)])
        con.executemany(
            "INSERT INTO alerts (rule, event, severity, status, dedupe_key, created_at, summary, "
            "listing_id, details) VALUES (?,?,?,?,?,?,?,?,?)",
            [("new-offers", "new_offer", "high", "open", f"k{i}",
              (now - timedelta(minutes=i)).isoformat(), f"New offer {i}", N_LISTINGS - i, "{}")
             for i in range(N_ALERTS)])
    con.close()
    return {"contact": handles[42], "seller": 17, "listing": N_LISTINGS - 5}


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm caches (templates, statements)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _listing_ids(html: str) -> list[int]:
    table = html.split('id="listing-results"', 1)[-1]
    return [int(x) for x in re.findall(r'<tr><td><a href="/listings/(\d+)">', table)]


def run(quick: bool) -> list[dict]:
    from starlette.testclient import TestClient

    from faceleak.config import load_config
    from faceleak.console import create_app
    from faceleak.store import make_engine, read_session_factory, session_factory

    repeat = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "console.db"
        keys = _build(path)
        engine = make_engine(f"sqlite:///{path}")
        app = create_app(sessions=session_factory(engine),
                         read_sessions=read_session_factory(engine), config=load_config(None),
                         token=None, default_by="bench")
        client = TestClient(app, base_url="http://127.0.0.1")
        raw = sqlite3.connect(path)
        contact = keys["contact"]
        cases = [
            ("alerts", "/alerts",
             "SELECT * FROM alerts WHERE status = 'open' ORDER BY created_at DESC LIMIT 100", (),
             False),
            ("listings_newest", "/listings",
             "SELECT * FROM listings ORDER BY first_seen DESC, id DESC LIMIT 100", (), True),
            ("listings_search", "/listings?q=liveness",
             "SELECT * FROM listings WHERE text LIKE '%liveness%' OR title LIKE '%liveness%' "
             "ORDER BY first_seen DESC, id DESC LIMIT 100", (), True),
            ("listings_search_rare", "/listings?q=handle_4242",
             "SELECT * FROM listings WHERE text LIKE '%handle\\_4242%' ESCAPE '\\' OR title "
             "LIKE '%handle\\_4242%' ESCAPE '\\' ORDER BY first_seen DESC, id DESC LIMIT 100",
             (), True),
            ("listings_contact", f"/listings?contact={contact.lstrip('@')}",
             "SELECT * FROM listings WHERE contacts LIKE ? ORDER BY first_seen DESC, id DESC "
             "LIMIT 100", (f'%"{contact}"%',), True),
            ("listings_type_min_photos", "/listings?type=kyc_set&min_photos=24000",
             "SELECT * FROM listings WHERE data_types LIKE '%\"kyc_set\"%' AND photo_count >= "
             "24000 ORDER BY first_seen DESC, id DESC LIMIT 100", (), True),
            ("listing_page", f"/listings/{keys['listing']}", "SELECT * FROM listings WHERE id = ?",
             (keys["listing"],), False),
            ("seller_page", f"/sellers/{keys['seller']}",
             "SELECT * FROM listings WHERE seller_id = ? ORDER BY first_seen DESC LIMIT 100",
             (keys["seller"],), False),
            ("contact_page", f"/contact?value={contact.lstrip('@')}",
             "SELECT * FROM listings WHERE contacts LIKE ?", (f'%"{contact}"%',), False),
            ("trends", "/trends",
             "SELECT first_seen, source_id, data_types, photo_count, price_usd, price_per "
             "FROM listings WHERE is_offer", (), False),
        ]
        results = []
        for name, url, sql, params, compare in cases:
            response = client.get(url)
            rows = raw.execute(sql, params).fetchall()
            exact = response.status_code == 200
            if compare:
                exact = exact and _listing_ids(response.text) == [r[0] for r in rows]
            ours = _median_ms(lambda url=url: client.get(url), repeat)
            anchor = _median_ms(lambda sql=sql, params=params: raw.execute(sql, params).fetchall(),
                                repeat)
            results.append({
                "name": f"console_latency_{name}", "unit": "ms", "ours": round(ours, 2),
                "anchor": "plain SELECT of the same rows (sqlite3)",
                "anchor_value": round(anchor, 2), "ratio": round(ours / anchor, 1),
                "exact": exact, "listings": N_LISTINGS, "rows": len(rows), "quick": quick,
            })
        # /trends right after a commit: the cache must recompute (the figure above is a store
        # unchanged since the last request). The commit is a no-op write by another connection.
        def changed_then_trends() -> None:
            with raw:
                raw.execute("UPDATE sources SET name = name WHERE id = 1")
            client.get("/trends")

        ours = _median_ms(changed_then_trends, repeat)
        anchor = _median_ms(lambda: raw.execute(cases[-1][2]).fetchall(), repeat)
        results.append({
            "name": "console_latency_trends_after_a_commit", "unit": "ms",
            "ours": round(ours, 2), "anchor": "plain SELECT of the same rows (sqlite3)",
            "anchor_value": round(anchor, 2), "ratio": round(ours / anchor, 1),
            "exact": client.get("/trends").status_code == 200, "listings": N_LISTINGS,
            "rows": len(raw.execute(cases[-1][2]).fetchall()), "quick": quick,
        })
        raw.close()
        engine.dispose()
    return results


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1))

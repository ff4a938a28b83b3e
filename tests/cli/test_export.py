"""`export --format json|csv|stix [--output FILE]`: listings and alerts for other tools."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from faceleak.export import CSV_COLUMNS
from tests.cli.conftest import NOW
from tests.cli.test_alerts import ALERT_KEYS
from tests.cli.test_listings import EXTRA_KEYS, LISTING_KEYS

UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
STIX_ID = re.compile(rf"^([a-z0-9-]+)--{UUID}$")


def export(run, store, fmt: str, *args: str) -> str:
    result = run(store, "export", "--format", fmt, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_json_export_has_the_listings_and_alerts_in_their_contract_shapes(market, run):
    data = json.loads(export(run, market.store, "json"))
    assert set(data) == {"listings", "alerts"}
    assert [x["id"] for x in data["listings"]] == [market.alice_chat, market.bob_offer,
                                                   market.alice_offer]
    assert all(set(x) == LISTING_KEYS | EXTRA_KEYS for x in data["listings"])
    assert len(data["alerts"]) == 5 and all(set(a) == ALERT_KEYS for a in data["alerts"])


def test_export_to_a_file_writes_it_and_keeps_stdout_empty(market, run, tmp_path):
    target = tmp_path / "out.json"
    result = run(market.store, "export", "--format", "json", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert f"wrote {target}" in result.stderr
    assert len(json.loads(target.read_text(encoding="utf-8"))["listings"]) == 3


def test_export_to_a_folder_that_does_not_exist_is_one_line_and_exit_1(market, run, tmp_path):
    target = tmp_path / "missing" / "out.json"
    result = run(market.store, "export", "--format", "json", "--output", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: cannot write {target}: No such file or directory"]


def test_csv_export_has_a_header_and_one_row_per_listing(market, run):
    rows = list(csv.reader(io.StringIO(export(run, market.store, "csv"))))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + 3
    bob = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == str(market.bob_offer)),
                   strict=True))
    assert (bob["source"], bob["seller"], bob["photo_count"]) == ("forum-b", "bob", "500")
    assert (bob["price_amount"], bob["price_currency"], bob["price_per"]) == ("0.5", "USDT",
                                                                               "item")
    assert bob["data_types"] == "face_photo;handheld_id" and bob["contacts"] == "qq:12345678"
    assert len(bob["image_sha256"]) == 64


def test_csv_export_of_offers_only_leaves_out_other_posts(market, run):
    rows = list(csv.reader(io.StringIO(export(run, market.store, "csv", "--offers"))))
    assert sorted(int(r[0]) for r in rows[1:]) == [market.alice_offer, market.bob_offer]


@pytest.fixture
def bundle(market, run) -> dict:
    return json.loads(export(run, market.store, "stix"))


def test_stix_export_is_a_bundle_of_2_1_objects_with_typed_ids(bundle):
    assert bundle["type"] == "bundle" and STIX_ID.match(bundle["id"])
    assert bundle["objects"]
    for obj in bundle["objects"]:
        match = STIX_ID.match(obj["id"])
        assert match and match.group(1) == obj["type"], obj["id"]
        assert obj["spec_version"] == "2.1"
    kinds = [obj["type"] for obj in bundle["objects"]]
    assert (kinds.count("url"), kinds.count("observed-data"), kinds.count("note")) == (3, 3, 5)


def test_stix_references_point_at_objects_in_the_bundle(bundle):
    ids = {obj["id"] for obj in bundle["objects"]}
    for obj in bundle["objects"]:
        assert set(obj.get("object_refs", [])) <= ids
        assert obj.get("created_by_ref", next(iter(ids))) in ids
    notes = [o for o in bundle["objects"] if o["type"] == "note"]
    assert all(ref.startswith("observed-data--") for n in notes for ref in n["object_refs"])


def test_stix_object_ids_are_the_same_in_two_exports(market, run, bundle):
    again = json.loads(export(run, market.store, "stix"))
    assert [o["id"] for o in again["objects"]] == [o["id"] for o in bundle["objects"]]


def test_an_unknown_export_format_is_a_usage_error(market, run):
    result = run(market.store, "export", "--format", "xml")
    assert result.exit_code == 2 and "xml" in result.stderr


def test_csv_cells_that_would_run_as_formulas_are_defused():
    from faceleak.export import to_csv

    listing = {
        "id": 1, "source": "s", "url": "https://x/1", "title": "=HYPERLINK(\"http://evil\")",
        "seller": "@seller", "posted_at": None, "first_seen": "t", "last_seen": "t",
        "is_offer": True, "offer_score": 1.0, "data_types": [], "photo_count": None,
        "price": None, "contacts": [], "images": [],
    }
    row = to_csv([listing]).splitlines()[1]
    assert "'=HYPERLINK" in row and ",'@seller," in row


def test_stix_url_ids_follow_the_stix_namespace():
    import json
    import uuid

    from faceleak.export import to_stix

    listing = {"id": 1, "url": "https://example.org/x", "first_seen": "2026-01-01T00:00:00+00:00",
               "last_seen": "2026-01-01T00:00:00+00:00", "is_offer": True}
    bundle = json.loads(to_stix([listing], []))
    [url] = [o for o in bundle["objects"] if o["type"] == "url"]
    ns = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")
    contributing = '{"value":"https://example.org/x"}'
    assert url["id"] == f"url--{uuid.uuid5(ns, contributing)}"


def test_stix_export_of_unchanged_data_is_the_same_bundle(market, run):
    assert export(run, market.store, "stix") == export(run, market.store, "stix")


def test_stix_timestamps_come_from_the_listing_not_the_export(market, run, bundle):
    listing = json.loads(run(market.store, "listing", str(market.alice_offer), "--json").stdout)
    [observed] = [o for o in bundle["objects"] if o["type"] == "observed-data"
                  and o["x_faceleak_listing"]["id"] == market.alice_offer]
    first = datetime.fromisoformat(listing["first_seen"]).astimezone(UTC)
    assert observed["created"] == first.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert observed["modified"] >= observed["created"]


def test_stix_samples_are_file_observables_with_their_sha256(market, run, bundle):
    listing = json.loads(run(market.store, "listing", str(market.bob_offer), "--json").stdout)
    [sha] = [image["sha256"] for image in listing["images"]]
    [file] = [o for o in bundle["objects"] if o["type"] == "file"
              and o["hashes"] == {"SHA-256": sha}]
    [observed] = [o for o in bundle["objects"] if o["type"] == "observed-data"
                  and o["x_faceleak_listing"]["id"] == market.bob_offer]
    assert file["id"] in observed["object_refs"]


def test_export_since_keeps_listings_seen_and_alerts_raised_since_then(market, run):
    data = json.loads(export(run, market.store, "json", "--since", "3d"))
    assert sorted(x["id"] for x in data["listings"]) == [market.bob_offer, market.alice_chat]
    cutoff = (NOW - timedelta(days=3)).isoformat()
    assert data["alerts"] and all(a["created_at"] >= cutoff for a in data["alerts"])
    everything = json.loads(export(run, market.store, "json"))
    assert len(everything["alerts"]) > len(data["alerts"])

"""Export listings and alerts for other tools: JSON (DESIGN 4.2/4.3 shapes), CSV, a STIX 2.1 bundle.

STIX ids and timestamps are stable, so importers can deduplicate and a second export of
unchanged data is the same bundle: the ``url`` and ``file`` observables use STIX 2.1's own
UUIDv5 namespace over their ID contributing properties (``value``; ``hashes``, the sample's
SHA-256), so any producer gets the same id; our SDOs use faceleak's namespace over the database
id and URL. An observed-data object is ``created`` when the listing was first seen and
``modified`` when it was last seen; a note (alert) when the alert was raised; the bundle's id
follows from its objects. ``--since`` exports listings seen since then and alerts raised
since. CSV cells that a spreadsheet would run as a formula (scraped text starting with
= + - @ or a control) are prefixed with ``'``: the CSV is for people with spreadsheets, the
JSON export for tools.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime

from faceleak.store.queries import list_alerts, list_listings
from faceleak.store.serialize import alert_json, listing_json

STIX_NAMESPACE = uuid.UUID("6f1b2e1c-5f0e-4d38-9a53-2b8f6a1c7d10")
STIX_SCO_NAMESPACE = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")  # STIX 2.1, 2.9
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "id",
    "source",
    "url",
    "title",
    "seller",
    "posted_at",
    "first_seen",
    "last_seen",
    "is_offer",
    "offer_score",
    "data_types",
    "photo_count",
    "price_amount",
    "price_currency",
    "price_per",
    "price_usd",
    "contacts",
    "image_sha256",
)


def _stix_id(kind: str, *parts: object) -> str:
    return f"{kind}--{uuid.uuid5(STIX_NAMESPACE, '|'.join(map(str, parts)))}"


def _url_sco_id(url: str) -> str:
    contributing = json.dumps(
        {"value": url}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return f"url--{uuid.uuid5(STIX_SCO_NAMESPACE, contributing)}"


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _stix_time(value: str | None) -> str:
    if value is None:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return datetime.fromisoformat(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def to_csv(listings: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    for x in listings:
        p = x["price"] or {}
        writer.writerow(_cell(v) for v in [
                x["id"],
                x["source"],
                x["url"],
                x["title"] or "",
                x["seller"] or "",
                x["posted_at"] or "",
                x["first_seen"],
                x["last_seen"],
                x["is_offer"],
                x["offer_score"],
                ";".join(x["data_types"]),
                x["photo_count"] if x["photo_count"] is not None else "",
                p.get("amount", ""),
                p.get("currency", ""),
                p.get("per", ""),
                p.get("usd", "") if p.get("usd") is not None else "",
                ";".join(f"{c['kind']}:{c['value']}" for c in x["contacts"]),
                ";".join(i["sha256"] for i in x["images"]),
            ])  # fmt: skip
    return buf.getvalue()


IDENTITY_CREATED = "2026-01-01T00:00:00.000Z"  # a constant: the identity never changes


def _file_sco_id(sha256: str) -> str:
    contributing = json.dumps({"hashes": {"SHA-256": sha256}}, sort_keys=True,
                              separators=(",", ":"))
    return f"file--{uuid.uuid5(STIX_SCO_NAMESPACE, contributing)}"


def to_stix(listings: list[dict], alerts: list[dict]) -> str:
    created = IDENTITY_CREATED
    identity = {
        "type": "identity",
        "spec_version": "2.1",
        "id": _stix_id("identity", "faceleak"),
        "created": created,
        "modified": created,
        "name": "faceleak",
        "identity_class": "system",
    }
    objects: list[dict] = [identity]
    observed: dict[int, str] = {}
    files: set[str] = set()
    for x in listings:
        url_id = _url_sco_id(x["url"])
        obs_id = _stix_id("observed-data", x["id"], x["url"])
        observed[x["id"]] = obs_id
        objects.append({"type": "url", "spec_version": "2.1", "id": url_id, "value": x["url"]})
        file_ids = []
        for image in x.get("images") or []:
            file_id = _file_sco_id(image["sha256"])
            file_ids.append(file_id)
            if file_id not in files:
                files.add(file_id)
                objects.append({"type": "file", "spec_version": "2.1", "id": file_id,
                                "hashes": {"SHA-256": image["sha256"]}})
        objects.append(
            {
                "type": "observed-data",
                "spec_version": "2.1",
                "id": obs_id,
                "created_by_ref": identity["id"],
                "created": _stix_time(x["first_seen"]),
                "modified": _stix_time(x["last_seen"]),
                "first_observed": _stix_time(x["first_seen"]),
                "last_observed": _stix_time(x["last_seen"]),
                "number_observed": 1,
                "object_refs": [url_id, *file_ids],
                "labels": ["face-data-offer"] if x["is_offer"] else ["face-data-post"],
                "x_faceleak_listing": x,
            }
        )
    for a in alerts:
        refs = (
            [observed[a["listing"]["id"]]]
            if a["listing"] and a["listing"]["id"] in observed
            else [identity["id"]]
        )
        objects.append(
            {
                "type": "note",
                "spec_version": "2.1",
                "id": _stix_id("note", "alert", a["id"]),
                "created_by_ref": identity["id"],
                "created": _stix_time(a["created_at"]),
                "modified": _stix_time(a["created_at"]),
                "abstract": f"{a['severity']} {a['event']}",
                "content": a["summary"],
                "object_refs": refs,
                "x_faceleak_alert": {k: v for k, v in a.items() if k != "listing"},
            }
        )
    content = "|".join(f"{o['id']}@{o.get('modified', '')}" for o in objects)
    return (
        json.dumps(
            {"type": "bundle", "id": _stix_id("bundle", content), "objects": objects},
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def write_export(session, fmt: str, *, offers_only: bool = False, limit: int = 1_000_000,
                 since: datetime | None = None) -> str:
    """The export text; ``since``: listings seen at or after it, alerts raised at or after it."""
    listings = [
        listing_json(x)
        for x in list_listings(session, offers_only=offers_only, limit=limit, seen_since=since)
    ]
    if fmt == "csv":
        return to_csv(listings)
    alerts = [alert_json(a) for a in list_alerts(session, status="all", limit=limit,
                                                   since=since)]
    if fmt == "stix":
        return to_stix(listings, alerts)
    return json.dumps({"listings": listings, "alerts": alerts}, ensure_ascii=False, indent=2) + "\n"

"""`watchlist add|list|remove`: hash banks of an organisation's own photos, matched against
the samples already stored; only hashes are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from faceleak.crawler.media import digest_image
from faceleak.store.models import Alert, WatchlistHash


def watch_alerts(store) -> list[Alert]:
    with store.sessions() as session:
        return list(session.scalars(select(Alert).where(Alert.event == "watchlist_match")))


def add(run, store, name: str, *paths: Path):
    result = run(store, "watchlist", "add", name, *map(str, paths), "--json")
    return result, json.loads(result.stdout) if result.stdout else None


def test_watchlist_table_holds_hashes_and_labels_only(market, photos, run):
    add(run, market.store, "acme-staff", photos.grace_hopper)
    with market.store.sessions() as session:
        columns = inspect(session.get_bind()).get_columns("watchlist_hashes")
        engine_columns = {c["name"] for c in columns}
        [entry] = session.scalars(select(WatchlistHash)).all()
    digest = digest_image(photos.grace_hopper.read_bytes(), count_faces=False)
    assert engine_columns == {"id", "watchlist_id", "sha256", "hash", "hash_mirror",
                              "fine_hash", "fine_mirror", "label"}
    assert (entry.sha256, entry.hash, entry.hash_mirror, entry.label) == (
        digest.sha256, digest.hash, digest.hash_mirror, "grace_hopper.jpg")
    assert (entry.fine_hash, entry.fine_mirror) == (digest.fine, digest.fine_mirror)
    assert len(entry.fine_hash) == 32  # the 256-bit confirming hash of two-stage matching


def test_watchlist_add_never_writes_the_photo_bytes_to_the_database(store, photos, run):
    add(run, store, "acme-staff", photos.grace_hopper)
    main = Path(store.url.removeprefix("sqlite:///"))
    database = b"".join(p.read_bytes() for p in main.parent.glob(main.name + "*"))  # and -wal
    photo = photos.grace_hopper.read_bytes()
    pieces = [photo[i:i + 48] for i in range(len(photo) // 4, len(photo), len(photo) // 4)]
    assert not any(piece in database for piece in pieces)


def test_watchlist_add_matches_stored_samples_and_raises_an_alert(market, photos, run):
    result, out = add(run, market.store, "acme-staff", photos.astronaut_reencoded)
    stored = json.loads(run(market.store, "listing", str(market.alice_offer), "--json").stdout)
    assert result.exit_code == 0
    assert (out["watchlist"], out["added"], out["skipped"]) == ("acme-staff", 1, 0)
    # both alice's astronaut and bob's mirrored copy are near the re-encoded photo
    assert stored["images"][0]["sha256"] in {m["image"] for m in out["stored_matches"]}
    assert len(out["stored_matches"]) == 2
    alerts = watch_alerts(market.store)
    assert sorted(a.id for a in alerts) == sorted(out["alerts"]) and alerts
    assert {a.rule for a in alerts} == {"watch"} and {a.severity for a in alerts} == {"critical"}
    assert {a.listing_id for a in alerts} == {market.alice_offer, market.bob_offer}


def test_watchlist_add_of_an_unrelated_photo_raises_nothing(market, photos, run):
    result, out = add(run, market.store, "acme-staff", photos.coffee)
    assert result.exit_code == 0
    assert out["stored_matches"] == [] and out["alerts"] == []
    assert watch_alerts(market.store) == []


def test_adding_the_same_photos_again_raises_no_duplicate_alert(market, photos, run):
    _, first = add(run, market.store, "acme-staff", photos.astronaut)
    _, again = add(run, market.store, "acme-staff", photos.astronaut)
    assert first["alerts"] and again["alerts"] == []
    assert len(watch_alerts(market.store)) == len(first["alerts"])


def test_watchlist_add_skips_a_bad_file_keeps_the_rest_and_exits_1(store, photos, run):
    result, out = add(run, store, "acme-staff", photos.not_an_image, photos.coffee)
    assert result.exit_code == 1
    assert f"skipped {photos.not_an_image}" in result.stderr
    assert (out["added"], out["skipped"]) == (1, 1)


def test_many_photos_are_digested_by_a_process_pool_alike(store, photos, run, tmp_path):
    from PIL import Image

    from faceleak.commands.watch import POOL_MIN

    paths = []
    for i in range(POOL_MIN):
        path = tmp_path / f"staff{i}.png"
        Image.effect_mandelbrot((120 + i, 90), (-2 + i / 10, -1.2, 1, 1.2), 40).save(path)
        paths.append(path)
    result, out = add(run, store, "acme-staff", photos.not_an_image, *paths)
    assert result.exit_code == 1 and (out["added"], out["skipped"]) == (POOL_MIN, 1)
    with store.sessions() as session:
        stored = {e.sha256: e for e in session.scalars(select(WatchlistHash))}
    for path in paths:  # the workers' digests are the in-process ones
        d = digest_image(path.read_bytes(), count_faces=False)
        assert (stored[d.sha256].hash, stored[d.sha256].fine_hash) == (d.hash, d.fine)


def test_watchlist_add_with_no_usable_image_fails(store, photos, run):
    result, _ = add(run, store, "acme-staff", photos.not_an_image)
    assert result.exit_code == 1 and "no usable image given" in result.stderr


@pytest.mark.parametrize("name", ["", "   ", "x" * 65])
def test_a_watchlist_name_that_does_not_fit_is_a_usage_error(migrated_db_url, config_path, store_at,
                                                             photos, run, name):
    store = store_at(migrated_db_url, config_path)
    result = run(store, "watchlist", "add", name, str(photos.coffee))
    assert result.exit_code == 2 and "1 to 64 characters" in result.stderr
    assert "Traceback" not in result.output


def test_watchlist_list_json_names_each_with_its_hash_count(store, photos, run):
    add(run, store, "acme-staff", photos.grace_hopper, photos.coffee)
    add(run, store, "board", photos.astronaut)
    result = run(store, "watchlist", "list", "--json")
    rows = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [(r["name"], r["hashes"]) for r in rows] == [("acme-staff", 2), ("board", 1)]
    assert all(set(r) == {"name", "hashes", "created_at"} for r in rows)


def test_watchlist_remove_deletes_it_and_its_hashes(store, photos, run):
    add(run, store, "acme-staff", photos.grace_hopper)
    result = run(store, "watchlist", "remove", "acme-staff")
    assert result.exit_code == 0 and "watchlist acme-staff removed" in result.stderr
    assert json.loads(run(store, "watchlist", "list", "--json").stdout) == []
    with store.sessions() as session:
        assert session.scalars(select(WatchlistHash)).all() == []


def test_removing_an_unknown_watchlist_is_exit_1(store, run):
    result = run(store, "watchlist", "remove", "nobody")
    assert result.exit_code == 1 and "no watchlist 'nobody'" in result.stderr

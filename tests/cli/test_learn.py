"""`label`, `model fit`, `model show` and `rescore` (issue #7), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from faceleak.crawler.extract.training import bundled_cases
from faceleak.store.models import Alert, Label
from tests.cli.conftest import fill_market, offer


@pytest.fixture(scope="session")
def bundled_count() -> int:
    """How many posts the bundled corpus has (reading it takes seconds: once per process)."""
    return len(bundled_cases())


@pytest.fixture
def market(migrated_db_url, config_path, store_at, photos):
    return fill_market(store_at(migrated_db_url, config_path), photos)


def listing(run, store, listing_id: int) -> dict:
    result = run(store, "listing", str(listing_id), "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def offer_ids(run, store) -> set[int]:
    result = run(store, "listings", "--offers", "--json")
    assert result.exit_code == 0, result.stderr
    return {item["id"] for item in json.loads(result.stdout)}


def new_offer_alerts(store, listing_id: int) -> list[int]:
    with store.sessions() as session:
        return list(session.scalars(select(Alert.id).where(
            Alert.event == "new_offer", Alert.listing_id == listing_id)))


def test_not_offer_label_takes_a_listing_out_of_the_offers(run, market):
    store = market.store
    result = run(store, "label", str(market.alice_offer), "not-offer", "--by", "ana",
                 "--note", "a scam warning")
    assert result.exit_code == 0, result.stderr
    assert market.alice_offer not in offer_ids(run, store)
    shown = listing(run, store, market.alice_offer)
    assert shown["is_offer"] is False and shown["price"] is None and shown["data_types"] == []
    assert shown["label"]["by"] == "ana" and shown["label"]["note"] == "a scam warning"
    assert shown["label"]["extracted"]["is_offer"] is True


def test_offer_label_shows_the_analysts_fields_and_raises_new_offer(run, market):
    store = market.store
    assert new_offer_alerts(store, market.alice_chat) == []
    result = run(store, "label", str(market.alice_chat), "offer", "--types", "face_photo,id_card",
                 "--count", "800", "--price", "50 CNY item", "--by", "ana")
    assert result.exit_code == 0, result.stderr
    shown = listing(run, store, market.alice_chat)
    assert (shown["is_offer"], shown["data_types"], shown["photo_count"]) == (
        True, ["face_photo", "id_card"], 800)
    assert shown["price"]["amount"] == 50.0 and shown["price"]["per"] == "item"
    assert len(new_offer_alerts(store, market.alice_chat)) == 1


def test_a_label_stands_when_the_post_is_crawled_again(run, market):
    store = market.store
    run(store, "label", str(market.alice_offer), "not-offer", "--by", "ana")
    again = offer("https://t.me/s/example/1", text="出售人脸照片 2.4万张 2500元 TG @alice_faces",
                  price={"amount": 2500.0, "currency": "CNY", "per": "bundle", "usd": 354.2})
    store.record(again)
    assert listing(run, store, market.alice_offer)["is_offer"] is False


def test_every_label_is_kept_as_the_trail(run, market):
    store = market.store
    run(store, "label", str(market.alice_chat), "offer", "--types", "face_photo", "--by", "ana")
    run(store, "label", str(market.alice_chat), "not-offer", "--by", "bo")
    with store.sessions() as session:
        trail = list(session.scalars(select(Label).where(Label.listing_id == market.alice_chat)
                                     .order_by(Label.id)))
    assert [(x.by, x.is_offer) for x in trail] == [("ana", True), ("bo", False)]
    assert listing(run, store, market.alice_chat)["label"]["by"] == "bo"


def test_false_positive_on_an_offer_alert_is_a_not_offer_label(run, market):
    store = market.store
    alert_id = new_offer_alerts(store, market.bob_offer)[0]
    result = run(store, "alert", "false-positive", str(alert_id), "--by", "ana")
    assert result.exit_code == 0, result.stderr
    shown = listing(run, store, market.bob_offer)
    assert shown["is_offer"] is False
    assert shown["label"]["by"] == "ana" and f"alert {alert_id}" in shown["label"]["note"]


@pytest.mark.parametrize("args", [
    ("not-offer", "--types", "face_photo"),
    ("offer", "--types", "faces"),
    ("offer", "--price", "cheap"),
])
def test_label_usage_errors_exit_2_with_one_line(run, market, args):
    result = run(market.store, "label", str(market.alice_offer), *args, "--by", "ana")
    assert result.exit_code == 2


def test_label_of_an_unknown_listing_fails(run, market):
    result = run(market.store, "label", "999999", "not-offer", "--by", "ana")
    assert result.exit_code == 1 and "no listing" in result.stderr


def test_model_show_names_the_bundled_model_before_any_fit(run, market, bundled_count):
    result = run(market.store, "model", "show", "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["origin"] == "bundled"
    assert shown["trained_on"] == bundled_count
    assert shown["scores"]["method"] == "5-fold cross-validation"


def test_model_fit_learns_the_labels_and_becomes_the_model_shown(run, market, bundled_count):
    store = market.store
    run(store, "label", str(market.alice_chat), "offer", "--types", "face_photo", "--by", "ana")
    fitted = run(store, "model", "fit", "--json")
    assert fitted.exit_code == 0, fitted.stderr
    model = json.loads(fitted.stdout)
    assert model["trained_on"] == bundled_count + 1 and model["analyst_labels"] == 1
    shown = json.loads(run(store, "model", "show", "--json").stdout)
    assert (shown["origin"], shown["version"]) == ("database", model["version"])
    assert 0.0 <= shown["scores"]["recall"] <= 1.0


def test_rescore_after_a_fit_raises_one_new_offer_per_offer_found_only_now(run, market):
    store = market.store
    missed = store.record(offer(
        "https://t.me/s/example/3", text="出售人脸照片 2万张 3000元 飞机 @missed_seller",
        is_offer=False, offer_score=0.1, reasons=(), data_types=(), photo_count=None, price=None))
    assert new_offer_alerts(store, missed) == []
    assert run(store, "model", "fit").exit_code == 0
    first = json.loads(run(store, "rescore", "--json").stdout)
    assert first["new_offers"] == 1
    assert len(new_offer_alerts(store, missed)) == 1
    shown = listing(run, store, missed)
    assert shown["is_offer"] and shown["photo_count"] == 20000
    second = json.loads(run(store, "rescore", "--json").stdout)
    assert (second["new_offers"], second["changed"], second["alerts"]) == (0, 0, 0)
    assert len(new_offer_alerts(store, missed)) == 1


def test_rescore_leaves_labelled_listings_alone(run, market):
    store = market.store
    run(store, "label", str(market.alice_chat), "offer", "--types", "face_photo", "--by", "ana")
    result = json.loads(run(store, "rescore", "--json").stdout)
    assert result["examined"] == 2  # alice's offer and bob's; alice's chat is labelled
    assert listing(run, store, market.alice_chat)["is_offer"] is True


def test_audit_lists_triage_and_labels_newest_first(run, market):
    store = market.store
    alert_id = new_offer_alerts(store, market.bob_offer)[0]
    run(store, "alert", "ack", str(alert_id), "--by", "ana", "--note", "looking")
    run(store, "label", str(market.alice_chat), "offer", "--types", "face_photo", "--by", "bo")
    result = run(store, "audit", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["kind"], r["by"]) for r in rows[:2]] == [("label", "bo"), ("triage", "ana")]
    assert rows[0]["listing"] == market.alice_chat and rows[0]["to"] == "offer"
    assert rows[1]["alert"] == alert_id and rows[1]["note"] == "looking"


def test_audit_of_one_alert_shows_its_changes_and_its_listings_labels(run, market):
    store = market.store
    alert_id = new_offer_alerts(store, market.bob_offer)[0]
    run(store, "alert", "false-positive", str(alert_id), "--by", "ana")
    run(store, "label", str(market.alice_chat), "offer", "--types", "face_photo", "--by", "bo")
    rows = json.loads(run(store, "audit", "--alert", str(alert_id), "--json").stdout)
    assert {(r["kind"], r["by"]) for r in rows} == {("triage", "ana"), ("label", "ana")}


def test_audit_prints_a_table_for_people(run, market):
    run(market.store, "label", str(market.alice_chat), "not-offer", "--by", "bo")
    result = run(market.store, "audit")
    assert result.exit_code == 0 and "listing" in result.stdout and "bo" in result.stdout


def test_model_show_without_a_database_shows_the_bundled_model(run, tmp_path, config_path):
    from types import SimpleNamespace

    nowhere = SimpleNamespace(url=f"sqlite:///{tmp_path / 'none.db'}", config_path=config_path)
    result = run(nowhere, "model", "show", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["origin"] == "bundled"

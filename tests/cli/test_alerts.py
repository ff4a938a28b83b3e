"""`alerts` (DESIGN 4.3 JSON contract, status filter) and `alert` triage with its audit trail."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from faceleak.store.models import Alert, AuditEntry
from tests.cli.conftest import fill_market
from tests.cli.test_listings import EXTRA_KEYS, LISTING_KEYS

ALERT_KEYS = {"id", "rule", "event", "severity", "status", "dedupe_key", "created_at", "summary",
              "listing", "details"}


def alerts(run, store, *args: str) -> list[dict]:
    result = run(store, "alerts", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def audit(store) -> list[AuditEntry]:
    with store.sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def status_of(store, alert_id: int) -> str:
    with store.sessions() as session:
        return session.get_one(Alert, alert_id).status


def first_alert(store, event: str) -> int:
    with store.sessions() as session:
        return session.scalars(select(Alert.id).where(Alert.event == event)
                               .order_by(Alert.id)).first()


def test_alerts_json_items_have_exactly_the_design_keys(migrated_db_url, config_path, store_at,
                                                        photos, run):
    market = fill_market(store_at(migrated_db_url, config_path), photos)
    items = alerts(run, market.store)
    assert {a["event"] for a in items} == {"new_offer", "offer_changed", "new_sample",
                                           "sample_reuse"}
    for item in items:
        assert set(item) == ALERT_KEYS
        assert set(item["listing"]) == LISTING_KEYS | EXTRA_KEYS
        assert isinstance(item["details"], dict) and item["summary"]
    changed = next(a for a in items if a["event"] == "offer_changed")
    assert changed["rule"] == "changes" and changed["severity"] == "low"
    assert changed["listing"]["id"] == market.alice_offer


def test_alerts_are_newest_first(market, run):
    found = [a["id"] for a in alerts(run, market.store)]
    assert found == sorted(found, reverse=True) and len(found) == 5


def test_alerts_default_to_open_and_status_filters(market, run):
    store = market.store
    reuse = first_alert(store, "sample_reuse")
    assert run(store, "alert", "ack", str(reuse), "--by", "ana").exit_code == 0
    assert reuse not in [a["id"] for a in alerts(run, store)]
    assert [a["id"] for a in alerts(run, store, "--status", "acked")] == [reuse]
    assert len(alerts(run, store, "--status", "all")) == 5
    assert alerts(run, store, "--status", "resolved") == []


def test_an_unknown_status_is_a_usage_error(market, run):
    result = run(market.store, "alerts", "--status", "closed")
    assert result.exit_code == 2 and "closed" in result.stderr


@pytest.mark.parametrize(
    ("steps", "final"),
    [
        (["ack"], "acked"),
        (["resolve"], "resolved"),
        (["false-positive"], "false_positive"),
        (["ack", "resolve", "reopen"], "open"),
    ],
)
def test_triage_actions_change_the_status(market, run, steps, final):
    alert_id = first_alert(market.store, "new_offer")
    for action in steps:
        result = run(market.store, "alert", action, str(alert_id), "--by", "ana")
        assert result.exit_code == 0, result.stderr
    assert status_of(market.store, alert_id) == final
    assert f"alert {alert_id} is now {final}" in result.stderr


def test_triage_is_recorded_in_the_audit_trail_with_who_and_why(market, run):
    alert_id = first_alert(market.store, "sample_reuse")
    run(market.store, "alert", "ack", str(alert_id), "--by", "ana", "--note", "checking seller")
    run(market.store, "alert", "false-positive", str(alert_id), "--by", "bo",
        "--note", "same stock photo, not a leak")
    trail = [(e.alert_id, e.by, e.action, e.from_status, e.to_status, e.note)
             for e in audit(market.store)]
    assert trail == [
        (alert_id, "ana", "ack", "open", "acked", "checking seller"),
        (alert_id, "bo", "false-positive", "acked", "false_positive",
         "same stock photo, not a leak"),
    ]


def test_an_invalid_transition_is_exit_1_and_changes_nothing(market, run):
    alert_id = first_alert(market.store, "new_offer")
    run(market.store, "alert", "resolve", str(alert_id), "--by", "ana")
    result = run(market.store, "alert", "ack", str(alert_id), "--by", "ana")
    assert result.exit_code == 1
    assert f"alert {alert_id}: cannot ack an alert that is resolved (reopen it first)" \
        in result.stderr
    assert status_of(market.store, alert_id) == "resolved"
    assert len(audit(market.store)) == 1


def test_triage_of_an_unknown_alert_is_exit_1(market, run):
    result = run(market.store, "alert", "ack", "9999", "--by", "ana")
    assert result.exit_code == 1 and "no alert with id 9999" in result.stderr
    assert audit(market.store) == []


def test_alerts_table_counts_on_stderr(market, run):
    result = run(market.store, "alerts")
    assert result.exit_code == 0
    assert "sample_reuse" in result.stdout and "Sample reused by bob" in result.stdout
    assert "5 alerts (open)" in result.stderr

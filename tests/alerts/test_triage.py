"""Triage moves an alert only along allowed paths, and audits every move."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from faceleak.alerts import TriageError, audit_trail, raise_alerts, triage


@pytest.fixture
def alert_id(any_engine, kit):
    with Session(any_engine) as session:
        listing = kit.add_listing(session)
        [alert] = raise_alerts(session, kit.new_change(listing), kit.config(kit.rule()),
                               now=kit.T0)
        session.commit()
        return alert.id


@pytest.fixture
def db(any_engine):
    with Session(any_engine) as session:
        yield session


def step(db, alert_id, action, kit, minutes=1, note=None):
    alert = triage(db, alert_id, action, by="ana", note=note,
                   now=kit.T0 + timedelta(minutes=minutes))
    db.commit()
    return alert.status


def test_ack_then_resolve_then_reopen(db, alert_id, kit):
    assert step(db, alert_id, "ack", kit, 1) == "acked"
    assert step(db, alert_id, "resolve", kit, 2, note="seller banned") == "resolved"
    assert step(db, alert_id, "reopen", kit, 3) == "open"


def test_each_change_leaves_an_audit_entry(db, alert_id, kit):
    step(db, alert_id, "ack", kit, 1)
    step(db, alert_id, "false-positive", kit, 2, note="news article")
    trail = audit_trail(db, alert_id)
    assert [(e.action, e.from_status, e.to_status) for e in trail] == [
        ("ack", "open", "acked"), ("false-positive", "acked", "false_positive")
    ]
    assert [e.by for e in trail] == ["ana", "ana"]
    assert trail[1].note == "news article"
    assert trail[1].at == kit.T0 + timedelta(minutes=2)


def test_acking_a_resolved_alert_is_refused_without_an_audit_entry(db, alert_id, kit):
    step(db, alert_id, "resolve", kit)
    with pytest.raises(TriageError, match="cannot ack an alert that is resolved"):
        triage(db, alert_id, "ack", by="ana", now=kit.T0)
    db.rollback()
    assert len(audit_trail(db, alert_id)) == 1


def test_reopening_an_open_alert_is_refused(db, alert_id, kit):
    with pytest.raises(TriageError, match="cannot reopen an alert that is open"):
        triage(db, alert_id, "reopen", by="ana", now=kit.T0)


def test_unknown_action_names_the_valid_ones(db, alert_id, kit):
    with pytest.raises(TriageError, match="ack, resolve, false-positive, reopen"):
        triage(db, alert_id, "close", by="ana", now=kit.T0)


def test_unknown_alert_is_a_clear_error(db, kit):
    with pytest.raises(TriageError, match="no alert with id 999"):
        triage(db, 999, "ack", by="ana", now=kit.T0)


def test_triage_needs_someone_to_own_it(db, alert_id, kit):
    with pytest.raises(TriageError, match="who"):
        triage(db, alert_id, "ack", by=" ", now=kit.T0)

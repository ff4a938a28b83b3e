"""Alert and outbox rows: written in the caller's transaction, once per thing alerted on."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from faceleak.alerts import raise_alerts
from faceleak.alerts.engine import dedupe_key
from faceleak.store.models import Alert, Base, Delivery, Listing


def test_each_channel_of_the_rule_gets_one_pending_delivery_with_its_own_key(any_engine, kit):
    with Session(any_engine) as session:
        listing = kit.add_listing(session)
        cfg = kit.config(kit.rule(channels=["soc", "mail", "soc"]))
        [alert] = raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        session.commit()
        deliveries = session.scalars(select(Delivery).order_by(Delivery.id)).all()
        alert_id = alert.id
    assert [d.channel for d in deliveries] == ["soc", "mail"]
    assert all(d.status == "pending" and d.attempts == 0 for d in deliveries)
    assert all(d.next_attempt_at == kit.T0 and d.alert_id == alert_id for d in deliveries)
    assert len({d.key for d in deliveries}) == 2 and all(len(d.key) == 32 for d in deliveries)


def test_a_rerun_of_the_same_change_raises_nothing(any_engine, kit):
    cfg = kit.config(kit.rule())
    with Session(any_engine) as session:
        listing = kit.add_listing(session)
        assert len(raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)) == 1
        listing_id = listing.id
        session.commit()
    with Session(any_engine) as session:
        listing = session.get(Listing, listing_id)
        assert raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0) == []
        session.commit()
        assert session.scalar(select(func.count()).select_from(Alert)) == 1
        assert session.scalar(select(func.count()).select_from(Delivery)) == 1


def test_two_rules_on_one_event_each_alert_once(any_engine, kit):
    cfg = kit.config(kit.rule("high-volume", min_photos=1000), kit.rule("all-offers"))
    with Session(any_engine) as session:
        listing = kit.add_listing(session)
        alerts = raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        assert sorted(a.rule for a in alerts) == ["all-offers", "high-volume"]
        assert raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0) == []


def test_alert_rows_vanish_with_the_callers_rollback(any_engine, kit):
    with Session(any_engine) as session:
        listing = kit.add_listing(session)
        session.commit()
        raise_alerts(session, kit.new_change(listing), kit.config(kit.rule()), now=kit.T0)
        session.rollback()
        assert session.scalar(select(func.count()).select_from(Alert)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_dedupe_key_too_long_for_the_column_keeps_a_digest():
    key = dedupe_key("rule", "watchlist_match:" + "w" * 400 + ":1")
    assert len(key) == 255
    assert key != dedupe_key("rule", "watchlist_match:" + "w" * 400 + ":2")


@pytest.mark.postgres
def test_a_concurrent_insert_of_the_same_alert_loses_quietly_and_keeps_its_transaction(
    postgres_url, kit
):
    """Two workers race on one change: the second waits on the unique key, then yields."""
    engine = create_engine(postgres_url)
    Base.metadata.create_all(engine)
    cfg = kit.config(kit.rule())
    first, second = Session(engine), Session(engine)
    try:
        with Session(engine) as setup:
            listing_id = kit.add_listing(setup).id
            setup.commit()
        assert len(raise_alerts(first, kit.new_change(first.get(Listing, listing_id)), cfg,
                                now=kit.T0)) == 1  # flushed, not committed: key held
        result: dict[str, object] = {}

        def race() -> None:
            change = kit.new_change(second.get(Listing, listing_id))
            result["alerts"] = raise_alerts(second, change, cfg, now=kit.T0)
            second.execute(text("UPDATE listings SET title = 'still mine' WHERE id = :i"),
                           {"i": listing_id})
            second.commit()

        thread = threading.Thread(target=race)
        thread.start()
        with engine.connect() as probe:  # wait until the second insert blocks on the key
            for _ in range(200):
                waiting = probe.execute(
                    text("SELECT count(*) FROM pg_locks WHERE NOT granted")
                ).scalar()
                if waiting:
                    break
                time.sleep(0.05)
        first.commit()
        thread.join(timeout=30)
        assert result["alerts"] == []
        with Session(engine) as check:
            assert check.scalar(select(func.count()).select_from(Alert)) == 1
            assert check.get(Listing, listing_id).title == "still mine"
    finally:
        first.close()
        second.close()
        engine.dispose()

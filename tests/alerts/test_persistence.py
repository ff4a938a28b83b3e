"""Deliveries that persist: a receiver down for 48 hours (clock injected) gets every alert
afterwards, once; Retry-After and 425 are honoured; refusals stay visible as failed."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.store.models import Delivery


def seed(factory, kit, receiver, count=3, **delivery):
    cfg = kit.config(kit.rule(channels=["soc"]), channels=[kit.webhook_channel(receiver.url)],
                     **delivery)
    cfg.delivery.max_age = timedelta(days=3)
    cfg.delivery.max_attempts = None
    cfg.delivery.backoff_max_s = 900
    with factory() as session:
        for n in range(count):
            listing = kit.add_listing(session, url=f"https://t.me/s/example/{n}")
            raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        session.commit()
    return cfg


def rows(factory) -> list[Delivery]:
    with factory() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def test_a_receiver_down_for_48_hours_gets_every_alert_afterwards_once(any_engine, kit,
                                                                       receiver):
    factory = sessionmaker(any_engine, expire_on_commit=False)
    cfg = seed(factory, kit, receiver)
    receiver.default_status = 503
    now = kit.T0
    while now < kit.T0 + timedelta(hours=48):  # a delivery run every 5 minutes
        report = deliver_pending(factory, cfg, now=now)
        assert report.sent == 0 and report.failed == 0
        now += timedelta(minutes=5)
    tries = len(receiver.received)
    assert 3 * 48 * 60 / 15 * 0.9 <= tries <= 3 * 48 * 60 / 5  # capped at 15 min, not an hour
    assert all(d.status == "pending" for d in rows(factory))
    receiver.default_status = 200
    for _ in range(3):  # every delivery is due within one capped backoff
        deliver_pending(factory, cfg, now=now)
        now += timedelta(minutes=5)
    assert all(d.status == "sent" for d in rows(factory))
    accepted = Counter(key for key, status in receiver.answered if status == 200)
    assert sorted(accepted) == sorted(d.key for d in rows(factory))
    assert set(accepted.values()) == {1}  # each delivery id accepted exactly once


def test_a_receiver_down_past_max_age_leaves_failed_visible_deliveries(factory, kit, receiver):
    cfg = seed(factory, kit, receiver, count=1)
    cfg.delivery.max_age = timedelta(hours=2)
    receiver.default_status = 502
    now, tried_at = kit.T0, []
    while now <= kit.T0 + timedelta(hours=3):
        before = len(receiver.received)
        deliver_pending(factory, cfg, now=now)
        if len(receiver.received) > before:
            tried_at.append(now)
        now += timedelta(minutes=5)
    [delivery] = rows(factory)
    assert delivery.status == "failed" and delivery.last_status == 502
    assert "delivery.max_age" in delivery.last_error
    assert tried_at[-1] == kit.T0 + timedelta(hours=2)  # the last try fell on the deadline


def test_retry_after_is_honoured(factory, kit, receiver):
    cfg = seed(factory, kit, receiver, count=1)
    receiver.statuses.extend([429])
    receiver.retry_after = "3600"
    deliver_pending(factory, cfg, now=kit.T0, rand=lambda: 0.0)
    [delivery] = rows(factory)
    assert delivery.next_attempt_at == kit.T0 + timedelta(hours=1)
    assert deliver_pending(factory, cfg, now=kit.T0 + timedelta(minutes=59)).sent == 0
    assert deliver_pending(factory, cfg, now=kit.T0 + timedelta(hours=1)).sent == 1


def test_425_too_early_is_retried(factory, kit, receiver):
    cfg = seed(factory, kit, receiver, count=1)
    receiver.statuses.extend([425])
    assert deliver_pending(factory, cfg, now=kit.T0).retried == 1
    [delivery] = rows(factory)
    assert delivery.status == "pending" and delivery.last_status == 425
    assert deliver_pending(factory, cfg, now=kit.T0 + timedelta(hours=1)).sent == 1


def test_a_403_is_failed_for_good_and_keeps_the_receivers_answer(factory, kit, receiver):
    cfg = seed(factory, kit, receiver, count=1)
    receiver.statuses.extend([403])
    assert deliver_pending(factory, cfg, now=kit.T0).failed == 1
    [delivery] = rows(factory)
    assert (delivery.status, delivery.last_status) == ("failed", 403)
    assert delivery.last_error == "403 HTTP 403: status 403"
    assert deliver_pending(factory, cfg, now=kit.T0 + timedelta(days=1)).failed == 0

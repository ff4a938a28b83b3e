"""The outbox worker: at least once, one commit per delivery, retries with backoff."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.alerts.channels import Channel, SendResult
from faceleak.alerts.delivery import backoff_delay, claim_due
from faceleak.store.models import Base, Delivery


class Scripted(Channel):
    """A channel (of no registered kind) that answers from a script and records each send."""

    def __init__(self, name: str = "term", *answers: SendResult | BaseException) -> None:
        super().__init__(SimpleNamespace(name=name))
        self.answers = list(answers)
        self.sent: list[tuple[int, str]] = []

    def send(self, alert, delivery_key):
        self.sent.append((alert.id, delivery_key))
        answer = self.answers.pop(0) if self.answers else SendResult.sent(200)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def seed(factory, kit, count: int = 1, channels=("term",)):
    cfg = kit.config(kit.rule(channels=list(channels)))
    with factory() as session:
        for n in range(count):
            listing = kit.add_listing(session, url=f"https://t.me/s/example/{n}")
            raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        session.commit()
    return cfg


def deliveries(factory) -> list[Delivery]:
    with factory() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


@pytest.fixture
def any_factory(any_engine):
    return sessionmaker(any_engine, expire_on_commit=False)


def test_committed_outbox_is_delivered_by_a_fresh_process(db_url, kit):
    first = create_engine(db_url)
    Base.metadata.create_all(first)
    cfg = seed(sessionmaker(first), kit, count=2)
    first.dispose()  # the crawler is gone; only the database remains
    fresh = create_engine(db_url)
    try:
        channel = Scripted()
        report = deliver_pending(sessionmaker(fresh), cfg, now=kit.T0, channels={"term": channel})
        assert report.sent == 2 and len(channel.sent) == 2
        assert [d.status for d in deliveries(sessionmaker(fresh))] == ["sent", "sent"]
    finally:
        fresh.dispose()


def test_a_crash_mid_batch_keeps_what_was_sent_and_resends_only_the_one_in_flight(
    any_factory, kit
):
    cfg = seed(any_factory, kit, count=3)
    crashing = Scripted("term", SendResult.sent(200), KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        deliver_pending(any_factory, cfg, now=kit.T0, channels={"term": crashing})
    assert [d.status for d in deliveries(any_factory)] == ["sent", "pending", "pending"]
    after = Scripted()
    report = deliver_pending(any_factory, cfg, now=kit.T0 + timedelta(minutes=11),
                             channels={"term": after})
    assert report.sent == 2
    in_flight_key = crashing.sent[1][1]
    assert in_flight_key in [key for _, key in after.sent]  # same key: receivers can dedupe
    assert crashing.sent[0] not in after.sent


def test_retryable_failures_give_up_after_max_attempts(factory, kit):
    cfg = seed(factory, kit)
    cfg.delivery.max_attempts = 3
    flaky = Scripted("term", *[SendResult.retry("HTTP 503", 503)] * 3)
    outcomes = [deliver_pending(factory, cfg, now=kit.T0 + timedelta(days=i),
                                channels={"term": flaky}) for i in range(4)]
    [delivery] = deliveries(factory)
    assert [(o.retried, o.failed) for o in outcomes] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    assert delivery.status == "failed" and delivery.attempts == 3
    assert delivery.last_error == "503 HTTP 503 (gave up after 3 attempts)"


def test_delivery_to_a_channel_no_longer_configured_fails_clearly(factory, kit):
    cfg = seed(factory, kit, channels=("old-soc",))
    report = deliver_pending(factory, cfg, now=kit.T0)
    [delivery] = deliveries(factory)
    assert report.failed == 1
    assert delivery.status == "failed"
    assert delivery.last_error == "channel 'old-soc' is not in the config (channels: term)"


def test_a_channel_that_raises_is_retried_and_others_still_go_out(factory, kit):
    cfg = seed(factory, kit, count=2)
    buggy = Scripted("term", RuntimeError("boom"))
    report = deliver_pending(factory, cfg, now=kit.T0, channels={"term": buggy})
    first, second = deliveries(factory)
    assert (report.retried, report.sent) == (1, 1)
    assert first.status == "pending" and "RuntimeError: boom" in first.last_error
    assert second.status == "sent"


def test_each_delivery_is_tried_once_per_run_even_if_due_again(factory, kit):
    cfg = seed(factory, kit)
    cfg.delivery.backoff_base_s = 0.0001
    flaky = Scripted("term", *[SendResult.retry("down")] * 5)
    report = deliver_pending(factory, cfg, now=kit.T0 + timedelta(days=1),
                             channels={"term": flaky}, rand=lambda: 0.0)
    assert report.retried == 1 and len(flaky.sent) == 1


def test_limit_bounds_one_run(factory, kit):
    cfg = seed(factory, kit, count=3)
    report = deliver_pending(factory, cfg, now=kit.T0, limit=2, channels={"term": Scripted()})
    assert report.sent == 2
    assert [d.status for d in deliveries(factory)].count("pending") == 1


def test_deliveries_not_yet_due_wait(factory, kit):
    cfg = seed(factory, kit)
    report = deliver_pending(factory, cfg, now=kit.T0 - timedelta(seconds=1),
                             channels={"term": Scripted()})
    assert (report.sent, report.retried, report.failed) == (0, 0, 0)


def test_backoff_doubles_with_jitter_and_is_capped():
    assert backoff_delay(1, 30, 3600, rand=lambda: 0.0) == 15
    assert backoff_delay(1, 30, 3600, rand=lambda: 1.0) == 30
    assert backoff_delay(3, 30, 3600, rand=lambda: 1.0) == 120
    assert backoff_delay(20, 30, 3600, rand=lambda: 1.0) == 3600
    assert 1800 <= backoff_delay(20, 30, 3600) <= 3600


@pytest.mark.postgres
def test_skip_locked_claims_give_two_workers_disjoint_rows(postgres_url, kit):
    engine = create_engine(postgres_url)
    Base.metadata.create_all(engine)
    try:
        seed(sessionmaker(engine), kit, count=4)
        with Session(engine) as one, Session(engine) as two:
            mine = claim_due(one, now=kit.T0, limit=3)
            theirs = claim_due(two, now=kit.T0, limit=3)
            assert len(mine) == 3 and len(theirs) == 1
            assert not {d.id for d in mine} & {d.id for d in theirs}
            one.rollback()  # a worker that dies releases its rows
            released = {d.id for d in claim_due(two, now=kit.T0, limit=10)}
            assert {d.id for d in mine} <= released
    finally:
        engine.dispose()


def test_sqlite_claims_are_leases_another_worker_cannot_take(factory, kit):
    seed(factory, kit, count=2)
    with factory() as one:
        mine = claim_due(one, now=kit.T0, limit=1)
        one.commit()
    with factory() as two:
        theirs = claim_due(two, now=kit.T0, limit=5)
        two.commit()
    assert len(mine) == 1 and len(theirs) == 1 and mine[0].id != theirs[0].id

"""`crawl` drains the outbox bounded by time, not by a count, and says what remains."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from faceleak.alerts import raise_alerts
from faceleak.passes import drain_outbox
from faceleak.store.models import Delivery


def seed(factory, kit, count):
    cfg = kit.config(kit.rule(channels=["term"]))
    cfg.delivery.crawl_drain_s = 120
    with factory() as session:
        for n in range(count):
            listing = kit.add_listing(session, url=f"https://t.me/s/example/{n}")
            raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        session.commit()
    return cfg


def sent(factory) -> int:
    with factory() as session:
        return session.scalar(select(func.count()).where(Delivery.status == "sent"))


def test_more_than_a_hundred_alerts_all_go_out_in_one_drain(any_engine, kit, capsys):
    factory = sessionmaker(any_engine, expire_on_commit=False)
    cfg = seed(factory, kit, 250)
    report, remaining = drain_outbox(factory, cfg, clock=lambda: 0.0)  # time never runs out
    assert (report.sent, remaining, sent(factory)) == (250, 0, 250)
    assert capsys.readouterr().err.count("new_offer") == 250


def test_when_the_time_runs_out_the_drain_says_how_many_remain(factory, kit, capsys):
    cfg = seed(factory, kit, 30)
    ticks = iter(range(0, 10_000, 10))  # each delivery takes "10 s" of a 120 s budget
    report, remaining = drain_outbox(factory, cfg, clock=lambda: next(ticks))
    assert report.sent == 11 and remaining == 19  # checked at 10, 20, ... 110 s
    report, remaining = drain_outbox(factory, cfg, clock=lambda: 0.0)
    assert (report.sent, remaining) == (19, 0)

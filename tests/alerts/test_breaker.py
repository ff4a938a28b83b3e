"""The per-channel circuit breaker: a dead receiver does not hold the live ones."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.alerts.breaker import CircuitBreaker
from faceleak.store.models import Delivery


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_circuit_opens_after_failures_in_a_row_and_half_opens_after_cooldown():
    clock = Clock()
    breaker = CircuitBreaker(failures=2, cooldown_s=60, max_cooldown_s=900, clock=clock)
    breaker.failure(("soc", ""))
    assert not breaker.is_open(("soc", ""))
    breaker.failure(("soc", ""))
    assert breaker.open_receivers() == {("soc", "")}
    clock.now = 61
    assert not breaker.is_open(("soc", ""))  # half-open: one try
    breaker.failure(("soc", ""))
    assert breaker.is_open(("soc", ""))
    clock.now = 61 + 119
    assert breaker.is_open(("soc", ""))  # the cooldown doubled
    clock.now = 61 + 121
    breaker.success(("soc", ""))
    assert breaker.open_receivers() == set()


def test_a_hanging_receiver_costs_one_timeout_and_the_live_one_gets_everything(
    factory, kit, receiver
):
    """One dead receiver (it hangs) beside a live one: every alert reaches the live one in
    the same delivery run, and the dead one is tried once, not once per alert."""
    import socket

    hang = socket.socket()
    hang.bind(("127.0.0.1", 0))
    hang.listen(16)  # accepts connections, never answers
    try:
        dead = kit.webhook_channel(f"http://127.0.0.1:{hang.getsockname()[1]}/h", name="dead",
                                   timeout_s=0.5)
        live = kit.webhook_channel(receiver.url, name="live")
        cfg = kit.config(kit.rule(channels=["dead", "live"]), channels=[dead, live])
        with factory() as session:
            for n in range(5):
                listing = kit.add_listing(session, url=f"https://t.me/s/example/{n}")
                raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
            session.commit()
        report = deliver_pending(factory, cfg, now=kit.T0)
        assert report.sent == 5 and report.retried == 1
        assert report.skipped == {("dead", "")}
        assert len(receiver.received) == 5
        with factory() as session:
            pending = session.scalars(select(Delivery).where(Delivery.status == "pending"))
            assert {d.channel for d in pending} == {"dead"}
    finally:
        hang.close()


def test_an_open_circuit_leaves_the_channel_untouched_until_its_cooldown(factory, kit, receiver):
    clock = Clock()
    breaker = CircuitBreaker(failures=1, cooldown_s=60, clock=clock)
    cfg = kit.config(kit.rule(channels=["soc"]), channels=[kit.webhook_channel(receiver.url)])
    with factory() as session:
        raise_alerts(session, kit.new_change(kit.add_listing(session)), cfg, now=kit.T0)
        session.commit()
    breaker.failure(("soc", ""))
    assert deliver_pending(factory, cfg, now=kit.T0, breaker=breaker).sent == 0
    assert receiver.received == []
    clock.now = 61
    assert deliver_pending(factory, cfg, now=kit.T0, breaker=breaker).sent == 1


def test_delivery_stops_when_its_time_is_up(factory, kit):
    """``until`` bounds a run by a (here injected) clock, not by a count."""
    ticks = iter(range(100))
    cfg = kit.config(kit.rule(channels=["term"]))
    with factory() as session:
        for n in range(5):
            listing = kit.add_listing(session, url=f"https://t.me/s/example/{n}")
            raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        session.commit()
    stream = SimpleNamespace(write=lambda _: None, flush=lambda: None)
    from faceleak.alerts.channels.console import ConsoleChannel

    channel = ConsoleChannel(kit.console_channel(), stream=stream)
    report = deliver_pending(factory, cfg, now=kit.T0, limit=None, until=3,
                             clock=lambda: next(ticks), channels={"term": channel})
    assert report.sent == 3

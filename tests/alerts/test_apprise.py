"""The apprise channel, through Apprise's ``json://`` service, to a real local HTTP server."""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.alerts.targets import apprise_label
from faceleak.store.models import Delivery


def setup_alert(factory, kit, urls):
    cfg = kit.config(kit.rule(channels=["chat"]),
                     channels=[SimpleNamespace(name="chat", kind="apprise", urls=urls)])
    with factory() as session:
        raise_alerts(session, kit.new_change(kit.add_listing(session)), cfg, now=kit.T0)
        session.commit()
    return cfg


def test_apprise_notifies_with_title_and_body(factory, kit, receiver):
    cfg = setup_alert(factory, kit, [f"json://127.0.0.1:{receiver.port}/notify"])
    report = deliver_pending(factory, cfg, now=kit.T0)
    [request] = receiver.received
    payload = json.loads(request.body)
    assert report.sent == 1
    assert request.path == "/notify"
    assert payload["title"] == "[faceleak] high new_offer"
    assert "New offer on tg-market" in payload["message"]
    assert "https://t.me/s/example/1" in payload["message"]


def test_apprise_failed_notification_is_retried(factory, kit, receiver):
    receiver.statuses.extend([500])
    cfg = setup_alert(factory, kit, [f"json://127.0.0.1:{receiver.port}/notify"])
    report = deliver_pending(factory, cfg, now=kit.T0)
    with factory() as session:
        delivery = session.scalars(select(Delivery)).one()
    assert report.retried == 1 and delivery.status == "pending"


def test_apprise_with_no_usable_url_is_a_permanent_failure(factory, kit):
    cfg = setup_alert(factory, kit, ["no-such-scheme://whatever"])
    report = deliver_pending(factory, cfg, now=kit.T0)
    with factory() as session:
        delivery = session.scalars(select(Delivery)).one()
    assert report.failed == 1 and "none of the channel's URLs" in delivery.last_error


def test_one_delivery_per_apprise_url_so_a_dead_one_does_not_duplicate_the_others(
    factory, kit, receiver
):
    live = f"json://127.0.0.1:{receiver.port}/live"
    dead = "json://127.0.0.1:9/dead"  # connection refused
    cfg = setup_alert(factory, kit, [dead, live])
    first = deliver_pending(factory, cfg, now=kit.T0)
    with factory() as session:
        rows = {d.target: d for d in session.scalars(select(Delivery))}
    assert set(rows) == {apprise_label(dead), apprise_label(live)}
    assert all("127.0.0.1" not in target for target in rows)  # labels, not URLs with tokens
    assert rows[apprise_label(live)].status == "sent"
    assert rows[apprise_label(dead)].status == "pending"
    assert (first.sent, first.retried) == (1, 1)
    deliver_pending(factory, cfg, now=kit.T0 + timedelta(hours=1))
    assert [r.path for r in receiver.received] == ["/live"]  # never re-notified


def test_apprise_sends_text_so_html_services_get_scraped_markup_escaped(factory, kit,
                                                                         receiver):
    cfg = kit.config(kit.rule(channels=["chat"]), channels=[SimpleNamespace(
        name="chat", kind="apprise",
        urls=[f"json://127.0.0.1:{receiver.port}/notify?format=html"])])
    with factory() as session:
        listing = kit.add_listing(session, source="x<script>alert(1)</script>",
                                  url="https://t.me/s/example/1?<b>")
        raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
        session.commit()
    assert deliver_pending(factory, cfg, now=kit.T0).sent == 1
    message = json.loads(receiver.received[0].body)["message"]
    assert "<script>" not in message and "&lt;script&gt;" in message

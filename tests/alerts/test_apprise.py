"""The apprise channel, through Apprise's ``json://`` service, to a real local HTTP server."""

from __future__ import annotations

import json
from types import SimpleNamespace

from sqlalchemy import select

from faceleak.alerts import deliver_pending, raise_alerts
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

"""The alerts with the real neighbours: config models from YAML, the store's engine and
``record_listing``, end to end up to a webhook receiver."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.alerts.channels import CHANNELS, Channel, SendResult
from faceleak.alerts.events import EVENTS as REGISTERED_EVENTS
from faceleak.config import CHANNEL_KINDS, EVENTS, load_config_text
from faceleak.store import make_engine, record_listing, session_factory, upgrade
from faceleak.store.changes import ImageObservation, ListingObservation
from faceleak.store.models import Alert, Delivery

CONFIG = """
alerts:
  channels:
    - {{name: soc, kind: webhook, url: "{url}", secret_env: TEST_HOOK_SECRET, timeout_s: 5}}
    - {{name: term, kind: console}}
  rules:
    - name: new-offers
      event: new_offer
      severity: high
      channels: [soc, term]
      min_photos: 1000
    - {{name: small-offers, event: new_offer, severity: low, channels: [term], min_score: 0.99}}
    - {{name: reuse, event: sample_reuse, severity: medium, channels: [soc]}}
delivery: {{max_attempts: 2, backoff_base_s: 1, backoff_max_s: 5}}
"""


def observation(text: str = "出售人脸照片 2.4万张 3000元", **kw) -> ListingObservation:
    values = dict(
        source="tg-market", source_kind="telegram", url="https://t.me/s/example/7", text=text,
        seller="seller1", is_offer=True, offer_score=0.95, data_types=("face_photo",),
        photo_count=24000,
        price={"amount": 3000.0, "currency": "CNY", "per": "bundle", "usd": 425.0},
        images=(ImageObservation(url="https://cdn.example/1.jpg", sha256="ab" * 32,
                                 width=64, height=64, format="JPEG", faces=1,
                                 hash=bytes(8), hash_mirror=bytes(8)),),
    )
    values.update(kw)
    return ListingObservation(**values)


@pytest.fixture
def store(migrated_db_url):
    engine = make_engine(migrated_db_url)
    try:
        yield session_factory(engine)
    finally:
        engine.dispose()


def test_config_and_alerts_agree_on_events_and_channel_kinds():
    assert set(EVENTS) == set(REGISTERED_EVENTS)
    assert set(CHANNEL_KINDS) == set(CHANNELS)


def test_recorded_listing_alerts_once_and_reaches_the_webhook(store, receiver, kit,
                                                              monkeypatch):
    monkeypatch.setenv("TEST_HOOK_SECRET", "s3cret")
    config = load_config_text(CONFIG.format(url=receiver.url))
    for _ in range(2):  # the second crawl pass of the same post is quiet
        with store() as session:
            change = record_listing(session, observation(), now=kit.T0, match_radius=8)
            raise_alerts(session, change, config, now=kit.T0)
            session.commit()
    with store() as session:
        assert session.scalars(select(Alert.rule)).all() == ["new-offers"]
        assert session.scalar(select(func.count()).select_from(Delivery)) == 2
    report = deliver_pending(store, config, now=kit.T0)
    [request] = receiver.received
    body = json.loads(request.body)
    assert (report.sent, report.failed) == (2, 0)
    assert body["rule"] == "new-offers" and body["listing"]["seller"] == "seller1"
    assert body["listing"]["images"][0]["sha256"] == "ab" * 32
    assert request.headers["X-Faceleak-Signature"].startswith("sha256=")


def test_an_edited_price_raises_offer_changed_with_before_and_after(store, kit):
    config = load_config_text(
        "alerts:\n  rules:\n    - {name: changes, event: offer_changed, severity: low}\n"
    )
    with store() as session:
        record_listing(session, observation(), now=kit.T0, match_radius=8)
        session.commit()
    edited = observation(text="出售人脸照片 2.4万张 2500元",
                         price={"amount": 2500.0, "currency": "CNY", "per": "bundle",
                                "usd": 354.0})
    with store() as session:
        change = record_listing(session, edited, now=kit.T0 + timedelta(hours=1), match_radius=8)
        [alert] = raise_alerts(session, change, config, now=kit.T0)
        session.commit()
        assert "price" in alert.details["changed"]
        assert alert.details["before"]["price"]["amount"] == 3000.0
        assert alert.details["after"]["price"]["amount"] == 2500.0


class _WritesMeanwhile(Channel):
    """While 'sending', another process writes to the SQLite file with a short timeout."""

    def __init__(self, path: str) -> None:
        super().__init__(SimpleNamespace(name="term"))
        self.path = path
        self.wrote = False

    def send(self, alert, delivery_key):
        other = sqlite3.connect(self.path, timeout=0.5)
        try:
            other.execute("INSERT INTO sources (name, kind, created_at) "
                          "VALUES ('other', 'html', '2026-01-01 00:00:00.000000')")
            other.commit()
            self.wrote = True
        finally:
            other.close()
        return SendResult.sent()


def test_sqlite_delivery_holds_no_write_lock_while_sending(tmp_path, kit):
    path = tmp_path / "faceleak.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    try:
        factory = session_factory(engine)
        config = load_config_text(
            "alerts:\n  channels: [{name: term, kind: console}]\n"
            "  rules: [{name: r, event: new_offer, channels: [term]}]\n"
        )
        with factory() as session:
            change = record_listing(session, observation(), now=kit.T0, match_radius=8)
            raise_alerts(session, change, config, now=kit.T0)
            session.commit()
        channel = _WritesMeanwhile(str(path))
        report = deliver_pending(factory, config, now=kit.T0, channels={"term": channel})
        assert channel.wrote and report.sent == 1
    finally:
        engine.dispose()

"""The webhook channel against a real HTTP server on 127.0.0.1 (DESIGN 4.3)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.alerts.channels import AlertMessage
from faceleak.alerts.channels.webhook import WebhookChannel, judge
from faceleak.store.models import Delivery
from faceleak.store.serialize import alert_json

LATER = timedelta(hours=2)  # past any backoff (capped at 3600 s in these tests)


@pytest.fixture
def hooked(factory, kit, receiver):
    """One new-offer alert with one pending webhook delivery to the receiver."""

    def make(**channel_kw):
        cfg = kit.config(kit.rule(channels=["soc"]),
                         channels=[kit.webhook_channel(receiver.url, **channel_kw)])
        with factory() as session:
            listing = kit.add_listing(session, title="Лица 🙂 人脸")
            [alert] = raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
            session.commit()
            expected = alert_json(alert)
        return cfg, expected

    return make


def the_delivery(factory) -> Delivery:
    with factory() as session:
        return session.scalars(select(Delivery)).one()


def test_webhook_posts_the_alert_json_with_its_headers(factory, hooked, receiver, kit):
    cfg, expected = hooked()
    report = deliver_pending(factory, cfg, now=kit.T0)
    [request] = receiver.received
    delivery = the_delivery(factory)
    assert (report.sent, delivery.status, delivery.delivered_at) == (1, "sent", kit.T0)
    assert json.loads(request.body.decode("utf-8")) == expected
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Faceleak-Delivery"] == delivery.key
    assert "X-Faceleak-Signature" not in request.headers


def test_webhook_signature_is_hmac_sha256_of_the_raw_body(factory, hooked, receiver, kit,
                                                          monkeypatch):
    monkeypatch.setenv("TEST_HOOK_SECRET", "s3cret")
    cfg, _ = hooked(secret_env="TEST_HOOK_SECRET")
    deliver_pending(factory, cfg, now=kit.T0)
    [request] = receiver.received
    digest = hmac.new(b"s3cret", request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Faceleak-Signature"] == f"sha256={digest}"


def test_webhook_retry_repeats_the_same_delivery_key_and_ends_sent(factory, hooked, receiver,
                                                                  kit):
    cfg, _ = hooked()
    receiver.statuses.extend([500])
    first = deliver_pending(factory, cfg, now=kit.T0)
    after_first = the_delivery(factory)
    second = deliver_pending(factory, cfg, now=kit.T0 + LATER)
    delivery = the_delivery(factory)
    assert (first.retried, second.sent) == (1, 1)
    assert after_first.status == "pending" and after_first.next_attempt_at > kit.T0
    assert "500" in after_first.last_error
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, None)
    keys = [r.headers["X-Faceleak-Delivery"] for r in receiver.received]
    assert keys == [delivery.key, delivery.key]


def test_webhook_retry_waits_for_its_backoff(factory, hooked, receiver, kit):
    cfg, _ = hooked()
    receiver.statuses.extend([503])
    deliver_pending(factory, cfg, now=kit.T0)
    report = deliver_pending(factory, cfg, now=kit.T0 + timedelta(seconds=1))
    assert (report.sent, report.retried, len(receiver.received)) == (0, 0, 1)


def test_webhook_404_is_a_permanent_failure_not_a_success(factory, hooked, receiver, kit):
    cfg, _ = hooked()
    receiver.statuses.extend([404])
    report = deliver_pending(factory, cfg, now=kit.T0)
    delivery = the_delivery(factory)
    assert (report.sent, report.failed) == (0, 1)
    assert delivery.status == "failed" and delivery.delivered_at is None
    assert delivery.last_error.startswith("404 HTTP 404")
    assert deliver_pending(factory, cfg, now=kit.T0 + LATER).failed == 0  # not tried again


def test_webhook_slow_server_times_out_and_is_retried(factory, hooked, receiver, kit):
    cfg, _ = hooked(timeout_s=0.2)
    receiver.delay = 1.0
    report = deliver_pending(factory, cfg, now=kit.T0)
    delivery = the_delivery(factory)
    assert report.retried == 1
    assert delivery.status == "pending" and "timed out" in delivery.last_error


def test_webhook_refused_connection_is_retried(factory, kit):
    cfg = kit.config(kit.rule(channels=["soc"]),
                     channels=[kit.webhook_channel("http://127.0.0.1:9/hook", timeout_s=1)])
    with factory() as session:
        raise_alerts(session, kit.new_change(kit.add_listing(session)), cfg, now=kit.T0)
        session.commit()
    report = deliver_pending(factory, cfg, now=kit.T0)
    assert report.retried == 1
    assert "connection failed" in the_delivery(factory).last_error


def test_webhook_redirect_is_not_followed_and_fails(factory, hooked, receiver, kit):
    cfg, _ = hooked()
    receiver.statuses.extend([302])
    report = deliver_pending(factory, cfg, now=kit.T0)
    assert report.failed == 1 and len(receiver.received) == 1


@pytest.mark.parametrize(
    ("status", "ok", "retryable"),
    [(200, True, False), (204, True, False), (408, False, True), (429, False, True),
     (425, False, True), (500, False, True), (503, False, True), (400, False, False),
     (401, False, False),
     (410, False, False)],
)
def test_webhook_status_policy(status, ok, retryable):
    result = judge(status)
    assert (result.ok, result.retryable, result.status) == (ok, retryable, status)


def test_webhook_bad_url_is_a_permanent_failure(session, kit):
    listing = kit.add_listing(session)
    [alert] = raise_alerts(session, kit.new_change(listing), kit.config(kit.rule()), now=kit.T0)
    message = AlertMessage.from_alert(alert)
    result = WebhookChannel(kit.webhook_channel("nonsense-url")).send(message, "k")
    assert not result.ok and not result.retryable


def test_webhook_refuses_non_http_urls(session, kit):
    listing = kit.add_listing(session)
    [alert] = raise_alerts(session, kit.new_change(listing), kit.config(kit.rule()), now=kit.T0)
    channel = WebhookChannel(kit.webhook_channel("file:///etc/passwd"))
    result = channel.send(AlertMessage.from_alert(alert), "k")
    assert not result.ok and not result.retryable and "http(s)" in result.detail


def test_webhook_error_detail_quotes_the_receivers_answer(factory, hooked, receiver, kit):
    cfg, _ = hooked()
    receiver.statuses.extend([422])
    deliver_pending(factory, cfg, now=kit.T0)
    assert the_delivery(factory).last_error == "422 HTTP 422: status 422"


def test_webhook_v2_signature_binds_the_body_to_its_timestamp(factory, kit, receiver,
                                                              monkeypatch):
    from faceleak.alerts.channels.webhook import signature_v2

    monkeypatch.setenv("TEST_HOOK_SECRET", "s3cret")
    cfg = kit.config(kit.rule(channels=["soc"]),
                     channels=[kit.webhook_channel(receiver.url, secret_env="TEST_HOOK_SECRET")])
    with factory() as session:
        raise_alerts(session, kit.new_change(kit.add_listing(session)), cfg, now=kit.T0)
        session.commit()
    channel = WebhookChannel(cfg.alerts.channels[0], clock=lambda: 1_790_000_000.7)
    deliver_pending(factory, cfg, now=kit.T0, channels={"soc": channel})
    [request] = receiver.received
    assert request.headers["X-Faceleak-Timestamp"] == "1790000000"
    signed = b"1790000000." + request.body
    digest = hmac.new(b"s3cret", signed, hashlib.sha256).hexdigest()
    assert request.headers["X-Faceleak-Signature-V2"] == f"t=1790000000,sha256={digest}"
    assert signature_v2("s3cret", 1790000000, request.body) == f"t=1790000000,sha256={digest}"
    old = hmac.new(b"s3cret", request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Faceleak-Signature"] == f"sha256={old}"  # kept as it was


def test_webhook_with_its_secret_unset_is_not_sent_unsigned(factory, hooked, receiver, kit,
                                                            monkeypatch):
    monkeypatch.delenv("TEST_HOOK_SECRET", raising=False)
    cfg, _ = hooked(secret_env="TEST_HOOK_SECRET")
    report = deliver_pending(factory, cfg, now=kit.T0)
    delivery = the_delivery(factory)
    assert report.retried == 1 and receiver.received == []
    assert delivery.status == "pending" and "$TEST_HOOK_SECRET is not set" in delivery.last_error
    monkeypatch.setenv("TEST_HOOK_SECRET", "now-set")
    assert deliver_pending(factory, cfg, now=kit.T0 + LATER).sent == 1
    assert "X-Faceleak-Signature-V2" in receiver.received[0].headers


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("120", 120.0), ("Wed, 28 Nov 2026 13:00:00 GMT", 3600.0), ("soon", None), (None, None)],
)
def test_retry_after_parsing(value, seconds):
    from datetime import UTC, datetime

    from faceleak.alerts.channels.webhook import retry_after_seconds

    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(value, now) == seconds

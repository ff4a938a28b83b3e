"""The email channel against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from email import message_from_bytes
from email.message import Message
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from faceleak.alerts import deliver_pending, raise_alerts
from faceleak.store.models import Delivery

aiosmtpd_controller = pytest.importorskip("aiosmtpd.controller")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """Accepts every mail, unless told to refuse recipients with a given SMTP answer."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        self.refuse_rcpt: str | None = None
        self.refuse: dict[str, str] = {}  # one recipient's answer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt:
            return self.refuse_rcpt
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted"


def authenticator(logins: list[tuple[str, str]]):
    from aiosmtpd.smtp import AuthResult, LoginPassword

    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login = (auth_data.login.decode(), auth_data.password.decode())
            logins.append(login)
            return AuthResult(success=login == ("faceleak", "pa55"))
        return AuthResult(success=False, handled=False)

    return check


@pytest.fixture
def smtp():
    inbox = Inbox()
    logins: list[tuple[str, str]] = []
    controller = aiosmtpd_controller.Controller(
        inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator(logins),
        auth_require_tls=False,  # loopback test server only; real servers get starttls/ssl
    )
    controller.start()
    try:
        yield SimpleNamespace(inbox=inbox, host="127.0.0.1", port=controller.port, logins=logins)
    finally:
        controller.stop()


def mail_channel(smtp, **kw) -> SimpleNamespace:
    values = dict(name="mail", kind="email", to=["analyst@example.org", "soc@example.org"],
                  smtp_host=smtp.host, smtp_port=smtp.port, starttls=False, ssl=False,
                  username_env=None, password_env=None, sender="faceleak@example.org",
                  timeout_s=5)
    values.update(kw)
    return SimpleNamespace(**values)


@pytest.fixture
def mailed(factory, kit, smtp):
    def make(**channel_kw):
        cfg = kit.config(kit.rule("new-offers", channels=["mail"]),
                         channels=[mail_channel(smtp, **channel_kw)])
        with factory() as session:
            listing = kit.add_listing(session, seller="seller\x1b[31m1")
            raise_alerts(session, kit.new_change(listing), cfg, now=kit.T0)
            session.commit()
        return cfg

    return make


def test_email_arrives_with_subject_body_and_the_json_attached(factory, mailed, smtp, kit):
    report = deliver_pending(factory, mailed(), now=kit.T0)
    [(rcpts, message), (other_rcpts, other)] = smtp.inbox.messages
    assert report.sent == 2  # one delivery per recipient, each with its own key
    assert (rcpts, other_rcpts) == (["analyst@example.org"], ["soc@example.org"])
    assert message["To"] == "analyst@example.org"
    assert message["Subject"].startswith("[faceleak] high new_offer: New offer on tg-market")
    assert message["From"] == "faceleak@example.org"
    with factory() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.id)).all()
        assert [d.target for d in rows] == ["analyst@example.org", "soc@example.org"]
        assert message["X-Faceleak-Delivery"] == rows[0].key
        assert other["X-Faceleak-Delivery"] == rows[1].key
    text_part, json_part = [p for p in message.walk() if not p.is_multipart()]
    body = text_part.get_payload(decode=True).decode("utf-8")
    assert "https://t.me/s/example/1" in body
    assert "seller1" in body and "\x1b" not in body
    assert "3000 CNY per bundle" in body and "24000" in body
    assert json_part.get_content_type() == "application/json"
    doc = json.loads(json_part.get_payload(decode=True))
    assert doc["event"] == "new_offer" and doc["listing"]["photo_count"] == 24000


def test_email_refused_recipient_fails_alone_and_the_others_are_sent(factory, mailed, smtp,
                                                                     kit):
    smtp.inbox.refuse["soc@example.org"] = "550 5.1.1 no such mailbox"
    report = deliver_pending(factory, mailed(), now=kit.T0)
    with factory() as session:
        rows = {d.target: d for d in session.scalars(select(Delivery))}
    assert (report.sent, report.failed) == (1, 1)
    assert rows["analyst@example.org"].status == "sent"
    refused = rows["soc@example.org"]
    assert refused.status == "failed" and "550" in refused.last_error
    assert refused.last_status == 550
    assert [r for r, _ in smtp.inbox.messages] == [["analyst@example.org"]]


def test_email_temporary_refusal_is_retried(factory, mailed, smtp, kit):
    smtp.inbox.refuse_rcpt = "451 4.3.0 try again later"
    report = deliver_pending(factory, mailed(), now=kit.T0)
    assert report.retried == 2 and smtp.inbox.messages == []  # one per recipient


def test_email_missing_credentials_env_is_retried_with_a_clear_reason(factory, mailed, kit,
                                                                     monkeypatch):
    monkeypatch.delenv("TEST_SMTP_USER", raising=False)
    monkeypatch.delenv("TEST_SMTP_PASS", raising=False)
    cfg = mailed(username_env="TEST_SMTP_USER", password_env="TEST_SMTP_PASS")
    report = deliver_pending(factory, cfg, now=kit.T0)
    with factory() as session:
        delivery = session.scalars(select(Delivery).order_by(Delivery.id)).first()
    assert report.retried == 2
    assert delivery.status == "pending"  # the operator may still set them
    assert "$TEST_SMTP_USER" in delivery.last_error and "$TEST_SMTP_PASS" in delivery.last_error


def test_email_unreachable_server_is_retried(factory, kit):
    cfg = kit.config(kit.rule(channels=["mail"]), channels=[
        mail_channel(SimpleNamespace(host="127.0.0.1", port=free_port()), timeout_s=1)])
    with factory() as session:
        raise_alerts(session, kit.new_change(kit.add_listing(session)), cfg, now=kit.T0)
        session.commit()
    assert deliver_pending(factory, cfg, now=kit.T0).retried == 2  # one per recipient


def test_email_logs_in_with_credentials_from_the_environment(factory, mailed, smtp, kit,
                                                            monkeypatch):
    monkeypatch.setenv("TEST_SMTP_USER", "faceleak")
    monkeypatch.setenv("TEST_SMTP_PASS", "pa55")
    cfg = mailed(username_env="TEST_SMTP_USER", password_env="TEST_SMTP_PASS")
    assert deliver_pending(factory, cfg, now=kit.T0).sent == 2
    assert smtp.logins == [("faceleak", "pa55")] * 2 and len(smtp.inbox.messages) == 2


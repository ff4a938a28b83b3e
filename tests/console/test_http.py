"""The console's guard and forms over HTTP (Starlette's test client, no browser): tokens,
Host names, CSRF, headers, and triage/label errors shown rather than raised."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from faceleak.cli import cli
from faceleak.console import create_app
from faceleak.store import read_session_factory
from tests.cli.conftest import config_path, fill_market, photos, store, store_at  # noqa: F401

TOKEN = "console-token-of-at-least-16-chars"


@pytest.fixture
def market_app(store, photos):  # noqa: F811
    market = fill_market(store, photos)
    engine = store.sessions.kw["bind"]

    def make(token: str | None = None) -> TestClient:
        app = create_app(sessions=store.sessions, read_sessions=read_session_factory(engine),
                         config=store.config, token=token, default_by="tester")
        return TestClient(app, base_url="http://127.0.0.1:8080")

    return market, make


def csrf_of(client: TestClient, path: str = "/alerts") -> str:
    html = client.get(path).text
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_every_page_carries_a_strict_content_security_policy(market_app):
    _, make = market_app
    response = make().get("/alerts")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "img-src 'self'" in policy
    assert response.headers["x-frame-options"] == "DENY"


def test_loopback_console_refuses_other_host_names(market_app):
    _, make = market_app
    client = make()
    assert client.get("/alerts").status_code == 200
    assert client.get("/alerts", headers={"host": "attacker.example:8080"}).status_code == 421


def test_with_a_token_requests_without_it_are_refused(market_app):
    _, make = market_app
    client = make(TOKEN)
    assert client.get("/alerts", headers={"accept": "application/json"}).status_code == 401
    assert client.get("/alerts", headers={"accept": "text/html"},
                      follow_redirects=False).headers["location"] == "/login"
    assert client.get("/alerts", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_the_login_cookie_is_derived_from_the_token_not_the_token(market_app):
    _, make = market_app
    client = make(TOKEN)
    csrf = csrf_of(client, "/login")
    response = client.post("/login", data={"token": TOKEN, "csrf": csrf},
                           follow_redirects=False)
    assert response.status_code == 303
    cookie = client.cookies.get("faceleak_auth")
    assert cookie and TOKEN not in cookie
    assert client.get("/alerts").status_code == 200


def test_a_form_without_its_csrf_token_changes_nothing(market_app):
    market, make = market_app
    client = make()
    client.get("/alerts")  # the CSRF cookie
    response = client.post("/alerts/1/triage", data={"action": "ack"})
    assert response.status_code == 403
    forged = client.post("/alerts/1/triage", data={"action": "ack", "csrf": "guess"})
    assert forged.status_code == 403
    result = CliRunner().invoke(cli, ["--db", market.store.url, "audit", "--json"])
    assert result.stdout.strip() == "[]"


def test_a_form_posted_from_another_origin_is_refused(market_app):
    _, make = market_app
    client = make()
    csrf = csrf_of(client)
    response = client.post("/alerts/1/triage", data={"action": "ack", "csrf": csrf},
                           headers={"origin": "http://attacker.example"})
    assert response.status_code == 403


def test_a_triage_the_status_does_not_allow_is_shown_not_raised(market_app):
    _, make = market_app
    client = make()
    csrf = csrf_of(client)
    response = client.post("/alerts/1/triage", data={"action": "reopen", "csrf": csrf})
    assert response.status_code == 409 and "cannot reopen an alert that is open" in response.text


def test_a_label_with_a_malformed_price_is_refused_with_the_reason(market_app):
    market, make = market_app
    client = make()
    csrf = csrf_of(client)
    response = client.post(f"/listings/{market.alice_offer}/label", data={
        "csrf": csrf, "verdict": "offer", "types": "face_photo", "price": "cheap"})
    assert response.status_code == 400 and "AMOUNT CURRENCY" in response.text


def test_serve_beyond_loopback_without_a_token_is_a_usage_error(market_app, monkeypatch):
    market, _ = market_app
    monkeypatch.delenv("FACELEAK_CONSOLE_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["--db", market.store.url, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "FACELEAK_CONSOLE_TOKEN" in result.stderr
    monkeypatch.setenv("FACELEAK_CONSOLE_TOKEN", "short")
    result = CliRunner().invoke(cli, ["--db", market.store.url, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "too short" in result.stderr


@pytest.fixture
def any_market_client(migrated_db_url, config_path, store_at, photos):  # noqa: F811
    filled = store_at(migrated_db_url, config_path)
    market = fill_market(filled, photos)
    engine = filled.sessions.kw["bind"]
    app = create_app(sessions=filled.sessions, read_sessions=read_session_factory(engine),
                     config=filled.config, token=None, default_by="tester")
    return market, TestClient(app, base_url="http://127.0.0.1:8080")


def test_every_page_answers_on_sqlite_and_postgresql(any_market_client):
    market, client = any_market_client
    pages = ["/alerts", "/alerts?status=all&event=new_offer&severity=high&rule=new-offers",
             "/alerts/1", "/listings", "/listings?q=人脸&type=face_photo&min_photos=1",
             "/listings?contact=alice_faces&cluster=1&offers=1",
             f"/listings/{market.alice_offer}", "/sellers", "/sellers/1", "/contacts",
             "/contact?value=@alice_faces", "/trends", "/trends?weeks=4", "/login"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert "<img" not in response.text, path
    shown = client.get("/listings?contact=ALICE_FACES").text
    assert f'href="/listings/{market.alice_offer}"' in shown


def test_with_evidence_retention_on_a_sample_missing_from_the_vault_shows_no_image(
        market_app, monkeypatch, tmp_path):
    from cryptography.fernet import Fernet

    market, _ = market_app
    monkeypatch.chdir(tmp_path)  # the configured vault folder is relative: empty here
    monkeypatch.setenv(market.store.config.evidence.key_env, Fernet.generate_key().decode())
    config = market.store.config.model_copy(update={
        "evidence": market.store.config.evidence.model_copy(update={"enabled": True})})
    engine = market.store.sessions.kw["bind"]
    app = create_app(sessions=market.store.sessions, read_sessions=read_session_factory(engine),
                     config=config, token=None, default_by="tester")
    html = TestClient(app, base_url="http://127.0.0.1").get(f"/listings/{market.alice_offer}").text
    assert "Evidence retention is on" in html and "not retained" in html and "<img" not in html


def test_an_offer_label_with_every_type_unticked_is_refused(market_app):
    market, make = market_app
    client = make()
    csrf = csrf_of(client)
    response = client.post(f"/listings/{market.alice_offer}/label",
                           data={"csrf": csrf, "verdict": "offer"})
    assert response.status_code == 400 and "data types" in response.text

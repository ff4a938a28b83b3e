"""The console driven in real headless Chromium: triage, pivots, labels, hostile text, tokens.

One browser for the session; each test gets a fresh context. Screenshots for docs/ are taken
here, from the demo data, when FACELEAK_SCREENSHOTS=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from faceleak.cli import cli
from faceleak.store.models import Alert, Listing
from tests.console.conftest import ANALYST, SHARED_CONTACT, free_port, screenshot

pytestmark = pytest.mark.browser


def test_triage_from_the_keyboard_lands_in_the_audit_trail(page, console_url, demo_store):
    with demo_store.read_sessions() as session:
        alert_id = session.scalar(select(Alert.id).where(Alert.status == "open",
                                                         Alert.event == "new_sample").limit(1))
    page.goto(f"{console_url}/alerts")
    assert page.locator("tr.alert-row").count() > 5
    screenshot(page, "console-alerts")
    page.goto(f"{console_url}/alerts/{alert_id}")
    page.fill(".alert-row input.note", "sample is a stock photo, checked")
    page.keyboard.press("Escape")  # leave the note field: keys are shortcuts again
    with page.expect_navigation(url=f"{console_url}/alerts/{alert_id}"):
        page.keyboard.press("a")  # the form posts and redirects back to this page
    assert page.inner_text("#alert-status") == "acked"
    entry = page.locator("#audit-trail tr.audit-entry").first.inner_text()
    assert "ack" in entry and ANALYST in entry and "open → acked" in entry
    assert "sample is a stock photo, checked" in entry


def test_a_contact_search_leads_to_the_seller_linked_through_it(page, console_url):
    page.goto(f"{console_url}/contacts")
    page.fill("#contact-value", SHARED_CONTACT.lstrip("@").upper())  # no @, other case
    with page.expect_navigation(url=f"{console_url}/contact?value=LIAOKU_888"):
        page.click("#contact-search button")
    users = page.locator("#contact-users tbody tr")
    assert users.count() == 2
    with page.expect_navigation():
        page.click("#contact-users a.seller-link:text('mirror_shop')")
    assert page.inner_text("#seller-name").startswith("mirror_shop")
    linked = page.locator("#linked-sellers tr.linked")
    assert linked.count() == 1
    assert "kyc_bazaar" in linked.inner_text() and SHARED_CONTACT in linked.inner_text()
    assert page.locator("svg.graph a").count() == 1  # the graph links to that seller too
    with page.expect_navigation():  # and on: the demo seller, linked by samples as well
        linked.locator("a").first.click()
    assert "KYC Bazaar" in page.inner_text("#seller-name")
    assert page.locator("#linked-sellers tr.linked:has-text('mirror_shop')").count() == 1
    screenshot(page, "console-seller")


def test_a_label_saved_in_the_console_shows_in_listings_json(page, console_url, demo_store):
    with demo_store.read_sessions() as session:
        listing_id = session.scalar(
            select(Listing.id)
            .where(Listing.is_offer.is_(True), Listing.source.has(name="demo-telegram"),
                   Listing.sightings.any(), Listing.label_id.is_(None))
            .order_by(Listing.id).limit(1))
    page.goto(f"{console_url}/listings/{listing_id}")
    assert page.locator("#post-text mark").count() >= 1  # the decision's phrases
    form = page.locator("#label-form")
    form.locator("input[name=verdict][value=offer]").check()
    for box in form.locator("input[name=types]").all():
        box.set_checked(box.get_attribute("value") in ("face_photo", "id_card"))
    form.locator("input[name=count]").fill("4321")
    form.locator("input[name=price]").fill("2000 CNY bundle")
    form.locator("input[name=note]").fill("count read from the sample sheet")
    with page.expect_navigation(url=f"{console_url}/listings/{listing_id}#label"):
        page.click("#label-save")
    assert page.inner_text("#field-count") == "4321"
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "console-listing")
    result = CliRunner().invoke(cli, ["--db", demo_store.url, "listings", "--json",
                                      "--limit", "1000"], catch_exceptions=False)
    shown = next(x for x in json.loads(result.stdout) if x["id"] == listing_id)
    assert shown["photo_count"] == 4321
    assert shown["data_types"] == ["face_photo", "id_card"]
    assert shown["price"]["amount"] == 2000.0 and shown["price"]["currency"] == "CNY"
    assert shown["label"]["by"] == ANALYST
    assert shown["label"]["note"] == "count read from the sample sheet"


def test_hostile_text_renders_inert(page, console_url, demo_store):
    for path in (f"/listings/{demo_store.hostile}", "/alerts?status=all",
                 "/listings?q=evil_faces", "/sellers"):
        page.goto(console_url + path)
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.images.length") == 0  # nothing scraped is fetched
        sources = page.evaluate("[...document.scripts].map(s => s.src)")
        assert sources == [f"{console_url}/static/console.js"]
    page.goto(f"{console_url}/listings/{demo_store.hostile}")
    text = page.inner_text("#post-text")
    assert "<script>window.__pwned = 1</script>" in text  # shown as text
    assert "\x1b" not in text and "␛[2J" in text  # the escape made visible, not obeyed
    assert "\u202e" not in text  # no bidi override
    assert page.inner_text("#listing-title").startswith("#")
    assert '<img src=x onerror="window.__pwned=1">' in page.inner_text("#listing-title")


def test_beyond_loopback_a_request_without_the_token_is_refused(page, demo_store):
    port, token = free_port(), "a-long-random-console-token-for-tests"
    env = {**os.environ, "FACELEAK_CONSOLE_TOKEN": token}
    server = subprocess.Popen(
        [sys.executable, "-m", "faceleak", "--db", demo_store.url, "serve", "--host", "0.0.0.0",
         "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                refused = httpx.get(f"{base}/alerts", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert refused.status_code == 401
        assert httpx.get(f"{base}/alerts", headers={"Authorization": "Bearer wrong"}).status_code \
            == 401
        assert httpx.get(f"{base}/alerts",
                         headers={"Authorization": f"Bearer {token}"}).status_code == 200
        page.goto(f"{base}/alerts")
        assert page.url == f"{base}/login"
        page.fill("input[name=token]", "not the token")
        with page.expect_navigation():
            page.click("form.login button")
        assert "not the console token" in page.inner_text("main")
        page.script_errors.clear()  # the refused sign-in logs its 401
        page.fill("input[name=token]", token)
        with page.expect_navigation(url=f"{base}/alerts"):
            page.click("form.login button")
        assert page.locator("tr.alert-row").count() > 0
    finally:
        server.terminate()
        server.wait(10)


def test_trends_draw_three_charts(page, console_url):
    page.goto(f"{console_url}/trends")
    assert page.locator("svg.chart").count() == 3
    assert page.locator("#trend-table tbody tr").count() >= 2
    screenshot(page, "console-trends")

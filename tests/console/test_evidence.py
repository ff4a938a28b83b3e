"""Retained samples in the console: with evidence retention on, a listing shows its samples
small and heavily blurred, served by the console itself from the encrypted vault; a reveal
(a CSRF-protected POST) is written to the audit trail and shows that one sample unblurred.
With retention off there is no image at all."""

from __future__ import annotations

import hashlib
import io
import re

import numpy as np
import pytest
from cryptography.fernet import Fernet
from PIL import Image
from starlette.testclient import TestClient

from faceleak.console import create_app
from faceleak.crawler.media.evidence import EvidenceVault
from faceleak.store import read_session_factory
from faceleak.store.labels import trail
from tests.cli.conftest import config_path, fill_market, photos, store, store_at  # noqa: F401


@pytest.fixture
def retained(store, photos, tmp_path):  # noqa: F811
    """The CLI market, alice's astronaut sample sealed in a real vault, and a console maker."""
    market = fill_market(store, photos)
    original = photos.astronaut.read_bytes()
    sha256 = hashlib.sha256(original).hexdigest()
    vault = EvidenceVault(tmp_path / "evidence", Fernet.generate_key())
    vault.put(sha256, original)
    engine = store.sessions.kw["bind"]

    def make(retention: bool) -> TestClient:
        evidence = store.config.evidence.model_copy(update={"enabled": retention})
        config = store.config.model_copy(update={"evidence": evidence})
        app = create_app(sessions=store.sessions, read_sessions=read_session_factory(engine),
                         config=config, token=None, default_by="tester", vault=vault)
        return TestClient(app, base_url="http://127.0.0.1:8080")

    return market, sha256, original, make


def pixels(jpeg_or_png: bytes, size=(64, 64)) -> np.ndarray:
    with Image.open(io.BytesIO(jpeg_or_png)) as image:
        return np.asarray(image.convert("L").resize(size), dtype=float)


def detail(image: np.ndarray) -> float:
    """Mean absolute difference of neighbouring pixels: edges, which blur removes."""
    return float(np.abs(np.diff(image, axis=0)).mean() + np.abs(np.diff(image, axis=1)).mean())


def csrf_of(client: TestClient, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def test_a_retained_sample_is_shown_blurred_from_the_console_itself(retained):
    market, sha256, original, make = retained
    client = make(True)
    html = client.get(f"/listings/{market.alice_offer}").text
    sources = re.findall(r'<img[^>]* src="([^"]+)"', html)
    assert sources == [f"/listings/{market.alice_offer}/samples/{sha256}/blurred.jpg"]
    response = client.get(sources[0])
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    with Image.open(io.BytesIO(response.content)) as thumb:
        assert max(thumb.size) <= 96
    blurred, sharp = pixels(response.content), pixels(original)
    assert detail(blurred) < detail(sharp) / 3
    assert np.abs(blurred - sharp).mean() > 10


def test_a_reveal_is_audited_and_shows_that_sample_unblurred(retained):
    market, sha256, original, make = retained
    client = make(True)
    path = f"/listings/{market.alice_offer}"
    csrf = csrf_of(client, path)
    response = client.post(f"{path}/samples/{sha256}/reveal", data={"csrf": csrf,
                                                                     "by": "analyst-7"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    shown, sharp = pixels(response.content), pixels(original)
    assert np.abs(shown - sharp).mean() < 6
    with market.store.sessions() as session:
        entries = [e for e in trail(session) if e["kind"] == "reveal"]
    assert [(e["by"], e["listing"], e["note"]) for e in entries] == [
        ("analyst-7", market.alice_offer, f"sample {sha256}")]


def test_a_reveal_without_its_csrf_token_shows_nothing_and_records_nothing(retained):
    market, sha256, _, make = retained
    client = make(True)
    client.get(f"/listings/{market.alice_offer}")  # the CSRF cookie
    response = client.post(f"/listings/{market.alice_offer}/samples/{sha256}/reveal",
                           data={"by": "x"})
    assert response.status_code == 403 and "image" not in response.headers["content-type"]
    with market.store.sessions() as session:
        assert not [e for e in trail(session) if e["kind"] == "reveal"]


def test_a_sample_is_served_only_for_a_listing_it_belongs_to(retained):
    market, sha256, _, make = retained
    assert make(True).get(
        f"/listings/{market.alice_chat}/samples/{sha256}/blurred.jpg").status_code == 404


def test_with_retention_off_the_console_shows_no_image_at_all(retained):
    market, sha256, _, make = retained
    client = make(False)
    html = client.get(f"/listings/{market.alice_offer}").text
    assert "<img" not in html and "reveal" not in html.lower()
    assert client.get(
        f"/listings/{market.alice_offer}/samples/{sha256}/blurred.jpg").status_code == 404
    csrf = csrf_of(client, f"/listings/{market.alice_offer}")
    response = client.post(f"/listings/{market.alice_offer}/samples/{sha256}/reveal",
                           data={"csrf": csrf})
    assert response.status_code == 404 and "image" not in response.headers["content-type"]

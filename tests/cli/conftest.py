"""CLI fixtures: package photos on disk, a config with a rule per event, and a small market
recorded straight through the store API (no crawling), so each command test runs in-process."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from matplotlib import cbook
from PIL import Image, ImageOps
from skimage import data

from faceleak.alerts import raise_alerts
from faceleak.cli import cli
from faceleak.config import load_config_text
from faceleak.crawler.media import MATCH_RADIUS, digest_image
from faceleak.store import make_engine, record_listing, session_factory
from faceleak.store.changes import ImageObservation, ListingObservation

CONFIG_YAML = """\
sources:
  - name: tg-market
    kind: telegram
    start_urls: ["https://t.me/s/example"]
    schedule: 15m
alerts:
  channels:
    - {name: term, kind: console}
  rules:
    - {name: new-offers, event: new_offer, severity: high, channels: [term]}
    - {name: changes, event: offer_changed, severity: low, channels: [term]}
    - {name: samples, event: new_sample, severity: low, channels: [term]}
    - {name: reuse, event: sample_reuse, severity: medium, channels: [term]}
    - {name: watch, event: watchlist_match, severity: critical, channels: [term]}
    - {name: failing, event: source_failing, severity: low, channels: [term]}
"""

NOW = datetime.now(UTC).replace(microsecond=0)


def encode(image: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, fmt, **options)
    return buf.getvalue()


@dataclass(frozen=True)
class Photos:
    """Package photos written to disk; ``astronaut_*`` are altered copies of ``astronaut``."""

    astronaut: Path
    astronaut_mirrored: Path
    astronaut_reencoded: Path
    astronaut_cropped: Path  # a few bits away from astronaut, within MATCH_RADIUS
    coffee: Path
    grace_hopper: Path
    not_an_image: Path


@pytest.fixture(scope="session")
def photos(tmp_path_factory: pytest.TempPathFactory) -> Photos:
    folder = tmp_path_factory.mktemp("photos")
    astronaut = Image.fromarray(data.astronaut())
    files = {
        "astronaut": ("astronaut.png", encode(astronaut)),
        "astronaut_mirrored": ("astronaut-mirrored.png", encode(ImageOps.mirror(astronaut))),
        "astronaut_reencoded": (
            "astronaut-small.jpg",
            encode(astronaut.resize((300, 300)), "JPEG", quality=60),
        ),
        "astronaut_cropped": (
            "astronaut-cropped.jpg",
            encode(astronaut.crop((20, 20, 492, 492)), "JPEG", quality=70),
        ),
        "coffee": ("coffee.png", encode(Image.fromarray(data.coffee()))),
        "grace_hopper": ("grace_hopper.jpg", Path(cbook.get_sample_data("grace_hopper.jpg",
                                                                         asfileobj=False))
                         .read_bytes()),
        "not_an_image": ("notes.txt", b"this is not an image\n"),
    }
    paths = {}
    for key, (name, content) in files.items():
        path = folder / name
        path.write_bytes(content)
        paths[key] = path
    return Photos(**paths)


def sample(path: Path, url: str) -> ImageObservation:
    """The observation the media step would make of the photo at ``path`` served at ``url``."""
    d = digest_image(path.read_bytes(), count_faces=False)
    return ImageObservation(url=url, sha256=d.sha256, width=d.width, height=d.height,
                            format=d.format, faces=1, hash=d.hash, hash_mirror=d.hash_mirror)


def offer(url: str, **fields: object) -> ListingObservation:
    values: dict = {
        "source": "tg-market",
        "source_kind": "telegram",
        "url": url,
        "title": "人脸照片 出售",
        "text": "出售人脸照片 2.4万张 3000元 TG @alice_faces",
        "seller": "alice",
        "posted_at": None,
        "is_offer": True,
        "offer_score": 0.97,
        "reasons": ("lexicon:人脸照片", "price"),
        "data_types": ("face_photo",),
        "photo_count": 24000,
        "price": {"amount": 3000.0, "currency": "CNY", "per": "bundle", "usd": 425.1},
        "contacts": ({"kind": "telegram", "value": "@alice_faces"},),
    }
    values.update(fields)
    return ListingObservation(**values)


@dataclass
class Store:
    """A migrated database, filled through ``record_listing`` + ``raise_alerts``."""

    url: str
    config_path: Path
    sessions: Callable
    config: Any  # the loaded AppConfig the alert rules come from

    def record(self, obs: ListingObservation, *, days_ago: float = 0) -> int:
        """Record one observation as seen ``days_ago``; its alerts are raised; the id back."""
        now = NOW - timedelta(days=days_ago)
        with self.sessions() as session:
            change = record_listing(session, obs, now=now, match_radius=MATCH_RADIUS)
            raise_alerts(session, change, self.config, now=now)
            session.commit()
            return change.listing_id


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "faceleak.yaml"
    path.write_text(CONFIG_YAML, encoding="utf-8")
    return path


@pytest.fixture
def store_at() -> Iterator[Callable[[str, Path], Store]]:
    """``store_at(url, config_path)``: a Store over the migrated database at ``url``
    (``migrated_db_url`` / ``migrated_sqlite_url``)."""
    engines = []

    def make(url: str, config_path: Path) -> Store:
        engine = make_engine(url)
        engines.append(engine)
        config = load_config_text(config_path.read_text(encoding="utf-8"), str(config_path))
        return Store(url, config_path, session_factory(engine), config)

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture
def store(migrated_sqlite_url: str, config_path: Path, store_at) -> Store:
    return store_at(migrated_sqlite_url, config_path)


@dataclass
class Market:
    """Three posts: alice's offer (astronaut, 10 days ago, price edited 5 days ago), bob's
    offer on a forum reusing the mirrored astronaut (2 days ago), and alice's chat post
    (1 day ago, not an offer)."""

    store: Store
    alice_offer: int
    bob_offer: int
    alice_chat: int


def fill_market(store: Store, photos: Photos) -> Market:
    first = offer("https://t.me/s/example/1",
                  images=(sample(photos.astronaut, "https://cdn.example/astronaut.png"),))
    alice_offer = store.record(first, days_ago=10)
    edited = offer("https://t.me/s/example/1", text="出售人脸照片 2.4万张 2500元 TG @alice_faces",
                   price={"amount": 2500.0, "currency": "CNY", "per": "bundle", "usd": 354.2},
                   images=first.images)
    store.record(edited, days_ago=5)
    bob_offer = store.record(
        offer("https://forum.example/thread-9-1-1.html", source="forum-b", source_kind="discuz",
              seller="bob", title="KYC 手持身份证 + 人脸", data_types=("face_photo", "handheld_id"),
              photo_count=500, price={"amount": 0.5, "currency": "USDT", "per": "item",
                                      "usd": 0.5},
              contacts=({"kind": "qq", "value": "12345678"},),
              images=(sample(photos.astronaut_mirrored, "https://forum.example/att/m.png"),)),
        days_ago=2,
    )
    alice_chat = store.record(
        offer("https://t.me/s/example/2", title=None, text="大家好，今天休息", is_offer=False,
              offer_score=0.05, reasons=(), data_types=(), photo_count=None, price=None,
              contacts=()),
        days_ago=1,
    )
    return Market(store, alice_offer, bob_offer, alice_chat)


@pytest.fixture
def market(store: Store, photos: Photos) -> Market:
    return fill_market(store, photos)


@pytest.fixture
def run() -> Callable[..., Result]:
    """``run(store, *args)``: the CLI in-process with the store's --db and --config."""
    runner = CliRunner()

    def invoke(store: Store, *args: str) -> Result:
        return runner.invoke(
            cli, ["--db", store.url, "--config", str(store.config_path), *args],
            catch_exceptions=False,
        )

    return invoke

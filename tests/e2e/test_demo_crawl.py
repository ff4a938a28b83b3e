"""A real crawl of the demo marketplace, end to end, through the CLI, on SQLite and PostgreSQL.

The first pass is crawled once per database and module: the tests that only read its result
share it, and the tests that crawl again start from a copy of its database (a file copy on
SQLite, a template copy on PostgreSQL), as if they had crawled it themselves first.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from faceleak.crawler.extract.model import DATA_TYPES
from faceleak.demo import EXPECTED, DemoServer, demo_config_yaml
from tests.conftest import PgDatabases

from .conftest import Faceleak, make_faceleak

pytestmark = pytest.mark.slow


def _by_url(listings: list[dict]) -> dict[str, dict]:
    return {x["url"]: x for x in listings}


def _crawl(demo_faceleak: Faceleak) -> tuple[dict, list[dict], list[dict]]:
    summary = demo_faceleak.json("crawl")
    listings = demo_faceleak.json("listings", "--limit", "10000")
    alerts = demo_faceleak.json("alerts", "--status", "all", "--limit", "10000")
    return summary, listings, alerts


@pytest.fixture(scope="module")
def demo_server() -> Iterator[DemoServer]:
    """One demo marketplace for the module (a test that changes its revision puts it back)."""
    with DemoServer() as server:
        yield server


@dataclass
class FirstPass:
    """The demo crawled once into a database of its own, and what the CLI said about it."""

    folder: Path
    db_url: str
    pg_name: str | None  # the PostgreSQL database, a template for copies
    summary: dict
    listings: list[dict]
    alerts: list[dict]

    def copy(self, tmp_path: Path, pg_databases: PgDatabases, base_url: str) -> Faceleak:
        """The CLI over a copy of the crawled database, for a test that crawls again."""
        if self.pg_name is not None:
            url = pg_databases.create(template=self.pg_name)
        else:
            for suffix in ("", "-wal"):  # the log too, should the last writer have left one
                source = self.folder / f"faceleak.db{suffix}"
                if source.exists():
                    shutil.copyfile(source, tmp_path / source.name)
            url = f"sqlite:///{tmp_path / 'faceleak.db'}"
        return make_faceleak(tmp_path, url, demo_config_yaml(base_url))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                               marks=pytest.mark.postgres)])
def first_pass(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               demo_server: DemoServer, _pg_session: PgDatabases) -> Iterator[FirstPass]:
    folder = tmp_path_factory.mktemp(f"first-pass-{request.param}")
    pg_name = PgDatabases.new() if request.param == "postgres" else None
    try:
        url = PgDatabases.url(pg_name) if pg_name else f"sqlite:///{folder / 'faceleak.db'}"
        crawled = _crawl(make_faceleak(folder, url, demo_config_yaml(demo_server.base_url)))
        yield FirstPass(folder, url, pg_name, *crawled)
    finally:
        if pg_name:
            PgDatabases.drop([pg_name])


def test_crawl_finds_exactly_the_demo_offers(first_pass, demo_server):
    summary, listings = first_pass.summary, first_pass.listings
    assert [s["status"] for s in summary["sources"]] == ["ok", "ok", "ok"], summary
    base = demo_server.base_url
    expected = {base + p.path for p in EXPECTED.posts if p.kind != "reply" and p.is_offer}
    found = {x["url"] for x in listings if x["is_offer"]}
    assert found == expected


def test_crawl_stores_every_demo_post(first_pass, demo_server):
    urls = _by_url(first_pass.listings)
    missing = [
        p.path
        for p in EXPECTED.posts
        if p.kind != "reply" and demo_server.base_url + p.path not in urls
    ]
    assert missing == []


def test_offers_carry_their_photo_count_price_and_seller(first_pass, demo_server):
    urls = _by_url(first_pass.listings)
    for post in EXPECTED.offers():
        got = urls[demo_server.base_url + post.path]
        assert got["photo_count"] == post.photo_count, post.path
        assert got["seller"] == post.seller, post.path
        assert got["data_types"] == [t for t in DATA_TYPES if t in post.data_types], post.path
        if post.price is None:
            assert got["price"] is None, post.path
        else:
            assert (got["price"]["amount"], got["price"]["currency"], got["price"]["per"]) == (
                post.price.amount,
                post.price.currency,
                post.price.per,
            ), post.path


def test_every_offer_raises_one_new_offer_alert(first_pass):
    listings, alerts = first_pass.listings, first_pass.alerts
    offer_ids = sorted(x["id"] for x in listings if x["is_offer"])
    new_offer = sorted(a["listing"]["id"] for a in alerts if a["event"] == "new_offer")
    assert new_offer == offer_ids


def test_sample_images_are_hashed_not_kept_and_reposts_share_a_cluster(first_pass, demo_server):
    listings, alerts = first_pass.listings, first_pass.alerts
    base = demo_server.base_url
    cluster_of = {img["url"]: img["cluster"] for x in listings for img in x["images"]}
    for image in (img for x in listings for img in x["images"]):
        assert len(bytes.fromhex(image["hash"])) * 8 >= 64
        assert image["width"] and image["height"]
    assert EXPECTED.reposts, "the demo should re-post samples"
    for repost in EXPECTED.reposts:
        assert cluster_of[base + repost.path] == cluster_of[base + repost.original_path], repost
    assert any(a["event"] == "sample_reuse" for a in alerts)
    kept = {".jpg", ".jpeg", ".png"}
    assert not any(p.suffix.lower() in kept for p in first_pass.folder.rglob("*"))


def test_a_second_pass_raises_no_new_alerts(first_pass, demo_server, tmp_path, pg_databases):
    again = first_pass.copy(tmp_path, pg_databases, demo_server.base_url)
    _, _, second = _crawl(again)
    assert len(second) == len(first_pass.alerts)


def test_a_changed_price_raises_offer_changed(first_pass, demo_server, tmp_path, pg_databases):
    again = first_pass.copy(tmp_path, pg_databases, demo_server.base_url)
    demo_server.set_revision(2)
    try:
        _, listings, alerts = _crawl(again)
    finally:
        demo_server.set_revision(1)
    from faceleak.demo import EXPECTED_REVISION_2

    changed = {demo_server.base_url + p for p in EXPECTED_REVISION_2.changed_offers}
    assert changed
    assert {a["listing"]["url"] for a in alerts if a["event"] == "offer_changed"} == changed
    added = {demo_server.base_url + p for p in EXPECTED_REVISION_2.new_posts}
    assert added <= {x["url"] for x in listings}

"""Pivots on SQLite and PostgreSQL: sellers linked through shared samples and shared contacts,
and everyone behind one contact."""

from __future__ import annotations

import pytest

from faceleak.store.models import Seller
from faceleak.store.pivots import contact_users, linked_sellers, seller_contacts
from tests.cli.conftest import config_path, fill_market, offer, photos, store_at  # noqa: F401


@pytest.fixture
def pivot_market(migrated_db_url, config_path, store_at, photos):  # noqa: F811
    market = fill_market(store_at(migrated_db_url, config_path), photos)
    market.store.record(offer("https://forum.example/thread-12-1-1.html", source="forum-b",
                              source_kind="discuz", seller="carol",
                              contacts=({"kind": "telegram", "value": "@ALICE_faces"},)))
    return market


def seller_id(session, name: str) -> int:
    return session.query(Seller.id).filter(Seller.name == name).scalar()


def test_sellers_are_linked_by_shared_samples_and_by_shared_contacts(pivot_market):
    with pivot_market.store.sessions() as session:
        links = {link["seller"]: link for link in linked_sellers(session, seller_id(session,
                                                                                    "alice"))}
    assert set(links) == {"bob", "carol"}
    assert links["bob"]["clusters"] and links["bob"]["contacts"] == []
    assert links["carol"]["clusters"] == [] and links["carol"]["contacts"] == ["@alice_faces"]


def test_a_contact_names_every_seller_and_source_that_wrote_it(pivot_market):
    with pivot_market.store.sessions() as session:
        users = contact_users(session, "alice_FACES")
        contacts = seller_contacts(session, seller_id(session, "carol"))
    assert [(u["seller"], u["source"]) for u in users] == [("carol", "forum-b"),
                                                          ("alice", "tg-market")]
    assert contacts == [{"kind": "telegram", "value": "@ALICE_faces",
                         "listings": users[0]["listings"]}]


def test_trends_computed_by_the_database_equal_the_reference(pivot_market):
    from datetime import UTC, datetime, timedelta

    from faceleak.store.trends import market_trends, offer_rows, trend_rows

    with pivot_market.store.sessions() as session:
        assert market_trends(session) == trend_rows(offer_rows(session))
        since = datetime.now(UTC) - timedelta(days=3)
        assert market_trends(session, since) == trend_rows(offer_rows(session, since))
        assert market_trends(session)["offers"] == 3

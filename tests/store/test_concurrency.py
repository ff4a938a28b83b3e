"""Two writers at once: the same image recorded by two transactions is stored once."""

from __future__ import annotations

import threading

from sqlalchemy import Engine, func, select

from faceleak.store import record_listing, session_factory
from faceleak.store.models import Image, Source

from .conftest import RADIUS, at, post, random_hash, sample


def test_two_transactions_recording_the_same_image_store_it_once(engine: Engine) -> None:
    factory = session_factory(engine)
    image = sample("shared", random_hash(1))
    results: dict[str, object] = {}

    def second_writer() -> None:
        try:
            with factory() as session:
                change = record_listing(
                    session,
                    post("u2", source="forum", source_kind="discuz", images=(image,)),
                    now=at(1),
                    match_radius=RADIUS,
                )
                session.commit()
                results["second"] = change.images[0]
        except Exception as exc:  # reported by the assertion below
            results["error"] = exc

    with factory() as first:
        change = record_listing(first, post("u1", images=(image,)), now=at(0), match_radius=RADIUS)
        writer = threading.Thread(target=second_writer)
        writer.start()  # blocks on the first transaction (row or database lock) until commit
        writer.join(timeout=0.5)
        first.commit()
    writer.join(timeout=60)

    assert "error" not in results, results.get("error")
    second = results["second"]
    assert change.images[0].new_image and not second.new_image
    assert second.image_id == change.images[0].image_id
    assert second.cluster_id == change.images[0].cluster_id
    assert [(r.source, r.seller) for r in second.other_sellers] == [("tg-market", "seller1")]
    with factory() as session:
        assert session.scalar(select(func.count()).select_from(Image)) == 1
        assert session.scalar(select(func.count()).select_from(Source)) == 2

"""Fixtures for the alerts tests: a real schema, listings to alert on, a config stand-in,
and a real HTTP receiver on 127.0.0.1 that records what it is sent."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from faceleak.store.changes import ImageChange, ListingChange
from faceleak.store.models import Base, Listing, Seller, Source

T0 = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """SQLite only: for tests where the database engine does not matter."""
    yield from _engine(sqlite_url)


@pytest.fixture
def any_engine(db_url: str) -> Iterator[Engine]:
    """SQLite and PostgreSQL: for tests where the database does matter."""
    yield from _engine(db_url)


def _engine(url: str) -> Iterator[Engine]:
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture
def session(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session:
        yield session


def rule(name: str = "r1", event: str = "new_offer", **kw: Any) -> SimpleNamespace:
    """A RuleConfig stand-in with the schema's defaults."""
    base = dict(
        name=name, event=event, severity="high", channels=["term"], min_photos=None,
        min_score=None, sources=[], data_types=[], after=3, enabled=True,
    )
    base.update(kw)
    return SimpleNamespace(**base)


def config(*rules: SimpleNamespace, channels: list[Any] | None = None, **delivery: Any):
    """An AppConfig stand-in: alerts.rules, alerts.channels and delivery policy."""
    policy = dict(max_attempts=8, backoff_base_s=30, backoff_max_s=3600)
    policy.update(delivery)
    return SimpleNamespace(
        alerts=SimpleNamespace(
            rules=list(rules),
            channels=channels if channels is not None else [console_channel("term")],
        ),
        delivery=SimpleNamespace(**policy),
    )


def console_channel(name: str = "term") -> SimpleNamespace:
    return SimpleNamespace(name=name, kind="console")


def webhook_channel(url: str, name: str = "soc", **kw: Any) -> SimpleNamespace:
    return SimpleNamespace(name=name, kind="webhook", url=url, secret_env=kw.get("secret_env"),
                           timeout_s=kw.get("timeout_s", 5.0))


def add_listing(session: Session, *, source: str = "tg-market", seller: str | None = "seller1",
                url: str = "https://t.me/s/example/1", **fields: Any) -> Listing:
    """A stored offer listing (the defaults) with its source and seller rows."""
    src = session.query(Source).filter_by(name=source).one_or_none()
    if src is None:
        src = Source(name=source, kind="telegram")
        session.add(src)
        session.flush()
    sel = None
    if seller is not None:
        sel = session.query(Seller).filter_by(source_id=src.id, name=seller).one_or_none()
        if sel is None:
            sel = Seller(source=src, name=seller)
    values: dict[str, Any] = dict(
        title="出售人脸照片 2.4万张", text="出售人脸照片 2.4万张 3000元 联系 @seller1",
        is_offer=True, offer_score=0.97, data_types=["face_photo"], photo_count=24000,
        price_amount=3000.0, price_currency="CNY", price_per="bundle", price_usd=425.0,
        contacts=[{"kind": "telegram", "value": "@seller1"}], content_hash="0" * 64, version=1,
    )
    values.update(fields)
    listing = Listing(source=src, seller=sel, url=url, **values)
    session.add(listing)
    session.flush()
    return listing


def image(image_id: int = 1, cluster_id: int | None = 10, **kw: Any) -> ImageChange:
    values: dict[str, Any] = dict(
        image_id=image_id, sha256=f"{image_id:064x}", cluster_id=cluster_id, new_image=True,
        new_cluster=False, new_in_listing=True,
    )
    values.update(kw)
    return ImageChange(**values)


def new_change(listing: Listing, *images: ImageChange) -> ListingChange:
    return ListingChange(listing=listing, status="new", images=tuple(images))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real HTTP server: answers POSTs with scripted statuses (then 200), after ``delay`` s."""

    port: int = 0
    statuses: deque[int] = field(default_factory=deque)
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    default_status: int = 200  # answered once ``statuses`` is used up
    retry_after: str | None = None  # a Retry-After header on every non-2xx answer
    answered: list[tuple[str, int]] = field(default_factory=list)  # (delivery id, status)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            if state.delay:
                time.sleep(state.delay)
            status = state.statuses.popleft() if state.statuses else state.default_status
            payload = f"status {status}".encode()
            state.answered.append((self.headers.get("X-Faceleak-Delivery", ""), status))
            try:
                self.send_response(status)
                if state.retry_after and status >= 300:
                    self.send_header("Retry-After", state.retry_after)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up (timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def kit() -> SimpleNamespace:
    """The helpers above, for test modules (``--import-mode=importlib`` cannot import conftest)."""
    return SimpleNamespace(
        T0=T0, rule=rule, config=config, console_channel=console_channel,
        webhook_channel=webhook_channel, add_listing=add_listing, image=image,
        new_change=new_change,
    )

"""The item pipeline: post -> extraction -> samples -> store + alerts, one transaction a post.

Images are fetched through Scrapy's own downloader (so the SSRF guard, size
cap, timeout, redirects, proxy and robots rules apply to them too) and digested in a
worker thread, off the reactor, once per content (``digests.py``). Store work runs in one
store thread per process, also off the reactor. Only digests are kept unless evidence
retention is on. A failure on one post is counted and logged; the crawl goes on, and the
run ends ``partial`` or ``failed`` rather than ``ok`` (``crawler/outcome.py``).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import scrapy
from sqlalchemy import select

from faceleak.alerts import raise_alerts
from faceleak.alerts.crashpoints import crashpoint
from faceleak.crawler.adapters import RawPost
from faceleak.crawler.digests import DigestCache, stored_observation
from faceleak.crawler.extract import extract
from faceleak.crawler.incremental import FetchedThread, MarkBook
from faceleak.crawler.media import (
    CONFIRM_RADIUS,
    MATCH_RADIUS,
    EvidenceVault,
    MediaLimits,
    digest_image,
)
from faceleak.crawler.offer_model import active_model
from faceleak.crawler.outcome import run_outcome
from faceleak.store import (
    finish_run,
    make_engine,
    read_session_factory,
    record_listing,
    session_factory,
)
from faceleak.store.changes import ImageObservation, ListingObservation
from faceleak.store.marks import samples_seen, save_marks
from faceleak.store.models import CrawlRun, Image, Listing, Sighting, Source

log = logging.getLogger(__name__)


_store_thread: ThreadPoolExecutor | None = None


def store_thread() -> ThreadPoolExecutor:
    """The one thread of this process that talks to the store for the pipelines.

    Off the reactor, so downloads and digests go on while a post is written; one thread,
    so the writes of concurrent sources queue here rather than for the database's lock,
    and the per-process cluster index is only ever touched from it.
    """
    global _store_thread
    if _store_thread is None:
        _store_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="faceleak-store")
    return _store_thread


class RunContext:
    """What the child process knows about its run; handed to Scrapy through settings."""

    def __init__(self, app: Any, source: Any, db_url: str, run_id: int) -> None:
        self.app, self.source, self.db_url, self.run_id = app, source, db_url, run_id


def observation(post: RawPost, source: Any, extraction: Any, images: list[ImageObservation]):
    return ListingObservation(
        source=source.name,
        source_kind=source.kind,
        url=post.url,
        text=post.text,
        title=post.title,
        seller=post.seller,
        posted_at=post.posted_at,
        is_offer=extraction.is_offer,
        offer_score=extraction.offer_score,
        reasons=tuple(extraction.reasons),
        data_types=tuple(extraction.data_types),
        photo_count=extraction.photo_count,
        price=extraction.price.as_json() if extraction.price else None,
        contacts=tuple(c.as_json() for c in extraction.contacts),
        images=tuple(images),
        seller_display=post.seller_display,
        forwarded_from=post.forwarded_from,
    )


class StorePipeline:
    def __init__(self, crawler: Any, ctx: RunContext) -> None:
        self.crawler = crawler
        self.ctx = ctx
        media = ctx.app.media
        self.limits = MediaLimits.from_config(media)
        self.max_images = media.max_images_per_post
        self.image_timeout = media.download_timeout_s
        self.vault = EvidenceVault.from_config(ctx.app.evidence)  # None unless retention is on
        self._images: dict[str, ImageObservation] = {}
        self.counts = {"offers": 0, "new_listings": 0, "changed_listings": 0, "images": 0}
        self.marks = MarkBook()
        self.stored_urls: set[str] = set()  # posts stored this run (their wanted samples came)
        self.alerts = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler, crawler.settings["FACELEAK_RUN"])

    def open_spider(self) -> None:
        self.engine = make_engine(self.ctx.db_url)
        self.Session = session_factory(self.engine)
        self.digests = DigestCache.shared(self.ctx.db_url, read_session_factory(self.engine))
        with self.Session() as session:
            self.model = active_model(session)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, FetchedThread):
            self.marks.fetched.append(item)
            return item
        if not isinstance(item, RawPost):
            return item
        stats = self.crawler.stats
        try:
            await self._store(item)
        except Exception:
            stats.inc_value("faceleak/item_errors")
            self.marks.failed.add(item.url)
            log.exception("could not store post %s", item.url)
        else:
            stats.inc_value("faceleak/posts_stored")
            self.stored_urls.add(item.url)
        return item

    async def _store(self, post: RawPost) -> None:
        extraction = extract(post.text, post.title, rates_usd=self.ctx.app.currency_rates_usd,
                             model=self.model)
        images: list[ImageObservation] = []
        stored_offer, known = await self._in_store_thread(self._known, post.url)
        # Samples of offers only (we do not collect everyone's photos); an offer is what the
        # extraction says, or what is stored (an analyst's label, a rescore with a refit model).
        if extraction.is_offer or stored_offer:
            urls = list(dict.fromkeys(post.image_urls))[: self.max_images]
            images = list(await asyncio.gather(*(self._image(u, known) for u in urls)))
        obs = observation(post, self.ctx.source, extraction, images)
        is_offer, status, alerts = await self._in_store_thread(self._record, obs)
        self.counts["offers"] += int(is_offer)
        self.counts["new_listings"] += int(status == "new")
        self.counts["changed_listings"] += int(status == "changed")
        self.counts["images"] += sum(1 for i in images if i.hash is not None)
        self.alerts += alerts

    @staticmethod
    async def _in_store_thread(fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(store_thread(), fn, *args)

    def _record(self, obs: ListingObservation) -> tuple[bool, str, int]:
        """One post, its samples and its alerts in one transaction (in the store thread)."""
        with self.Session.begin() as session:
            change = record_listing(
                session,
                obs,
                now=datetime.now(UTC),
                match_radius=MATCH_RADIUS,
                confirm_radius=CONFIRM_RADIUS,
            )
            alerts = raise_alerts(session, change, self.ctx.app)
        crashpoint("pipeline.committed")
        return bool(change.listing.is_offer), change.status, len(alerts)

    def _known(self, url: str) -> tuple[bool, dict[str, ImageObservation]]:
        """Whether the post is stored as an offer, and the samples it was seen with (by URL):
        a sample already digested at that URL for this post is not downloaded again."""
        with self.Session() as session:
            listing = session.execute(
                select(Listing.id, Listing.is_offer).join(Source)
                .where(Source.name == self.ctx.source.name, Listing.url == url)).first()
            if listing is None:
                return False, {}
            rows = session.execute(
                select(Sighting.url, Image).join(Image, Image.id == Sighting.image_id)
                .where(Sighting.listing_id == listing.id))
            known = {u: obs for u, image in rows if (obs := stored_observation(image, u))}
            return bool(listing.is_offer), known

    async def _image(self, url: str, known: dict[str, ImageObservation]) -> ImageObservation:
        if url in known:
            self.crawler.stats.inc_value("faceleak/images_known")
            return known[url]
        if url not in self._images:
            self._images[url] = await self._fetch_image(url)
        return self._images[url]

    async def _fetch_image(self, url: str) -> ImageObservation:
        stats = self.crawler.stats
        # No handle_httpstatus_all: it would switch RedirectMiddleware off, and a sample behind
        # a 301/302 must be followed (each hop through the guard and the source's proxy).
        # A non-2xx answer still comes back here: engine downloads skip HttpErrorMiddleware.
        meta = {"download_maxsize": self.limits.max_bytes, "download_timeout": self.image_timeout}
        request = scrapy.Request(url, meta=meta, dont_filter=True, priority=10)
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:
            stats.inc_value("faceleak/image_download_errors")
            return ImageObservation(
                url=url, error=f"download failed: {type(exc).__name__}: {exc}"[:500]
            )
        if response.status != 200:
            stats.inc_value("faceleak/image_download_errors")
            return ImageObservation(url=url, error=f"download failed: HTTP {response.status}")
        body = response.body
        obs, digested = await self.digests.observe(url, body, self._digest)
        if obs.error is not None:
            stats.inc_value("faceleak/bad_images")
            return obs
        if self.vault is not None:
            await asyncio.to_thread(self.vault.put, obs.sha256, body)
        stats.inc_value("faceleak/images")
        if not digested:
            stats.inc_value("faceleak/digests_reused")
        return obs

    def _digest(self, body: bytes):
        return digest_image(body, self.limits)

    async def close_spider(self) -> None:
        """The run is recorded in the store thread: the reactor goes on for other sources."""
        await self._in_store_thread(self._finish_run)

    def _finish_run(self) -> None:
        stats = self.crawler.stats
        pages = stats.get_value("faceleak/pages", 0)
        posts = stats.get_value("faceleak/posts", 0)
        errors = sum(
            stats.get_value(k, 0)
            for k in ("faceleak/page_errors", "faceleak/parse_errors", "faceleak/item_errors")
        )
        outcome = run_outcome(
            pages=pages, posts=posts, stored=stats.get_value("faceleak/posts_stored", 0),
            unchanged=stats.get_value("faceleak/threads_unchanged", 0),
        )
        with self.Session.begin() as session:
            source = self.ctx.source
            save_marks(session, source.name, source.kind, self.marks.complete(), datetime.now(UTC))
            samples_seen(session, source.name, self.stored_urls)
            run = session.get(CrawlRun, self.ctx.run_id)
            if run is not None:
                finish_run(
                    session,
                    run,
                    outcome.status,
                    datetime.now(UTC),
                    pages=pages,
                    posts=posts,
                    errors=errors,
                    message=outcome.message,
                    **self.counts,
                )
        self.engine.dispose()

"""The one spider: it walks a source with that source's adapter.

Budgets: ``max_pages`` counts the pages *of the index* the spider asks for (start URLs and
the index's further pages), ``max_requests`` every page it asks for (threads and items
too), so a hostile site cannot keep it busy by linking forever. Passes are incremental
(``incremental.py``): unchanged threads are skipped, and the walk back through older index
pages stops at a post already stored. Errors on one page are counted and logged; the crawl
goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from faceleak.crawler.adapters import Adapter, Thread, adapter_for
from faceleak.crawler.incremental import FetchedThread, SourceMemory, memory_for
from faceleak.store.marks import OLDER_PAGES, SAMPLES_WANTED, is_fresh

INDEX, THREAD = "index", "thread"


class SourceSpider(scrapy.Spider):
    name = "faceleak"

    def __init__(self, source: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, name=f"faceleak-{source.name}", **kwargs)
        self.source = source
        self.adapter: Adapter = adapter_for(source)
        self.budget = int(source.max_pages)
        self.request_budget = int(getattr(source, "max_requests", 1000))
        self.revisit = getattr(source, "revisit", None)
        self.requested = 0  # index pages asked for
        self.requests = 0  # pages of any kind asked for
        self.memory = SourceMemory()
        self.deep = False  # this pass walks older index pages past stored posts

    def _deep_walk_key(self) -> str:
        """The mark of the source's last walk past its stored posts (edits of older posts)."""
        return f"{self.source.start_urls[0]}{OLDER_PAGES}"

    def _request(self, url: str, kind: str, thread: Thread | None = None) -> scrapy.Request | None:
        stats = self.crawler.stats
        if self.requests >= self.request_budget:
            stats.inc_value("faceleak/requests_over_budget")
            return None
        if kind == INDEX:
            if self.requested >= self.budget:
                stats.inc_value("faceleak/pages_over_budget")
                return None
            self.requested += 1
        self.requests += 1
        # the source's proxy is set on every request by faceleak.crawler.proxy.ProxyEverything
        meta: dict[str, Any] = {"faceleak_kind": kind}
        if thread is not None:
            meta["faceleak_thread"] = (thread.url, thread.marker)
        return scrapy.Request(url, callback=self.parse, errback=self.on_error, meta=meta)

    async def start(self):
        self.memory = memory_for(self.crawler.settings, self.source.name)
        key = self._deep_walk_key()
        # Older pages are walked again once per ``revisit`` (edited older posts are seen then)
        self.deep = self.revisit is not None and not is_fresh(
            self.memory.marks.get(key), None, datetime.now(UTC), self.revisit)
        # an offer found only now (label, rescore) wants its page fetched for its samples
        self.deep = self.deep or any(url.endswith(SAMPLES_WANTED) for url in self.memory.marks)
        # a pass that died half-way stored the newest posts only: walk past them this time
        self.deep = self.deep or self.memory.resume
        if self.deep:
            yield FetchedThread(key, None)
        for url in self.adapter.start_urls():
            request = self._request(url, INDEX)
            if request is not None:
                yield request

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        stats = self.crawler.stats
        headers = {
            k.decode("latin-1").lower(): b", ".join(v).decode("latin-1")
            for k, v in response.headers.items()
        }
        try:
            page = self.adapter.parse(response.url, response.body, headers)
        except Exception:  # an adapter bug on one page must not end the crawl
            stats.inc_value("faceleak/parse_errors")
            self.logger.exception("could not parse %s", response.url)
            return
        stats.inc_value("faceleak/pages")
        stats.inc_value("faceleak/posts", len(page.posts))
        yield from page.posts
        kind = response.meta.get("faceleak_kind", INDEX)
        if "faceleak_thread" in response.meta:
            url, marker = response.meta["faceleak_thread"]
            yield FetchedThread(url, marker, tuple(p.url for p in page.posts))
        yield from self._follow(page, kind)

    def _follow(self, page: Any, kind: str) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        threads = {t.url: t for t in page.threads}
        # Telegram's pages run newest first: a page showing a stored post is where the new
        # ones end, so older pages are not walked (the first pass walks up to max_pages,
        # and a pass once per ``revisit`` too).
        caught_up = (kind == INDEX and not self.deep
                     and any(p.url in self.memory.stored for p in page.posts))
        now = datetime.now(UTC)
        for url in page.follow:
            thread = threads.get(url)
            if thread is not None:
                if is_fresh(self.memory.marks.get(url), thread.marker, now, self.revisit):
                    stats.inc_value("faceleak/threads_unchanged")
                    continue
                request = self._request(url, THREAD, thread)
            elif kind == THREAD:
                request = self._request(url, THREAD)  # a thread's own further pages
            elif caught_up:
                stats.inc_value("faceleak/index_caught_up")
                continue
            else:
                request = self._request(url, INDEX)
            if request is not None:
                yield request

    def on_error(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("faceleak/page_errors")
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        self.logger.warning("failed %s: %s", url, failure.getErrorMessage())

"""The one spider: it walks a source with that source's adapter.

Page budget: ``max_pages`` counts the pages the spider *asks for* (start URLs
included), so a hostile site cannot keep it busy by linking forever. Errors
on one page are counted and logged; the crawl goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from faceleak.crawler.adapters import Adapter, adapter_for


class SourceSpider(scrapy.Spider):
    name = "faceleak"

    def __init__(self, source: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, name=f"faceleak-{source.name}", **kwargs)
        self.source = source
        self.adapter: Adapter = adapter_for(source)
        self.budget = int(source.max_pages)
        self.requested = 0

    def _request(self, url: str) -> scrapy.Request | None:
        if self.requested >= self.budget:
            self.crawler.stats.inc_value("faceleak/pages_over_budget")
            return None
        self.requested += 1
        # the source's proxy is set on every request by faceleak.crawler.proxy.ProxyEverything
        return scrapy.Request(url, callback=self.parse, errback=self.on_error)

    async def start(self):
        for url in self.adapter.start_urls():
            request = self._request(url)
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
        for url in page.follow:
            request = self._request(url)
            if request is not None:
                yield request

    def on_error(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("faceleak/page_errors")
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        self.logger.warning("failed %s: %s", url, failure.getErrorMessage())

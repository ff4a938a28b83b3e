"""The sources of one pass crawled together: one Scrapy process, a bounded number at once.

Each source keeps its own Scrapy settings (politeness, limits, proxy, its store pipeline):
they become the ``custom_settings`` of a spider class made for it, so one ``CrawlerProcess``
runs one crawler per source. What Scrapy sets per process (the reactor, the DNS resolver
that refuses private addresses, logging) comes from the first source; the parent groups
sources so that those agree within a process (:func:`process_key`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

log = logging.getLogger(__name__)

# Scrapy is imported inside the functions: the parent imports this module for
# ``process_key`` only, which needs Scrapy (through ``proxy``) for a proxied source alone.


def process_key(source: Any) -> tuple[str | None, bool]:
    """What must be equal for two sources to share a crawl process: the resolver's policy
    (a proxied source resolves its proxy's name only; others refuse private addresses unless
    ``allow_private``)."""
    from faceleak.crawler.proxy import proxy_host

    proxy = getattr(source, "proxy", None)
    return (proxy_host(str(proxy)) if proxy else None, bool(source.allow_private))


def spider_class(app: Any, source: Any, db_url: str, run_id: int, *, log_level: str) -> type:
    """A ``SourceSpider`` subclass carrying this source's settings and run."""
    from faceleak.crawler.pipeline import RunContext
    from faceleak.crawler.settings import scrapy_settings
    from faceleak.crawler.spider import SourceSpider

    settings = scrapy_settings(source, log_level=log_level)
    settings["FACELEAK_RUN"] = RunContext(app, source, db_url, run_id)
    # a source that hangs is closed by Scrapy itself, its run recorded; the parent's kill
    # of the whole process is the last resort
    settings["CLOSESPIDER_TIMEOUT"] = float(app.daemon.crawl_timeout_s)
    return type(f"SourceSpider_{run_id}", (SourceSpider,), {"custom_settings": settings})


def _log_failure(failure: Any, source: Any) -> None:
    """A crawler that could not run leaves its run ``running``, which the parent marks failed;
    the cause goes to the log whose tail the parent keeps. The other sources go on."""
    log.error("crawl of %s failed: %s", source.name, failure.getTraceback())


def crawl_together(
    app: Any,
    runs: Sequence[tuple[Any, int]],
    db_url: str,
    *,
    concurrency: int,
    log_level: str = "WARNING",
) -> None:
    """Crawl every ``(source, run_id)``, at most ``concurrency`` at once; returns when all end."""
    if not runs:
        return
    if len({process_key(source) for source, _ in runs}) > 1:
        raise ValueError("sources of one crawl process must agree on proxy and allow_private")
    from scrapy.crawler import CrawlerProcess

    from faceleak.crawler.settings import scrapy_settings

    process = CrawlerProcess(scrapy_settings(runs[0][0], log_level=log_level),
                             install_root_handler=True)
    waiting = list(runs)

    def start_next(result: Any = None) -> Any:
        # Chained on a finished crawl's Deferred, so the next crawl is active before
        # ``CrawlerProcess.join`` looks again: the process stops only after the last one.
        if waiting:
            source, run_id = waiting.pop(0)
            crawl = process.crawl(
                spider_class(app, source, db_url, run_id, log_level=log_level), source=source)
            crawl.addErrback(_log_failure, source)
            crawl.addBoth(start_next)
        return result

    for _ in range(min(max(1, int(concurrency)), len(waiting))):
        start_next()
    process.start(stop_after_crawl=True)

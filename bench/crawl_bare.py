"""Bare Scrapy over the benchmark site: the anchor of ``crawl_pipeline``.

Run as ``python bench/crawl_bare.py START_URL...``: one CrawlerProcess fetches every channel
page (following ``link rel=prev``) and every sample image on it, and does nothing else; it
prints the pages and images it fetched as JSON. Same politeness knobs as the sources of the
benchmark's config (no delay, 8 requests per host, robots.txt obeyed).
"""

from __future__ import annotations

import json
import re
import sys

import scrapy
from scrapy.crawler import CrawlerProcess

_BACKGROUND = re.compile(r"background-image:url\('([^']+)'\)")
counts = {"pages": 0, "images": 0}


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_urls = start

    def parse(self, response, **kwargs):
        counts["pages"] += 1
        for href in response.css("link[rel=prev]::attr(href)").getall():
            yield response.follow(href, callback=self.parse)
        for style in response.css(".tgme_widget_message_photo_wrap::attr(style)").getall():
            for url in _BACKGROUND.findall(style):
                yield scrapy.Request(url, callback=self.image)

    def image(self, response, **kwargs):
        counts["images"] += 1


def main(argv: list[str]) -> int:
    process = CrawlerProcess({
        "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": True, "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "TELNETCONSOLE_ENABLED": False,
    })
    process.crawl(BareSpider, start=argv)
    process.start()
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Scrapy settings for one source's crawl, derived from its config.

Politeness and safety come from Scrapy's own machinery: AutoThrottle and
DOWNLOAD_DELAY, RobotsTxtMiddleware, RetryMiddleware, DOWNLOAD_MAXSIZE and
DOWNLOAD_TIMEOUT, RedirectMiddleware, HttpProxyMiddleware. Ours: the SSRF guard,
the proxy that every request of a proxied source takes (``crawler/proxy.py``)
and the store pipeline.
"""

from __future__ import annotations

from typing import Any

import scrapy

from faceleak.crawler.guard import resolver_setting
from faceleak.crawler.proxy import proxy_settings

# What the watched sellers see: a common desktop browser, nothing that names a monitor.
# A source may set its own (``user_agent``), e.g. Tor Browser's when it goes through Tor.
DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
# Scrapy 2.19 renamed two settings; use the name the installed Scrapy knows.
_NEW_NAMES = scrapy.version_info >= (2, 19)
DNS_RESOLVER_SETTING = "TWISTED_DNS_RESOLVER" if _NEW_NAMES else "DNS_RESOLVER"


def _jitter(delay: float) -> dict[str, Any]:
    if _NEW_NAMES:
        return {"DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0}
    return {"RANDOMIZE_DOWNLOAD_DELAY": delay > 0}


def scrapy_settings(source: Any, *, log_level: str = "WARNING") -> dict[str, Any]:
    delay = float(source.download_delay)
    return {
        "BOT_NAME": "faceleak",
        "USER_AGENT": source.user_agent or DEFAULT_USER_AGENT,
        "ROBOTSTXT_OBEY": bool(source.obey_robots),
        "DOWNLOAD_DELAY": delay,
        **_jitter(delay),
        "AUTOTHROTTLE_ENABLED": delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(delay, 1.0),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "CONCURRENT_REQUESTS": max(2, int(source.concurrency) * 2),
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(source.concurrency),
        "DOWNLOAD_TIMEOUT": float(source.timeout_s),
        "DOWNLOAD_MAXSIZE": int(source.max_response_bytes),
        "DOWNLOAD_WARNSIZE": int(source.max_response_bytes) // 2,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": log_level,
        "LOG_STDOUT": False,
        # only http(s): no file://, ftp://, s3://, data: from a hostile page
        "DOWNLOAD_HANDLERS": {"file": None, "ftp": None, "s3": None, "data": None},
        DNS_RESOLVER_SETTING: (
            "faceleak.crawler.proxy.ProxyOnlyResolver"
            if source.proxy
            else resolver_setting(bool(source.allow_private))
        ),
        "FACELEAK_ALLOW_PRIVATE": bool(source.allow_private),
        **proxy_settings(source.proxy),
        "DOWNLOADER_MIDDLEWARES": {
            "faceleak.crawler.guard.PrivateAddressGuard": 50,
            "faceleak.crawler.proxy.ProxyEverything": 700,  # before HttpProxyMiddleware (750)
        },
        "ITEM_PIPELINES": {"faceleak.crawler.pipeline.StorePipeline": 300},
        "SPIDER_MIDDLEWARES": {},
    }

"""A proxied source never goes direct: every request through the proxy, no local name lookups.

Scrapy only proxies a request whose ``meta['proxy']`` is set, and requests it builds
itself (robots.txt from ``RobotsTxtMiddleware``) carry no such meta, so a proxy set
per request leaks: the watched site sees the monitor's own address. Two parts close that:

- :class:`ProxyEverything`, a downloader middleware ahead of ``HttpProxyMiddleware``,
  sets the source's proxy on *every* request that enters the downloader: pages, images,
  robots.txt, retries and each redirect hop. Plain-http targets are sent to the proxy as
  absolute URIs, https ones through ``CONNECT``; either way the proxy resolves the name.
- :class:`ProxyOnlyResolver` resolves the proxy's own host name and refuses every other
  name, so a target's name can never reach the local resolver (``.onion`` names included),
  even through a code path that forgot the proxy. The proxy itself may sit on a private
  address (``privoxy:8118``, ``127.0.0.1:8118``) without ``allow_private``: targets are
  still checked by :class:`~faceleak.crawler.guard.PrivateAddressGuard`.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

PROXY_SETTING = "FACELEAK_PROXY"
PROXY_HOST_SETTING = "FACELEAK_PROXY_HOST"


def proxy_host(proxy: str) -> str:
    """The host name (or address) of a proxy URL, lower-case, without brackets or port."""
    host = urlsplit(proxy).hostname
    if not host:
        raise ValueError(f"proxy {proxy!r} has no host")
    return host.rstrip(".").lower()


class ProxyEverything:
    """Downloader middleware: the source's proxy on every request, whoever built it."""

    def __init__(self, proxy: str, stats) -> None:
        self.proxy = proxy
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        proxy = crawler.settings.get(PROXY_SETTING)
        if not proxy:
            raise NotConfigured("source has no proxy")
        return cls(proxy, crawler.stats)

    def process_request(self, request, spider=None):
        # Overwrite, never setdefault: a redirect or a hostile page must not pick the route.
        request.meta["proxy"] = self.proxy
        self.stats.inc_value("faceleak/proxied_requests")
        return None


class ProxyOnlyResolver(CachingThreadedResolver):
    """Resolve the proxy's host and nothing else: target names resolve at the proxy."""

    def __init__(self, reactor, cache_size: int, timeout: float, proxy_host: str) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.proxy_host = proxy_host

    @classmethod
    def from_crawler(cls, crawler, reactor):
        settings = crawler.settings
        host = settings.get(PROXY_HOST_SETTING)
        if not host:
            raise NotConfigured(f"{cls.__name__} needs {PROXY_HOST_SETTING}")
        cache = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache, settings.getfloat("DNS_TIMEOUT"), host)

    def getHostByName(self, name, timeout=()):
        if name.rstrip(".").lower() != self.proxy_host:
            return defer.fail(
                DNSLookupError(f"{name}: a proxied source resolves names at its proxy only")
            )
        return super().getHostByName(name, timeout)


def proxy_settings(proxy: str | None) -> dict:
    """The Scrapy settings that route a source through ``proxy`` (none without one)."""
    if not proxy:
        return {}
    return {
        PROXY_SETTING: proxy,
        PROXY_HOST_SETTING: proxy_host(proxy),
        "HTTPPROXY_ENABLED": True,
    }


__all__ = ["ProxyEverything", "ProxyOnlyResolver", "proxy_host", "proxy_settings"]

"""Keep crawls off loopback, private and link-local networks (SSRF), and off non-HTTP schemes.

Two layers, because either alone leaks: the downloader middleware rejects
literal addresses and ``localhost`` before any connection (Twisted does not
resolve literals), and :class:`PublicOnlyResolver` rejects names that
*resolve* to a non-public address, at the resolution the connection uses,
so a DNS answer cannot swap in 127.0.0.1 after a check. Redirects pass
through the middleware again. A source with ``allow_private: true`` turns
both off for its own crawl process. A proxied source resolves no target name
itself (``crawler/proxy.py``): the middleware still judges every target URL,
and the proxy's own address is not a target.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

ALLOWED_SCHEMES = frozenset({"http", "https"})


class BlockedAddress(IgnoreRequest):
    """A request aimed at an address this source may not reach."""


NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: local-use translation


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 literal carries (mapped, NAT64, 6to4, Teredo client), if any.

    A gateway on the path turns these into a connection to that IPv4 address, so a literal
    like ``64:ff9b::7f00:1`` or ``2002:7f00:1::`` is loopback in disguise.
    """
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses only (judged by the IPv4 an IPv6 carries)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL:
            return False
        ip = embedded_ipv4(ip) or ip
    return ip.is_global and not ip.is_multicast


def url_block_reason(url: str) -> str | None:
    """Why ``url`` may not be fetched without ``allow_private``, judged from the URL alone."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        return f"scheme {parts.scheme!r} is not allowed"
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "no host"
    if host == "localhost" or host.endswith(".localhost"):
        return f"host {host} is loopback"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return None  # a name: the resolver decides
    return None if is_public_address(host) else f"address {host} is not public"


class PrivateAddressGuard:
    """Downloader middleware: refuse requests the source may not make."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getbool("FACELEAK_ALLOW_PRIVATE"))

    def process_request(self, request, spider=None):
        scheme = urlsplit(request.url).scheme
        if scheme not in ALLOWED_SCHEMES:
            raise BlockedAddress(f"blocked {request.url}: scheme {scheme!r} is not allowed")
        if self.allow_private:
            return None
        reason = url_block_reason(request.url)
        if reason:
            raise BlockedAddress(f"blocked {request.url}: {reason}")
        return None


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to non-public addresses."""

    def getHostByName(self, name, timeout=()):
        d = super().getHostByName(name, timeout)

        def check(address: str) -> str:
            if not is_public_address(address):
                raise DNSLookupError(f"{name} resolves to non-public address {address}")
            return address

        d.addCallback(check)
        return d


def resolver_setting(allow_private: bool) -> str:
    if allow_private:
        return "scrapy.resolver.CachingThreadedResolver"
    return "faceleak.crawler.guard.PublicOnlyResolver"


__all__ = [
    "BlockedAddress",
    "PrivateAddressGuard",
    "PublicOnlyResolver",
    "embedded_ipv4",
    "is_public_address",
    "resolver_setting",
    "url_block_reason",
]

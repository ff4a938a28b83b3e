"""The SSRF guard: which URLs a source may fetch without ``allow_private``."""

from __future__ import annotations

import pytest
from scrapy import Request

from faceleak.crawler.guard import (
    BlockedAddress,
    PrivateAddressGuard,
    is_public_address,
    url_block_reason,
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.8.9.10:8080/x",
        "http://localhost/",
        "http://api.localhost/",
        "http://10.0.0.5/",
        "http://172.16.3.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
def test_private_loopback_and_link_local_urls_are_blocked(url):
    assert url_block_reason(url) is not None


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/", "data:,x"]
)
def test_non_http_schemes_are_blocked(url):
    assert "scheme" in url_block_reason(url)


@pytest.mark.parametrize(
    "url", ["https://t.me/s/channel", "http://93.184.216.34/", "https://[2606:4700::1]/"]
)
def test_public_urls_pass_to_the_resolver(url):
    assert url_block_reason(url) is None


def test_is_public_address_rejects_names_and_garbage():
    assert not is_public_address("example.org")
    assert not is_public_address("")
    assert is_public_address("8.8.8.8")


def test_middleware_refuses_private_address_unless_allowed():
    request = Request("http://127.0.0.1:8080/s/x")
    with pytest.raises(BlockedAddress):
        PrivateAddressGuard(allow_private=False).process_request(request)
    assert PrivateAddressGuard(allow_private=True).process_request(request) is None


def test_middleware_refuses_non_http_even_when_private_is_allowed():
    with pytest.raises(BlockedAddress):
        PrivateAddressGuard(allow_private=True).process_request(Request("file:///etc/passwd"))


def _resolving_to(monkeypatch, address: str) -> list:
    from twisted.internet import defer
    from twisted.internet.base import ThreadedResolver

    from faceleak.crawler.guard import PublicOnlyResolver

    monkeypatch.setattr(
        ThreadedResolver, "getHostByName", lambda self, name, timeout=(): defer.succeed(address)
    )
    outcomes: list = []
    resolver = PublicOnlyResolver(reactor=None, cache_size=0, timeout=1)
    resolver.getHostByName("innocent.example").addBoth(outcomes.append)
    return outcomes


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.7"])
def test_resolver_refuses_names_that_resolve_to_non_public_addresses(monkeypatch, address):
    from twisted.internet.error import DNSLookupError

    [outcome] = _resolving_to(monkeypatch, address)
    assert outcome.check(DNSLookupError)
    assert address in str(outcome.value)


def test_resolver_passes_public_addresses(monkeypatch):
    assert _resolving_to(monkeypatch, "93.184.216.34") == ["93.184.216.34"]


@pytest.mark.parametrize(
    "url",
    [
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",  # NAT64 of 169.254.169.254
        "http://[64:ff9b:1::808:808]/",  # local-use NAT64 prefix
        "http://[2002:c0a8:101::1]/",  # 6to4 of 192.168.1.1
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo, client 127.0.0.1
    ],
)
def test_ipv6_literals_carrying_a_private_ipv4_are_blocked(url):
    assert url_block_reason(url) is not None


@pytest.mark.parametrize("url", ["http://[64:ff9b::808:808]/", "http://[2002:808:808::1]/"])
def test_ipv6_literals_carrying_a_public_ipv4_pass(url):
    assert url_block_reason(url) is None

"""A proxied source's settings, middleware and resolver; its neutral User-Agent.

The crawl through a real proxy is in ``tests/e2e/test_proxy.py``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from twisted.internet.error import DNSLookupError

from faceleak.config.sources import SourceConfig
from faceleak.crawler.proxy import ProxyEverything, ProxyOnlyResolver, proxy_host
from faceleak.crawler.settings import DEFAULT_USER_AGENT, DNS_RESOLVER_SETTING, scrapy_settings


def _source(**overrides) -> SourceConfig:
    fields = {"name": "s", "kind": "telegram", "start_urls": ["https://t.me/s/x"],
              "schedule": "1h", **overrides}
    return SourceConfig(**fields)


def _crawler(settings: dict) -> SimpleNamespace:
    crawler = SimpleNamespace(settings=Settings(settings))
    crawler.stats = MemoryStatsCollector(crawler)
    return crawler


def test_a_request_built_without_proxy_meta_gets_the_sources_proxy():
    crawler = _crawler(scrapy_settings(_source(proxy="http://privoxy:8118")))
    middleware = ProxyEverything.from_crawler(crawler)
    robots = Request("http://market.onion/robots.txt", meta={"dont_obey_robotstxt": True})

    middleware.process_request(robots)

    assert robots.meta["proxy"] == "http://privoxy:8118"


def test_a_proxy_chosen_elsewhere_is_overwritten():
    middleware = ProxyEverything.from_crawler(
        _crawler(scrapy_settings(_source(proxy="http://127.0.0.1:8118")))
    )
    request = Request("http://market.test/", meta={"proxy": "http://elsewhere:3128"})

    middleware.process_request(request)

    assert request.meta["proxy"] == "http://127.0.0.1:8118"


def test_without_a_proxy_the_middleware_is_not_configured():
    with pytest.raises(NotConfigured):
        ProxyEverything.from_crawler(_crawler(scrapy_settings(_source())))


def test_the_resolver_refuses_any_name_but_the_proxys():
    resolver = ProxyOnlyResolver(None, 0, 5.0, proxy_host("http://Privoxy:8118"))
    failures: list = []

    resolver.getHostByName("market.onion").addErrback(failures.append)

    assert failures and failures[0].check(DNSLookupError)
    assert resolver.proxy_host == "privoxy"


def test_a_proxied_source_resolves_names_at_its_proxy_even_with_allow_private():
    settings = scrapy_settings(_source(proxy="http://privoxy:8118", allow_private=True))

    assert settings[DNS_RESOLVER_SETTING] == "faceleak.crawler.proxy.ProxyOnlyResolver"
    assert "faceleak.crawler.proxy.ProxyEverything" in settings["DOWNLOADER_MIDDLEWARES"]


def test_a_private_proxy_leaves_the_guard_on_for_targets():
    settings = scrapy_settings(_source(proxy="http://127.0.0.1:8118"))

    assert settings["FACELEAK_ALLOW_PRIVATE"] is False


def test_the_default_user_agent_is_a_browsers_and_names_no_monitor():
    agent = scrapy_settings(_source())["USER_AGENT"]

    assert agent == DEFAULT_USER_AGENT and agent.startswith("Mozilla/5.0 (")
    assert not any(word in agent.lower() for word in ("faceleak", "monitor", "privacy", "bot"))


def test_a_source_sets_its_own_user_agent():
    tor_browser = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"

    assert scrapy_settings(_source(user_agent=tor_browser))["USER_AGENT"] == tor_browser

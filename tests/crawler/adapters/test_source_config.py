"""The adapters read the real ``SourceConfig`` the same way as the test stand-in."""

from __future__ import annotations

from faceleak.config.sources import SelectorsConfig, SourceConfig
from faceleak.crawler.adapters import adapter_for


def test_html_adapter_reads_selectors_from_a_real_source_config(page):
    source = SourceConfig(
        name="paste",
        kind="html",
        start_urls=["https://pastebin.com/abcd1234"],
        schedule="15m",
        selectors=SelectorsConfig(title=".info-top h1", body=".source", posted_at=".date span"),
    )
    body = page("paste_darknet/pastebin_guest_paste_page_2022.html")
    (post,) = adapter_for(source).parse("https://pastebin.com/abcd1234", body, {}).posts
    assert (post.title, post.text) == ("Untitled", "dadsadadas")


def test_discourse_start_urls_from_a_real_source_config():
    source = SourceConfig(
        name="forum", kind="discourse", start_urls=["https://try.discourse.org/"], schedule="1h"
    )
    assert adapter_for(source).start_urls() == ["https://try.discourse.org/latest.json"]

"""Thread lists say which links are threads and what each shows of its last activity."""

from __future__ import annotations

import json

from faceleak.crawler.adapters import Page, adapter_for

from .conftest import make_source


def parse(kind: str, body: bytes, url: str) -> Page:
    return adapter_for(make_source(kind, [url])).parse(url, body, {})


def test_discuz6_threads_carry_reply_count_and_last_post_time(page):
    got = parse("discuz", page("forums/discuz6_gbk_forumdisplay_1984bbs.html"),
                "https://1984bbs.com/forumdisplay.php?fid=2")
    threads = {t.url: t.marker for t in got.threads}
    assert len(threads) == 64
    assert threads["https://1984bbs.com/viewthread.php?tid=16302"] == "2133 | 2009-7-29 13:20"
    assert set(threads) < set(got.follow)  # threads are among the links; the pager is not one


def test_discuz_x3_marker_leaves_out_the_view_count(page):
    got = parse("discuz", page("forums/talkop_forumdisplay_fid49_typeid145_utf8.html"),
                "http://bbs.talkop.com/forum.php?mod=forumdisplay&fid=49")
    marker = {t.url: t.marker for t in got.threads}[
        "http://bbs.talkop.com/forum.php?mod=viewthread&tid=109548"]
    assert marker == "1121 | 2019-12-4 02:44"
    assert "64782" not in marker  # views


def test_phpbb3_marker_is_the_last_post_cell(page):
    got = parse("phpbb", page("forums/ptforum_phpbb3_viewforum_f35.html"),
                "https://forum.example.org/viewforum.php?f=35")
    first = got.threads[0]
    assert first.url == "https://forum.example.org/viewtopic.php?f=35&t=20714"
    assert first.marker == "Last post by milhouse Thu Jan 03, 2013 7:35 pm"


def test_discourse_marker_is_the_topic_bump_time_and_post_count(page):
    body = page("forums/discourse_api_latest.json")
    got = parse("discourse", body, "https://meta.discourse.org/latest.json")
    topic = json.loads(body)["topic_list"]["topics"][0]
    assert got.threads[0].marker == f"{topic['bumped_at']} | {topic['posts_count']}"


def test_html_listing_links_are_threads_without_a_marker():
    body = (b'<html><body><a class="item" href="/i/1">one</a><a class="item" href="/i/2">two</a>'
            b'<a class="next" href="/list?p=2">next</a></body></html>')
    source = make_source("html", ["https://shop.example/list"], listing="a.item",
                         next_page="a.next", body=".description")
    got = adapter_for(source).parse("https://shop.example/list", body, {})
    assert [(t.url, t.marker) for t in got.threads] == [
        ("https://shop.example/i/1", None), ("https://shop.example/i/2", None)]
    assert "https://shop.example/list?p=2" in got.follow

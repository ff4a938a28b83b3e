"""URL resolution and date reading shared by every adapter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from faceleak.crawler.adapters.dates import CHINA, parse_iso, parse_loose
from faceleak.crawler.adapters.links import (
    absolute_url,
    follow_url,
    image_url,
    is_ui_image,
    unique,
)

BASE = "https://bbs.example.cn/forum/list.php?fid=2"


def test_relative_href_is_resolved_against_the_page():
    assert (
        absolute_url(BASE, "viewthread.php?tid=1")
        == "https://bbs.example.cn/forum/viewthread.php?tid=1"
    )


def test_protocol_relative_href_keeps_the_page_scheme():
    assert absolute_url(BASE, "//cdn.example.cn/a.jpg") == "https://cdn.example.cn/a.jpg"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:void(0)",
        "mailto:a@b.c",
        "data:image/png;base64,AAAA",
        "ftp://x.org/f",
        "#top",
        "",
        "http://",
        "https://" + "a" * 5000 + ".org/",
        "http://[::1",
    ],
)
def test_non_web_or_broken_hrefs_are_ignored(href):
    assert absolute_url(BASE, href) is None


def test_whitespace_inside_an_href_is_removed_as_browsers_do():
    assert absolute_url(BASE, " view\nthread.php?tid=\t1 ") == (
        "https://bbs.example.cn/forum/viewthread.php?tid=1"
    )


def test_gbk_percent_encoded_href_stays_as_it_was():
    url = absolute_url(BASE, "space.php?username=%B7%CF%D0%E6", "gb18030")
    assert url == "https://bbs.example.cn/forum/space.php?username=%B7%CF%D0%E6"


def test_raw_chinese_in_a_query_is_encoded_in_the_page_encoding():
    url = absolute_url(BASE, "space.php?username=废墟", "gb18030")
    assert url == "https://bbs.example.cn/forum/space.php?username=%B7%CF%D0%E6"


def test_follow_url_drops_the_fragment():
    assert follow_url(BASE, "viewthread.php?tid=1#pid5") == (
        "https://bbs.example.cn/forum/viewthread.php?tid=1"
    )


def test_unique_keeps_first_seen_order_and_drops_empties():
    assert unique(["b", None, "a", "b", ""]) == ("b", "a")


def test_image_url_prefers_zoomfile_then_file_then_data_src_over_src():
    attrs = {"src": "static/image/common/none.gif", "file": "f.jpg", "zoomfile": "z.jpg"}
    assert image_url(attrs, BASE) == "https://bbs.example.cn/forum/z.jpg"
    assert image_url({"src": "s.jpg", "data-src": "d.jpg"}, BASE) == (
        "https://bbs.example.cn/forum/d.jpg"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://b.cn/static/image/common/none.gif",
        "https://b.cn/static//image/magic/checkonline.small.gif",
        "https://b.cn/images/smilies/default/smile.gif",
        "https://b.cn/source/plugin/x/img/emot/kx.png",
        "https://b.cn/img/spacer.gif",
    ],
)
def test_page_furniture_is_recognised(url):
    assert is_ui_image(url)


def test_an_uploaded_picture_is_not_furniture():
    assert not is_ui_image("http://bbsimg.talkop.com/forum/201904/04/002610kgl6gxtle0glzogw.jpg")


def test_iso_timestamp_with_offset_becomes_utc():
    assert parse_iso("2013-02-04T15:26:26.278-05:00") == datetime(
        2013, 2, 4, 20, 26, 26, 278000, tzinfo=UTC
    )


def test_iso_timestamp_with_z_suffix():
    assert parse_iso("2024-01-01T00:00:00Z") == datetime(2024, 1, 1, tzinfo=UTC)


def test_discuz_time_in_china_becomes_utc():
    assert parse_loose("发表于 2019-4-1 12:34", CHINA) == datetime(2019, 4, 1, 4, 34, tzinfo=UTC)


def test_chinese_date_with_characters():
    assert parse_loose("2019年4月1日 08:00", CHINA) == datetime(2019, 4, 1, 0, 0, tzinfo=UTC)


def test_phpbb_twelve_hour_time():
    assert parse_loose("by x » Wed Jan 02, 2013 7:14 pm") == datetime(
        2013, 1, 2, 19, 14, tzinfo=UTC
    )


def test_twelve_am_is_midnight():
    assert parse_loose("Jan 02, 2013 12:05 am") == datetime(2013, 1, 2, 0, 5, tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "no date here", "2019-13-45 99:99", "Foo 31, 2020", None])
def test_text_without_a_valid_date_gives_none(text):
    assert parse_loose(text) is None

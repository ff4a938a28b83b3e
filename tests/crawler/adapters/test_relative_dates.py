"""Relative and local dates ("3 天前", "昨天 21:05", "12 марта") in the source's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from faceleak.config.sources import SelectorsConfig, SourceConfig
from faceleak.crawler.adapters import adapter_for
from faceleak.crawler.adapters.dates import CHINA, parse_date

from .conftest import make_source

NOW = datetime(2026, 11, 29, 4, 0, tzinfo=UTC)  # noon in Beijing, 07:00 in Moscow
MOSCOW = ZoneInfo("Europe/Moscow")


def test_days_ago_counts_back_from_now():
    assert parse_date("3 天前", CHINA, NOW) == NOW - timedelta(days=3)


def test_yesterday_at_a_local_time_is_read_in_the_sources_zone():
    assert parse_date("昨天 21:05", CHINA, NOW) == datetime(2026, 11, 28, 13, 5, tzinfo=UTC)
    assert parse_date("вчера в 21:05", MOSCOW, NOW) == datetime(2026, 11, 28, 18, 5, tzinfo=UTC)


def test_a_day_and_month_without_year_is_the_last_such_day():
    assert parse_date("12 марта", MOSCOW, NOW) == datetime(2026, 3, 11, 21, 0, tzinfo=UTC)
    assert parse_date("12 декабря", MOSCOW, NOW) == datetime(2025, 12, 11, 21, 0, tzinfo=UTC)


def test_a_label_before_the_date_is_skipped():
    assert parse_date("发表于 5 分钟前", CHINA, NOW) == NOW - timedelta(minutes=5)


@pytest.mark.parametrize("text", ["回复 楼主", "Re: face pack", "", "в продаже"])
def test_text_without_a_date_is_none(text):
    assert parse_date(text, CHINA, NOW) is None


def test_a_date_days_in_the_future_is_refused_as_a_misread():
    assert parse_date("через 5 дней", MOSCOW, NOW) is None


def test_absolute_dates_still_take_the_fast_path():
    assert parse_date("2019-4-4 13:43", CHINA, NOW) == datetime(2019, 4, 4, 5, 43, tzinfo=UTC)


def test_a_discuz_post_shown_as_days_ago_gets_its_date(page):
    body = page("forums/talkop_viewthread_vivrecard_201904_utf8.html").replace(
        "发表于 2019-4-4 00:30".encode(), "发表于 3 天前".encode()
    )
    url = "http://bbs.talkop.com/forum.php?mod=viewthread&tid=112530"
    before = datetime.now(UTC)

    first = adapter_for(make_source("discuz", [url])).parse(url, body, {}).posts[0]

    assert before - timedelta(days=3, minutes=2) <= first.posted_at <= datetime.now(UTC)


def test_an_html_source_reads_local_dates_in_its_configured_zone():
    source = SourceConfig(
        name="ru-shop", kind="html", start_urls=["https://m.example/"], schedule="1h",
        timezone="Europe/Moscow", selectors=SelectorsConfig(body=".d", posted_at=".when"),
    )
    body = '<div class="d">x</div><span class="when">12 марта 2025 г. в 14:00</span>'.encode()

    post = adapter_for(source).parse("https://m.example/1", body, {}).posts[0]

    assert post.posted_at == datetime(2025, 3, 12, 11, 0, tzinfo=UTC)

"""Every post of the real saved pages in ../shared/realworld/ is judged not an offer (none sells
face data), each page parsed by the adapter of its kind, as a crawl would."""

from __future__ import annotations

import pytest

from faceleak.crawler.adapters import adapter_for
from faceleak.crawler.extract import extract
from tests.crawler.adapters.conftest import make_source

TG, FORUM, TALKOP = "https://t.me/s/", "https://forum.example/", "https://bbs.talkop.com/forum.php"
BODY = {"title": "title", "body": "body"}
# (page under realworld/, kind, URL it was served at, selectors for the html kind)
PAGES = [
    ("telegram/any2feed_tme_s_topwar_official_full.html", "telegram", TG + "topwar_official", {}),
    ("telegram/any2feed_message_media_photo_and_video.html", "telegram", TG + "anna_news", {}),
    ("telegram/hashtag-subscriber_tme_s_xCareers_2020.html", "telegram", TG + "xCareers", {}),
    ("telegram/ukraine_aggregator_tme_s_ClashReport_raw.html", "telegram", TG + "ClashReport", {}),
    ("forums/discuz6_gbk_viewthread_1984bbs.html", "discuz", FORUM + "viewthread.php?tid=1", {}),
    ("forums/discuz6_gbk_forumdisplay_1984bbs.html", "discuz", FORUM + "forumdisplay.php?fid=1",
     {}),
    ("forums/talkop_viewthread_vivrecard_201904_utf8.html", "discuz",
     TALKOP + "?mod=viewthread&tid=112530", {}),
    ("forums/talkop_viewthread_vivrecard_201811_utf8.html", "discuz",
     TALKOP + "?mod=viewthread&tid=108869", {}),
    ("forums/talkop_forumdisplay_fid49_typeid145_utf8.html", "discuz",
     TALKOP + "?mod=forumdisplay&fid=49", {}),
    ("forums/ptforum_phpbb3_viewtopic_t28017.html", "phpbb", FORUM + "viewtopic.php?t=28017", {}),
    ("forums/ptforum_phpbb3_viewforum_f35.html", "phpbb", FORUM + "viewforum.php?f=35", {}),
    ("forums/ptforum_phpbb2_viewforum_f4_iso8859-1.html", "phpbb", FORUM + "viewforum.php?f=4",
     {}),
    ("forums/ptforum_smf2_topic_38573.html", "phpbb", FORUM + "index.php?topic=38573.0", {}),
    ("forums/discourse_api_topic.json", "discourse", "https://try.discourse.org/t/57.json", {}),
    ("forums/discourse_api_latest.json", "discourse", "https://try.discourse.org/latest.json",
     {}),
    ("paste_darknet/pastebin_guest_paste_page_2022.html", "html", "https://pastebin.com/abc",
     {"title": "h1", "body": "body"}),
    ("paste_darknet/darknet_cypher_market_drugs_category_2020.html", "html",
     "http://market.example/category", BODY),
    ("encoding/unfurl_gb2312_html4_qq_head.html", "html", "https://www.qq.com/",
     {"title": "title", "body": "head"}),
]


def _posts(realworld, relative: str, kind: str, url: str, selectors: dict):
    body = (realworld / relative).read_bytes()
    page = adapter_for(make_source(kind, [url], **selectors)).parse(url, body, {})
    return list(page.posts)


@pytest.mark.parametrize(("relative", "kind", "url", "selectors"), PAGES,
                         ids=[p[0].split("/")[-1] for p in PAGES])
def test_no_post_of_a_real_page_is_an_offer(realworld, relative, kind, url, selectors):
    posts = _posts(realworld, relative, kind, url, selectors)
    offers = [(p.title or p.text)[:80] for p in posts if extract(p.text, p.title).is_offer]
    assert offers == []


def test_the_real_pages_yield_posts_to_judge(realworld):
    total = sum(len(_posts(realworld, *page)) for page in PAGES)
    assert total >= 120

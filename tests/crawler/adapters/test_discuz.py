"""Discuz! 6/7 (GBK) and X3.4 (UTF-8) thread lists and threads, from real saved pages."""

from __future__ import annotations

from datetime import UTC, datetime

from faceleak.crawler.adapters import Page, adapter_for
from faceleak.crawler.adapters.discuz import thread_url

from .conftest import make_source

D6_LIST = "forums/discuz6_gbk_forumdisplay_1984bbs.html"
D6_THREAD = "forums/discuz6_gbk_viewthread_1984bbs.html"
X3_LIST = "forums/talkop_forumdisplay_fid49_typeid145_utf8.html"
X3_THREAD = "forums/talkop_viewthread_vivrecard_201904_utf8.html"
D6_BASE = "https://1984bbs.com/"
X3_THREAD_URL = "http://bbs.talkop.com/forum.php?mod=viewthread&tid=112530&extra=page%3D1"


def parse(body: bytes, url: str) -> Page:
    return adapter_for(make_source("discuz", [url])).parse(url, body, {})


def test_discuz6_list_follows_every_thread_once_without_tracking_parameters(page):
    follow = parse(page(D6_LIST), D6_BASE + "forumdisplay.php?fid=2").follow
    threads = [u for u in follow if "viewthread.php" in u]
    assert len(threads) == 64  # 63 normal rows and one sticky
    assert threads[:2] == [
        D6_BASE + "viewthread.php?tid=60817",
        D6_BASE + "viewthread.php?tid=16302",
    ]
    assert not any("extra=" in u or "page=" in u for u in threads)


def test_discuz6_list_follows_the_next_page(page):
    follow = parse(page(D6_LIST), D6_BASE + "forumdisplay.php?fid=2").follow
    assert D6_BASE + "forumdisplay.php?fid=2&filter=0&orderby=replies&ascdesc=DESC&page=2" in follow


def test_discuz6_list_page_has_no_posts(page):
    assert parse(page(D6_LIST), D6_BASE + "forumdisplay.php?fid=2").posts == ()


def test_discuz6_thread_yields_every_post(page):
    assert len(parse(page(D6_THREAD), D6_BASE + "viewthread.php?tid=3143").posts) == 40


def test_discuz6_first_post_carries_title_and_thread_url(page):
    first = parse(page(D6_THREAD), D6_BASE + "viewthread.php?tid=3143&extra=page%3D1").posts[0]
    assert first.url == D6_BASE + "viewthread.php?tid=3143"
    assert first.title == "罗永浩：我将若无其事地归来开放"
    assert first.seller == "gjlawyer"
    assert first.text.startswith("我将若无其事地归来开放\n\n原文地址：http://www.luoyonghao.net/")


def test_discuz6_time_is_read_as_china_standard_time(page):
    first = parse(page(D6_THREAD), D6_BASE + "viewthread.php?tid=3143").posts[0]
    assert first.posted_at == datetime(2009, 1, 11, 2, 23, tzinfo=UTC)  # 发表于 2009-1-11 10:23


def test_discuz6_reply_url_is_the_thread_url_with_its_pid(page):
    reply = parse(page(D6_THREAD), D6_BASE + "viewthread.php?tid=3143").posts[1]
    assert reply.url == D6_BASE + "viewthread.php?tid=3143#pid19482"
    assert reply.title is None
    assert reply.text == "好样的。没必要那么沮丧，再来，明天会更好。"


def test_discuz6_deleted_author_without_a_link_still_has_a_name(page):
    reply = parse(page(D6_THREAD), D6_BASE + "viewthread.php?tid=3143").posts[1]
    assert reply.seller == "朱翠"


def test_x3_list_follows_the_fourteen_threads(page):
    url = "http://bbs.talkop.com/forum.php?mod=forumdisplay&fid=49&filter=typeid&typeid=145"
    follow = parse(page(X3_LIST), url).follow
    assert len(follow) == 14
    assert follow[0] == "http://bbs.talkop.com/forum.php?mod=viewthread&tid=109548"


def test_x3_thread_has_ten_posts_and_the_next_page(page):
    result = parse(page(X3_THREAD), X3_THREAD_URL)
    assert len(result.posts) == 10
    assert result.follow == (
        "http://bbs.talkop.com/forum.php?mod=viewthread&tid=112530"
        "&extra=page%3D1%26filter%3Dtypeid%26typeid%3D145&page=2",
    )


def test_x3_first_post_title_seller_and_date(page):
    first = parse(page(X3_THREAD), X3_THREAD_URL).posts[0]
    assert first.url == "http://bbs.talkop.com/forum.php?mod=viewthread&tid=112530"
    assert first.title == "【TalkOP汉化】海贼王资料集生命卡ONE PIECE图鉴全图翻译（201904空岛+PH岛）"
    assert first.seller == "TalkOP情报员"
    assert first.posted_at == datetime(2019, 4, 3, 16, 30, tzinfo=UTC)  # 2019-4-4 00:30 CST


def test_x3_attachment_images_come_from_zoomfile_not_the_placeholder(page):
    images = parse(page(X3_THREAD), X3_THREAD_URL).posts[0].image_urls
    assert len(images) == 37
    assert images[0] == "http://bbsimg.talkop.com/forum/201904/04/002610kgl6gxtle0glzogw.jpg"
    assert not any("none.gif" in u or "static/image" in u for u in images)


def test_x3_guest_login_prompt_is_not_post_text(page):
    first = parse(page(X3_THREAD), X3_THREAD_URL).posts[0]
    assert "马上注册" not in first.text
    assert first.text.startswith("本帖内容为独立汉化作品")


def test_x3_reply_with_an_image(page):
    reply = parse(page(X3_THREAD), X3_THREAD_URL).posts[5]
    assert reply.url == "http://bbs.talkop.com/forum.php?mod=viewthread&tid=112530#pid681414"
    assert reply.seller == "椎心之仰"
    assert reply.text == "太强了！翻译赛高！"
    assert reply.image_urls == (
        "http://bbsimg.talkop.com/forum/201904/04/135844rt0gz63hf3o6ofsz.jpeg",
    )


def test_posts_on_a_later_page_all_get_pid_urls(page):
    posts = parse(page(X3_THREAD), X3_THREAD_URL + "&page=2").posts
    assert all("#pid" in p.url for p in posts)
    assert all(p.title is None for p in posts)


def test_span_title_holds_the_exact_time_of_a_relative_date():
    body = (
        '<h1 id="thread_subject">出售</h1><div id="post_9"><table id="pid9"><tr>'
        '<td class="pls"><div class="authi">'
        '<a class="xw1" href="space-uid-1.html">卖家</a></div></td>'
        '<td><em id="authorposton9">发表于 <span title="2024-2-3 08:05">3 天前</span></em>'
        '<div id="postmessage_9">内容</div></td></tr></table></div>'
    ).encode()
    post = parse(body, "https://bbs.example.cn/thread-9-1-1.html").posts[0]
    assert post.posted_at == datetime(2024, 2, 3, 0, 5, tzinfo=UTC)
    assert post.seller == "卖家"
    assert post.url == "https://bbs.example.cn/thread-9-1-1.html"


def test_smilies_and_static_images_are_not_samples():
    body = (
        b'<div id="postmessage_1"><img src="static/image/smiley/default/smile.gif">'
        b'<img src="images/smilies/x.gif"><img src="static/image/common/none.gif" file="a/1.jpg">'
        b"</div>"
    )
    post = parse(body, "https://bbs.example.cn/viewthread.php?tid=1").posts[0]
    assert post.image_urls == ("https://bbs.example.cn/a/1.jpg",)


def test_thread_url_drops_paging_and_tracking_but_keeps_identity():
    assert thread_url("https://b.cn/forum.php?mod=viewthread&tid=5&extra=x&page=3&sid=9") == (
        "https://b.cn/forum.php?mod=viewthread&tid=5",
        3,
    )
    assert thread_url("https://b.cn/thread-5-4-1.html") == ("https://b.cn/thread-5-1-1.html", 4)

"""phpBB 2/3 forum lists and topics, and SMF 2 topics, from real saved pages."""

from __future__ import annotations

from datetime import UTC, datetime

from faceleak.crawler.adapters import Page, adapter_for
from faceleak.crawler.adapters.phpbb import topic_url, without_session

from .conftest import make_source

P3_FORUM = "forums/ptforum_phpbb3_viewforum_f35.html"
P3_TOPIC = "forums/ptforum_phpbb3_viewtopic_t28017.html"
P2_FORUM = "forums/ptforum_phpbb2_viewforum_f4_iso8859-1.html"
SMF_TOPIC = "forums/ptforum_smf2_topic_38573.html"
RPI = "https://www.raspberrypi.org/phpBB3/"
SID = "sid=c523820fae82e1a421e25a5374f2cc66"


def parse(body: bytes, url: str) -> Page:
    return adapter_for(make_source("phpbb", [url])).parse(url, body, {})


def test_phpbb3_forum_follows_topics_without_session_ids(page):
    follow = parse(page(P3_FORUM), RPI + "viewforum.php?f=35").follow
    topics = [u for u in follow if "viewtopic.php" in u]
    assert len(topics) == 25
    assert topics[0] == RPI + "viewtopic.php?f=35&t=20714"
    assert not any("sid=" in u for u in follow)


def test_phpbb3_forum_follows_the_next_page(page):
    follow = parse(page(P3_FORUM), RPI + "viewforum.php?f=35").follow
    assert follow[-1] == RPI + "viewforum.php?f=35&start=25"


def test_phpbb3_topic_yields_each_post(page):
    posts = parse(page(P3_TOPIC), RPI + f"viewtopic.php?f=38&t=28017&{SID}").posts
    assert [p.seller for p in posts] == ["madman_xxx", "KenT", "Max", "KenT", "Max"]


def test_phpbb3_first_post_has_topic_title_url_and_time(page):
    first = parse(page(P3_TOPIC), RPI + f"viewtopic.php?f=38&t=28017&{SID}").posts[0]
    assert first.url == RPI + "viewtopic.php?f=38&t=28017"
    assert first.title == "omxplayer playing from pipe / standard input on Raspbian"
    assert first.posted_at == datetime(2013, 1, 2, 19, 14, tzinfo=UTC)
    assert first.text.startswith("Hello,\n\nAlthough omxplayer does not allow accepting data")


def test_phpbb3_reply_url_points_at_the_post_anchor(page):
    reply = parse(page(P3_TOPIC), RPI + "viewtopic.php?f=38&t=28017").posts[1]
    assert reply.url == RPI + "viewtopic.php?f=38&t=28017#p248867"
    assert reply.posted_at == datetime(2013, 1, 2, 19, 59, tzinfo=UTC)


def test_phpbb2_list_in_mislabelled_latin1_follows_topics_and_next(page):
    follow = parse(page(P2_FORUM), "http://www.example.org/forum/viewforum.php?f=4").follow
    assert len(follow) == 21
    assert follow[0] == "http://www.example.org/forum/viewtopic.php?t=811"
    assert follow[-1] == "http://www.example.org/forum/viewforum.php?f=4&topicdays=0&start=20"


def test_smf_topic_yields_fifteen_posts_with_their_own_authors(page):
    posts = parse(page(SMF_TOPIC), "http://forums.contribs.org/index.php?topic=38573.0").posts
    assert len(posts) == 15
    assert posts[0].seller == "gregswallow"
    assert posts[1].seller == "imcintyre"
    assert posts[1].url == "http://forums.contribs.org/index.php?topic=38573.0#msg174924"
    assert posts[1].posted_at == datetime(2007, 9, 19, 14, 16, 51, tzinfo=UTC)


def test_smf_first_post_title_is_the_topic_subject(page):
    first = parse(page(SMF_TOPIC), "http://forums.contribs.org/index.php?topic=38573.0").posts[0]
    assert first.title == "FAQ: Should I trust/follow the advice I get in this forum?"
    assert first.posted_at == datetime(2007, 9, 19, 13, 8, 14, tzinfo=UTC)


def test_smf_next_topic_link_is_not_mistaken_for_the_next_page(page):
    follow = parse(page(SMF_TOPIC), "http://forums.contribs.org/index.php?topic=38573.0").follow
    assert follow == ("http://forums.contribs.org/index.php/topic,38573.15.html",)


def test_session_ids_are_removed_from_urls():
    assert without_session("http://f.org/viewtopic.php?t=1&sid=abc&PHPSESSID=x") == (
        "http://f.org/viewtopic.php?t=1"
    )


def test_topic_url_is_the_same_for_every_page_of_a_topic():
    assert topic_url("http://f.org/viewtopic.php?t=1&start=50") == "http://f.org/viewtopic.php?t=1"
    assert topic_url("http://f.org/index.php?topic=7.30") == "http://f.org/index.php?topic=7.0"


def test_phpbb31_markup_with_time_element_and_rel_next():
    body = (
        b'<h2 class="topic-title"><a href="./viewtopic.php?t=5">Selling selfies</a></h2>'
        b'<div id="p77" class="post"><div class="postbody">'
        b'<h3><a href="#p77">Selling selfies</a></h3>'
        b'<p class="author"><a class="username" href="./memberlist.php?u=2">seller1</a> '
        b'<time datetime="2021-06-01T10:00:00+00:00">Tue Jun 01, 2021 10:00 am</time></p>'
        b'<div class="content">100 photos <img src="./download/file.php?id=3" alt=""></div>'
        b'</div></div><li class="arrow next"><a rel="next" href="./viewtopic.php?t=5&amp;start=10">'
        b"Next</a></li>"
    )
    result = parse(body, "https://f.test/viewtopic.php?t=5&sid=0123")
    (post,) = result.posts
    assert post.url == "https://f.test/viewtopic.php?t=5"
    assert post.title == "Selling selfies"
    assert post.seller == "seller1"
    assert post.posted_at == datetime(2021, 6, 1, 10, 0, tzinfo=UTC)
    assert post.text == "100 photos"
    assert post.image_urls == ("https://f.test/download/file.php?id=3",)
    assert result.follow == ("https://f.test/viewtopic.php?t=5&start=10",)

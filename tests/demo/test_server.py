"""DemoServer over real HTTP on loopback: exact bytes, honest (and one dishonest) headers, 404s."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
import urllib.robotparser
from urllib.parse import urlsplit

import pytest

from faceleak.demo import EXPECTED, DemoServer, demo_config_yaml
from faceleak.demo.paths import bbs_forum_page, bbs_thread, route_key, shop_index, tg_channel_page
from faceleak.demo.site import MISLABELLED_TID, build_site


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_base_url_is_loopback_with_an_ephemeral_port(demo: DemoServer) -> None:
    parts = urlsplit(demo.base_url)
    assert parts.scheme == "http" and parts.hostname == "127.0.0.1"
    assert parts.port and parts.port > 0
    assert not demo.base_url.endswith("/")


def test_every_page_is_served_byte_for_byte_with_its_content_type(demo: DemoServer) -> None:
    site = build_site(demo.base_url)
    for (path, params), resource in site.items():
        query = "&".join(f"{k}={v}" for k, v in sorted(params))
        status, headers, body = fetch(demo.base_url + path + (f"?{query}" if query else ""))
        assert status == 200, path
        assert body == resource.body, path
        assert headers["content-type"] == resource.content_type, path
        assert headers["content-length"] == str(len(resource.body))


def test_telegram_channel_page_is_utf8_html(demo: DemoServer) -> None:
    status, headers, body = fetch(demo.base_url + tg_channel_page())
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    text = body.decode("utf-8")
    assert 'class="tgme_widget_message_wrap js-widget_message_wrap"' in text
    assert 'data-post="kyc_bazaar/1212"' in text


@pytest.mark.parametrize("path", [bbs_forum_page(1), bbs_forum_page(2), bbs_thread(8801)])
def test_discuz_pages_are_gbk_bytes_that_are_not_utf8(demo: DemoServer, path: str) -> None:
    _, headers, body = fetch(demo.base_url + path)
    assert headers["content-type"] == "text/html; charset=gbk"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gb18030")
    assert '<meta http-equiv="Content-Type" content="text/html; charset=gbk" />' in text
    assert "Discuz! X3.4" in text


def test_one_thread_header_claims_utf8_while_its_bytes_are_gbk(demo: DemoServer) -> None:
    _, headers, body = fetch(demo.base_url + bbs_thread(MISLABELLED_TID))
    assert headers["content-type"] == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "口罩人脸照片" in body.decode("gb18030")
    assert b"charset=gbk" in body


def test_discuz_extra_query_parameter_serves_the_same_thread(demo: DemoServer) -> None:
    _, _, plain = fetch(demo.base_url + bbs_thread(8805))
    _, _, with_extra = fetch(demo.base_url + bbs_thread(8805) + "&extra=page%3D1")
    assert plain == with_extra


def test_query_parameter_order_does_not_matter() -> None:
    assert route_key("/bbs/forum.php?tid=8801&mod=viewthread") == route_key(bbs_thread(8801))


@pytest.mark.parametrize("path", ["/nope", "/s/other_channel", "/shop/item/999",
                                  "/bbs/forum.php?mod=viewthread&tid=1", "/shop/?page=9"])
def test_unknown_paths_are_404(demo: DemoServer, path: str) -> None:
    status, headers, _ = fetch(demo.base_url + path)
    assert status == 404
    assert headers["content-type"].startswith("text/html")


def test_head_sends_headers_and_no_body(demo: DemoServer) -> None:
    parts = urlsplit(demo.base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("HEAD", shop_index())
        resp = conn.getresponse()
        assert resp.status == 200
        assert int(resp.getheader("Content-Length")) > 1000
        assert resp.read() == b""
    finally:
        conn.close()


def test_robots_txt_allows_the_start_urls(demo: DemoServer) -> None:
    status, _, body = fetch(demo.base_url + "/robots.txt")
    assert status == 200
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(body.decode().splitlines())
    for path in (tg_channel_page(), bbs_forum_page(), bbs_thread(8801), shop_index(),
                 *{p.path for p in EXPECTED.posts}):
        assert robots.can_fetch("faceleak", demo.base_url + path), path


def test_every_expected_post_and_image_is_served(demo: DemoServer) -> None:
    for post in EXPECTED.posts:
        assert fetch(demo.base_url + post.path.split("#")[0])[0] == 200, post.path
        for image in post.image_paths:
            assert fetch(demo.base_url + image)[0] == 200, image


def test_config_start_urls_are_served(demo: DemoServer) -> None:
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load(demo_config_yaml(demo.base_url))
    for source in config["sources"]:
        for url in source["start_urls"]:
            assert fetch(url)[0] == 200, url


def test_stop_releases_the_server() -> None:
    server = DemoServer().start()
    base = server.base_url
    server.stop()
    with pytest.raises(RuntimeError):
        _ = server.base_url
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "/robots.txt", timeout=2)


def test_revision_must_be_known() -> None:
    with pytest.raises(ValueError, match="revision"):
        DemoServer(revision=3)

"""A proxied source never goes direct: pages, robots.txt, redirects and images all take the proxy.

The site is reached only through a local forward proxy that knows where its names live. A
``Listener`` sits at the address the crawler would connect to if it went around the proxy;
``obey_robots`` is on (Scrapy builds robots.txt requests itself) and the sample image sits
behind a redirect to another host.
"""

from __future__ import annotations

from html import escape

import pytest

from faceleak.demo.content import SHOP_POSTS
from faceleak.demo.images import build_images

from .conftest import make_faceleak
from .loopback import Answer, ForwardProxy, Listener, Site, self_signed

pytestmark = pytest.mark.slow

ROBOTS = Answer(b"User-agent: *\nAllow: /\n", content_type="text/plain")
OFFER = next(p for p in SHOP_POSTS if p.is_offer and p.images)
JPEG = build_images()[OFFER.images[0]].data


def _market(*image_urls: str, extra_link: str = "") -> dict[str, Answer]:
    """Start page (a redirect), an index, one offer whose samples are behind redirects."""
    index = f'<a class="item-link" href="/item/1">offer</a>{extra_link}'
    gallery = "".join(f'<img src="/img/{n}">' for n in range(1, len(image_urls) + 1))
    item = (
        f"<h1>{escape(OFFER.title or '')}</h1><div class='description'>{escape(OFFER.text)}</div>"
        f'<div class="gallery">{gallery}</div>'
    )
    return {
        "/robots.txt": ROBOTS,
        "/start": Answer(status=301, location="/shop"),
        "/shop": Answer(f"<html><body>{index}</body></html>".encode()),
        "/item/1": Answer(f"<html><body>{item}</body></html>".encode()),
        **{
            f"/img/{n}": Answer(status=302, location=url)
            for n, url in enumerate(image_urls, start=1)
        },
    }


def _images() -> dict[str, Answer]:
    return {"/robots.txt": ROBOTS, "/files/1.jpg": Answer(JPEG, content_type="image/jpeg")}


def _config(start_url: str, proxy: str, *, allow_private: bool) -> str:
    return (
        "sources:\n"
        "  - name: proxied-shop\n    kind: html\n"
        f'    start_urls: ["{start_url}"]\n    schedule: 1h\n'
        f'    proxy: "{proxy}"\n    allow_private: {str(allow_private).lower()}\n'
        "    obey_robots: true\n    download_delay: 0\n"
        '    selectors: {listing: "a.item-link", title: "h1", body: ".description", '
        'images: ".gallery img"}\n'
        "alerts:\n  channels:\n    - {name: term, kind: console}\n  rules: []\n"
    )


@pytest.fixture
def servers():
    opened: list = []

    def open_(thing):
        opened.append(thing)
        return thing

    yield open_
    for thing in reversed(opened):
        thing.close()


def _hashed_images(fl) -> list[dict]:
    [listing] = fl.json("listings")
    return [i for i in listing["images"] if i.get("hash")]


def test_robots_pages_redirects_and_images_all_go_through_the_proxy(tmp_path, sqlite_url, servers):
    market_direct, images_direct = servers(Listener()), servers(Listener())
    market_host = f"127.0.0.1:{market_direct.port}"
    images_host = f"127.0.0.1:{images_direct.port}"
    market = servers(Site(_market(f"http://{images_host}/files/1.jpg")))
    images = servers(Site(_images()))
    proxy = servers(ForwardProxy({market_host: market.address, images_host: images.address}))
    fl = make_faceleak(
        tmp_path,
        sqlite_url,
        _config(f"http://{market_host}/start", f"http://127.0.0.1:{proxy.port}",
                allow_private=True),  # the targets here are loopback literals
    )

    result = fl.run("crawl")

    assert result.returncode == 0, result.stderr[-3000:]
    assert market_direct.connections == 0
    assert images_direct.connections == 0
    assert f"GET http://{market_host}/robots.txt" in proxy.seen
    assert f"GET http://{images_host}/robots.txt" in proxy.seen
    assert f"GET http://{images_host}/files/1.jpg" in proxy.seen
    assert len(_hashed_images(fl)) == 1


def test_names_resolve_at_a_private_proxy_and_targets_stay_guarded(tmp_path, sqlite_url, servers):
    """socks5h-style: ``.test`` names exist only in the proxy's table; the proxy is given by a
    host name on loopback, without ``allow_private``; https goes through CONNECT; a link and a
    redirect hop to a loopback literal are still refused."""
    forbidden = servers(Listener())
    cert = self_signed(tmp_path, "img.test")
    market = servers(
        Site(
            _market(
                "https://img.test/files/1.jpg",
                f"http://127.0.0.1:{forbidden.port}/2.jpg",
                extra_link=f'<a class="item-link" href="http://127.0.0.1:{forbidden.port}/x">x</a>',
            )
        )
    )
    images = servers(Site(_images(), tls=cert))
    proxy = servers(
        ForwardProxy({"market.test:80": market.address, "img.test:443": images.address})
    )
    fl = make_faceleak(
        tmp_path,
        sqlite_url,
        _config("http://market.test/start", f"http://localhost:{proxy.port}", allow_private=False),
    )

    result = fl.run("crawl")

    assert result.returncode == 0, result.stderr[-3000:]
    assert "CONNECT img.test:443" in proxy.seen
    assert "GET http://market.test/robots.txt" in proxy.seen
    assert "/files/1.jpg" in images.log
    assert "GET http://market.test/img/2" in proxy.seen  # its redirect hop is the one refused
    assert not any("127.0.0.1" in line for line in proxy.seen)
    assert forbidden.connections == 0
    assert len(_hashed_images(fl)) == 1

"""A local Telegram-preview marketplace for the crawl benchmark, served on loopback.

``channels`` channels of ``pages`` pages of 20 messages (the page size of ``t.me/s/``),
newest page at ``/s/<channel>``, older ones behind ``link rel=prev`` as on Telegram. Texts
cycle through the demo marketplace's posts (offers and the classic non-offers in zh/en/ru,
numbered so no two are equal); offers carry sample images, as sellers post them: about one
in seven has two. Each image URL is its own, but about a third of them serve bytes already
served under another URL (a sample re-posted), the rest are distinct variants (crop, size,
JPEG quality, mirror, border) of photos that ship in scikit-image and matplotlib.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from PIL import Image, ImageOps

PAGE_SIZE = 20
#: Of every three image URLs, one serves bytes another URL served before.
REPOST_EVERY = 3


@dataclass(frozen=True, slots=True)
class Site:
    resources: dict[str, tuple[bytes, str]]  # path?query -> (body, content type)
    channels: tuple[str, ...]
    pages: int  # channel pages in all
    posts: int
    offers: int
    image_urls: int
    distinct_images: int


@lru_cache(maxsize=1)
def _photos() -> tuple[Image.Image, ...]:
    from skimage import data

    photos = [Image.fromarray(data.astronaut()), Image.fromarray(data.coffee()),
              Image.fromarray(data.chelsea())]
    try:
        from matplotlib import cbook

        with cbook.get_sample_data("grace_hopper.jpg") as f:
            photos.append(Image.open(f).convert("RGB"))
    except Exception:  # matplotlib is a test/bench extra; the others suffice
        pass
    faces = (data.lfw_subset()[:64] * 255).astype("uint8")
    sheet = Image.new("L", (8 * 64, 8 * 64))
    for i, face in enumerate(faces):
        sheet.paste(Image.fromarray(face).resize((64, 64)), (64 * (i % 8), 64 * (i // 8)))
    photos.append(sheet.convert("RGB"))
    return tuple(photos)


def variant(index: int) -> bytes:
    """The ``index``-th distinct sample: a photo cropped, sized, re-encoded, maybe mirrored."""
    photos = _photos()
    img = photos[index % len(photos)]
    k = index // len(photos)
    w, h = img.size
    margin = 0.02 * (k % 7)
    box = (int(w * margin), int(h * margin * 0.5), w - int(w * margin * 0.7), h - int(h * margin))
    img = img.crop(box)
    side = 320 + 16 * (k % 13)
    scale = side / max(img.size)
    img = img.resize((max(1, round(img.width * scale)), max(1, round(img.height * scale))))
    if k % 5 == 1:
        img = ImageOps.mirror(img)
    if k % 4 == 2:
        img = ImageOps.expand(img, border=max(4, side // 16), fill="white")
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=60 + (k % 35))
    return buf.getvalue()


def _texts() -> list[tuple[str, bool]]:
    from faceleak.demo.content import posts

    return [(p.text, p.is_offer) for source in ("telegram", "discuz", "html")
            for p in posts(source)]


def _message(base: str, channel: str, number: int, text: str, images: list[str]) -> str:
    photos = "".join(
        f'<a class="tgme_widget_message_photo_wrap" href="{base}/{channel}/{number}?single" '
        f"style=\"width:400px;background-image:url('{base}{src}')\">"
        '<div class="tgme_widget_message_photo" style="padding-top:100%"></div></a>'
        for src in images)
    body = escape(text, quote=False).replace("\n", "<br/>")
    return (
        f'<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message js-widget_message" data-post="{channel}/{number}">'
        f'<div class="tgme_widget_message_bubble"><div class="tgme_widget_message_author">'
        f'<a class="tgme_widget_message_owner_name" href="https://t.me/{channel}">'
        f'<span dir="auto">{channel} market</span></a></div>{photos}'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{body}</div>'
        f'<div class="tgme_widget_message_footer"><span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="{base}/{channel}/{number}">'
        f'<time datetime="2026-11-{1 + number % 28:02d}T{number % 24:02d}:{number % 60:02d}'
        f':00+00:00" class="time">12:00</time></a></span></div></div></div></div>\n')


def _page(channel: str, messages: list[str], before: int | None) -> bytes:
    prev = (f'<link rel="prev" href="/s/{channel}?before={before}">' if before else "")
    more = (f'<div class="js-messages_more_wrap"><a href="/s/{channel}?before={before}" '
            f'class="tme_messages_more js-messages_more" data-before="{before}"></a></div>'
            if before else "")
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{channel} – Telegram'
            f'</title>{prev}</head><body class="widget_frame_base tgme_webpreview">'
            f'<main class="tgme_main"><section class="tgme_channel_history js-message_history">'
            f'{more}{"".join(messages)}</section></main></body></html>').encode()


def build_site(base: str, *, channels: int, pages: int) -> Site:
    texts = _texts()
    resources: dict[str, tuple[bytes, str]] = {}
    distinct: list[bytes] = []
    image_count = posts = offers = 0
    names = tuple(f"market{c:02d}" for c in range(channels))
    for c, channel in enumerate(names):
        total = pages * PAGE_SIZE
        messages: list[str] = []
        for number in range(1, total + 1):
            text, is_offer = texts[(c * 7 + number) % len(texts)]
            text = f"{text}\n#{channel}-{number}"
            images: list[str] = []
            if is_offer:
                offers += 1
                for _ in range(2 if number % 7 == 0 else 1):
                    if image_count % REPOST_EVERY == REPOST_EVERY - 1 and distinct:
                        data = distinct[(image_count * 7919) % len(distinct)]
                    else:
                        data = variant(len(distinct))
                        distinct.append(data)
                    path = f"/img/{channel}/{number}-{len(images)}-{image_count:05d}.jpg"
                    resources[path] = (data, "image/jpeg")
                    images.append(path)
                    image_count += 1
            posts += 1
            messages.append(_message(base, channel, number, text, images))
        for p in range(pages):  # page 0 is the newest
            newest = total - p * PAGE_SIZE
            oldest = newest - PAGE_SIZE + 1
            before = oldest if oldest > 1 else None
            path = f"/s/{channel}" if p == 0 else f"/s/{channel}?before={newest + 1}"
            resources[path] = (_page(channel, messages[oldest - 1:newest], before),
                               "text/html; charset=utf-8")
    return Site(resources, names, channels * pages, posts, offers, image_count, len(distinct))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query) if k != "single")
        key = parts.path + (f"?{query}" if query else "")
        body, ctype = self.server.site.get(key, (b"not found", "text/plain"))  # type: ignore[attr-defined]
        self.send_response(200 if key in self.server.site else 404)  # type: ignore[attr-defined]
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        with self.server.lock:  # type: ignore[attr-defined]
            self.server.requests += 1  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class SiteServer:
    """Serve a :class:`Site` on 127.0.0.1 at an ephemeral port, counting requests."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.site = {}  # type: ignore[attr-defined]
        self.httpd.requests = 0  # type: ignore[attr-defined]
        self.httpd.lock = threading.Lock()  # type: ignore[attr-defined]
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve(self, site: Site) -> SiteServer:
        self.httpd.site = site.resources  # type: ignore[attr-defined]
        self.thread.start()
        return self

    @property
    def requests(self) -> int:
        return self.httpd.requests  # type: ignore[attr-defined]

    def reset(self) -> None:
        with self.httpd.lock:  # type: ignore[attr-defined]
            self.httpd.requests = 0  # type: ignore[attr-defined]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

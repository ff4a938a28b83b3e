"""Small sites on loopback for incremental-pass tests, counting every request.

``Board``: a Discuz! X board.
Thread lists (``forum.php?mod=forumdisplay&fid=2&page=N``) in Discuz! X markup: per thread
row the title link (``a.xst``), the reply count (``td.num a``) and the last reply's time (the
last ``td.by em``), as on the saved real board in realworld/forums/talkop_forumdisplay_*.
Thread pages carry the posts (``td#postmessage_<pid>``). ``reply(tid)`` adds a reply.

``Channel``: a Telegram channel preview (``/s/<name>``, 20 messages a page, newest first,
older pages behind ``link rel=prev``), in the markup of the saved real pages
(realworld/telegram/). ``post(text)`` adds a message.

``Shop``: a dujiaoka (独角数卡) auto-shop from the pages in fixtures/adapters/autoshop, its
absolute links pointing at this server as Laravel's ``url()`` points them at the request's
host. ``pages`` maps a path to the fixture served there and may be changed between passes.
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

SHOP_PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "adapters" / "autoshop"
SHOP_HOST = b"http://faka.example"  # where the fixtures' links point

OFFER = "出售 人脸照片 {n}000张 打包价 {n}00元 联系 QQ 12345{n:03d}"


class Board:
    def __init__(self, threads: int = 60, per_page: int = 20) -> None:
        self.per_page = per_page
        self.replies: dict[int, list[str]] = {tid: [] for tid in range(1, threads + 1)}
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def pages(self) -> int:
        return -(-len(self.replies) // self.per_page)

    def reply(self, tid: int, text: str) -> None:
        self.replies[tid].append(text)

    def _last(self, tid: int) -> str:
        return f"2026-11-{1 + len(self.replies[tid]):02d} 12:{tid % 60:02d}"

    def forum_page(self, page: int) -> bytes:
        tids = sorted(self.replies)[(page - 1) * self.per_page: page * self.per_page]
        rows = "".join(
            f'<tbody id="normalthread_{t}"><tr><th class="new">'
            f'<a href="forum.php?mod=viewthread&amp;tid={t}&amp;extra=page%3D{page}" class="s xst">'
            f"thread {t}</a></th><td class=\"by\"><cite><a href=\"#\">seller{t}</a></cite>"
            f"<em><span>2026-11-01 10:00</span></em></td>"
            f'<td class="num"><a href="#" class="xi2">{len(self.replies[t])}</a>'
            f"<em>{(t * 37 + len(self.requests)) % 999}</em></td>"  # views: change every visit
            f'<td class="by"><cite><a href="#">someone</a></cite><em><a href="#">{self._last(t)}'
            f"</a></em></td></tr></tbody>" for t in tids)
        nxt = (f'<div class="pg"><a href="forum.php?mod=forumdisplay&amp;fid=2&amp;page={page + 1}"'
               f' class="nxt">下一页</a></div>' if page < self.pages else "")
        return (f'<html><head><meta charset="utf-8"><title>board</title></head><body>'
                f'<table id="threadlisttableid">{rows}</table>{nxt}</body></html>').encode()

    def thread_page(self, tid: int) -> bytes:
        texts = [OFFER.format(n=tid), *self.replies[tid]]
        posts = "".join(
            f'<div id="post_{tid * 100 + i}"><table id="pid{tid * 100 + i}"><tr><td class="pls">'
            f'<a href="#" class="xw1">seller{tid}</a></td><td class="plc">'
            f'<em id="authorposton{tid * 100 + i}">发表于 2026-11-01 10:00</em>'
            f'<td class="t_f" id="postmessage_{tid * 100 + i}">{text}</td></td></tr></table></div>'
            for i, text in enumerate(texts, start=1))
        return (f'<html><head><meta charset="utf-8"><title>thread {tid}</title></head><body>'
                f'<h1><span id="thread_subject">thread {tid}</span></h1>{posts}</body></html>'
                ).encode()

    def respond(self, path: str) -> tuple[int, bytes]:
        parts = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self.lock:
            self.requests[parts.path + ("?" + parts.query if parts.query else "")] += 1
        if parts.path.endswith("/forum.php") and query.get("mod") == "forumdisplay":
            page = int(query.get("page", "1"))
            if 1 <= page <= self.pages:
                return 200, self.forum_page(page)
        if parts.path.endswith("/forum.php") and query.get("mod") == "viewthread":
            tid = int(query.get("tid", "0"))
            if tid in self.replies:
                return 200, self.thread_page(tid)
        return 404, b"not found"


class Channel:
    def __init__(self, name: str = "kyc_market", messages: int = 60) -> None:
        self.name = name
        self.texts = [OFFER.format(n=n) for n in range(1, messages + 1)]
        self.photos: dict[int, bytes] = {}  # message number -> JPEG bytes, at /img/<n>.jpg
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()

    def post(self, text: str) -> None:
        self.texts.append(text)

    def page(self, before: int | None) -> bytes:
        last = len(self.texts) if before is None else before - 1
        first = max(1, last - 19)
        messages = "".join(
            f'<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" '
            f'data-post="{self.name}/{n}"><a class="tgme_widget_message_owner_name" href="#">'
            f'<span>{self.name}</span></a><div class="tgme_widget_message_text">'
            f'{self.texts[n - 1]}</div>{self._photo(n)}'
            f'<a class="tgme_widget_message_date" href="#">'
            f'<time datetime="2026-11-01T10:{n % 60:02d}:00+00:00"></time></a></div></div>'
            for n in range(first, last + 1))
        prev = f'<link rel="prev" href="/s/{self.name}?before={first}">' if first > 1 else ""
        return (f'<html><head><meta charset="utf-8">{prev}</head><body>'
                f"{messages}</body></html>").encode()

    def _photo(self, n: int) -> str:
        if n not in self.photos:
            return ""
        return (f'<a class="tgme_widget_message_photo_wrap" href="#" '
                f"style=\"background-image:url('/img/{n}.jpg')\"></a>")

    def respond(self, path: str) -> tuple[int, bytes]:
        parts = urlsplit(path)
        with self.lock:
            self.requests[path] += 1
        if parts.path.startswith("/img/") and parts.path.endswith(".jpg"):
            photo = self.photos.get(int(parts.path[5:-4]) if parts.path[5:-4].isdigit() else 0)
            return (200, photo) if photo else (404, b"not found")
        if parts.path == f"/s/{self.name}":
            before = parse_qs(parts.query).get("before", [None])[0]
            return 200, self.page(int(before) if before else None)
        return 404, b"not found"


class Shop:
    def __init__(self, theme: str = "unicorn") -> None:
        self.pages = {"/": f"dujiaoka_{theme}_home.html"} | {
            f"/buy/{n}": f"dujiaoka_{theme}_buy_{n}.html" for n in range(1, 5)
            if (SHOP_PAGES / f"dujiaoka_{theme}_buy_{n}.html").is_file()
        }
        self.base = ""  # set by SiteServer: the host the pages' links are rewritten to
        self.requests: Counter[str] = Counter()
        self.lock = threading.Lock()

    def respond(self, path: str) -> tuple[int, bytes]:
        with self.lock:
            self.requests[path] += 1
        name = self.pages.get(urlsplit(path).path)
        if name is None:
            return 404, b"not found"
        return 200, (SHOP_PAGES / name).read_bytes().replace(SHOP_HOST, self.base.encode())


class SiteServer:
    """Serves a ``Board`` or a ``Channel`` (anything with ``respond(path)``) on 127.0.0.1."""

    def __init__(self, board: Board | Channel | Shop) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = board.respond(self.path)
                self.send_response(status)
                kind = "image/jpeg" if self.path.startswith("/img/") else "text/html; charset=utf-8"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                """Quiet."""

        self.board = board
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        if isinstance(board, Shop):
            board.base = self.base

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def forum_url(self) -> str:
        return f"{self.base}/bbs/forum.php?mod=forumdisplay&fid=2"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

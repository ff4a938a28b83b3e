"""``DemoServer``: the demo marketplace over real HTTP on 127.0.0.1, on an ephemeral port.

A ``ThreadingHTTPServer`` in a daemon thread. Pages are built once the port is known (they carry
absolute URLs) and served as exact bytes; the request log is silenced so the demo's output is the
alerts, not access lines.
"""

from __future__ import annotations

import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from faceleak.demo.paths import route_key
from faceleak.demo.site import Resource, build_site

_NOT_FOUND = Resource(b"<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
                      b"<body><h1>Not Found</h1></body></html>\n", "text/html; charset=utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    server_version = "nginx/1.24.0"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def _respond(self, *, with_body: bool) -> None:
        resource = self.server.site.get(route_key(self.path))
        status = HTTPStatus.OK if resource is not None else HTTPStatus.NOT_FOUND
        resource = resource or _NOT_FOUND
        self.send_response(status)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if with_body:
            self.wfile.write(resource.body)

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the demo prints alerts, not access logs."""


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    site: dict

    def handle_error(self, request: object, client_address: object) -> None:
        """A crawler hanging up mid-response is normal here; anything else is still reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class DemoServer:
    """Serve the demo marketplace on ``127.0.0.1`` at an ephemeral port.

    ``revision=2`` is the same site a week later (one offer's price changed, one post added).
    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, revision: int = 1, host: str = "127.0.0.1") -> None:
        if revision not in (1, 2):
            raise ValueError(f"revision must be 1 or 2, not {revision!r}")
        self.revision = revision
        self._host = host
        self._httpd: _DemoHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, without a trailing slash."""
        if self._httpd is None:
            raise RuntimeError("DemoServer is not running")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def set_revision(self, revision: int) -> None:
        """Switch the served site (same port), e.g. to show ``offer_changed`` on a second pass."""
        if self._httpd is None:
            raise RuntimeError("DemoServer is not running")
        self._httpd.site = build_site(self.base_url, revision)
        self.revision = revision

    def start(self) -> DemoServer:
        if self._httpd is not None:
            return self
        httpd = _DemoHTTPServer((self._host, 0), _Handler)
        self._httpd = httpd
        try:
            httpd.site = build_site(self.base_url, self.revision)
        except BaseException:
            httpd.server_close()
            self._httpd = None
            raise
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="faceleak-demo-http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

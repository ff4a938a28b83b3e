"""Loopback stand-ins for the outside world: a site, a forward proxy, and a 'direct' listener.

``ForwardProxy`` speaks what Privoxy or Squid speak: absolute-URI requests for http targets and
``CONNECT`` tunnels for https ones. It resolves target names through its own ``routes`` table
(``"market.test:80" -> ("127.0.0.1", port)``), as Tor resolves ``.onion`` names, and logs every
target asked of it. ``Listener`` counts TCP connections: placed at the address a target's name
stands for, any count above zero is a request that went around the proxy.
"""

from __future__ import annotations

import datetime as dt
import select
import socket
import socketserver
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Answer:
    """What the site serves at one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None


class _SiteHandler(BaseHTTPRequestHandler):
    server: _SiteServer

    def do_GET(self) -> None:
        self.server.log.append(self.path)
        answer = self.server.answers.get(self.path) or Answer(b"not found", 404)
        self.send_response(answer.status)
        if answer.location:
            self.send_header("Location", answer.location)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    answers: dict[str, Answer]
    log: list[str]


class Site:
    """A web site on 127.0.0.1 serving fixed answers by path; ``tls`` takes a (cert, key) pair."""

    def __init__(self, answers: dict[str, Answer], tls: tuple[Path, Path] | None = None) -> None:
        self.httpd = _SiteServer(("127.0.0.1", 0), _SiteHandler)
        self.httpd.answers = answers
        self.httpd.log = []
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def address(self) -> tuple[str, int]:
        return self.httpd.server_address[:2]

    @property
    def log(self) -> list[str]:
        return self.httpd.log

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Listener:
    """Counts connections to an address no request of a proxied source may reach."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.connections = 0
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.sock.close()


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], 30)
        if not readable:
            return
        for s in readable:
            data = s.recv(65536)
            if not data:
                return
            (b if s is a else a).sendall(data)


class _ProxyHandler(socketserver.StreamRequestHandler):
    server: _ProxyServer

    def handle(self) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            head += chunk
        header_block, rest = head.split(b"\r\n\r\n", 1)
        lines = header_block.decode("latin-1").split("\r\n")
        method, target, version = lines[0].split(" ", 2)
        if method == "CONNECT":
            self.server.seen.append(f"CONNECT {target}")
            upstream = self._open(target)
            if upstream is None:
                return
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            with upstream:
                _pipe(self.request, upstream)
            return
        parts = urlsplit(target)
        hostport = f"{parts.hostname}:{parts.port or 80}"
        self.server.seen.append(f"{method} {target}")
        upstream = self._open(hostport)
        if upstream is None:
            return
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        kept = [
            line for line in lines[1:]
            if not line.lower().startswith(("proxy-", "connection:", "keep-alive:"))
        ]
        request = "\r\n".join([f"{method} {path} {version}", *kept, "Connection: close"])
        with upstream:
            upstream.sendall(request.encode("latin-1") + b"\r\n\r\n" + rest)
            _pipe(self.request, upstream)

    def _open(self, hostport: str) -> socket.socket | None:
        address = self.server.routes.get(hostport.lower())
        if address is None:  # the proxy cannot resolve it: what Tor says for an unknown name
            self.request.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return None
        return socket.create_connection(address, timeout=30)


class _ProxyServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    routes: dict[str, tuple[str, int]]
    seen: list[str]


@dataclass
class ForwardProxy:
    """An HTTP forward proxy on 127.0.0.1 with its own name table."""

    routes: dict[str, tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.server = _ProxyServer(("127.0.0.1", 0), _ProxyHandler)
        self.server.routes = {k.lower(): v for k, v in self.routes.items()}
        self.server.seen = []
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def seen(self) -> list[str]:
        return self.server.seen

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A throwaway certificate and key for ``name`` (the crawler does not verify certificates)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path

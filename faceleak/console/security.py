"""The console's guard: who may ask (token), from where (Host), and what the browser may do.

- Bound to loopback, the console needs no token, but refuses a Host header other than a
  loopback name (a web page cannot reach it through DNS rebinding).
- Bound anywhere else it needs ``FACELEAK_CONSOLE_TOKEN``: every request carries it, as
  ``Authorization: Bearer`` or as the cookie the login form sets (an HMAC of the token, never
  the token itself). Without it: 401, or the login form for a page.
- Every form carries a CSRF token equal to a SameSite=Strict cookie (double submit), and a
  POST whose ``Origin`` is another site is refused.
- Every response has a strict Content-Security-Policy: scripts and styles from this server
  only (no inline script at all), no images from anywhere but this server, no framing.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

TOKEN_ENV = "FACELEAK_CONSOLE_TOKEN"
AUTH_COOKIE = "faceleak_auth"
CSRF_COOKIE = "faceleak_csrf"
CSRF_FIELD = "csrf"
OPEN_PATHS = ("/login", "/static/", "/favicon.ico")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class ConsoleRefused(Exception):
    """A refusal with its HTTP status, shown to the user as one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the console on this machine."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def session_value(token: str) -> str:
    """What the auth cookie holds: derived from the token, useless as the token itself."""
    return hmac.new(token.encode(), b"faceleak-console-session", hashlib.sha256).hexdigest()


def authorised(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    if header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return True
    cookie = request.cookies.get(AUTH_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie, session_value(token))


def host_name(host_header: str) -> str:
    """The name of a Host header without its port (``[::1]:8080`` -> ``::1``)."""
    return (urlsplit(f"//{host_header}").hostname or "").lower()


def check_form(request: Request, form: Mapping[str, object]) -> None:
    """Refuse a POST without the CSRF token of this browser, or from another origin."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    given = form.get(CSRF_FIELD)
    if not cookie or not isinstance(given, str) or not hmac.compare_digest(given, cookie):
        raise ConsoleRefused(403, "the form's CSRF token is missing or stale: reload the page")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise ConsoleRefused(403, "a form from another site")


class Guard(BaseHTTPMiddleware):
    """Authentication, Host check, CSRF cookie and security headers for every request."""

    def __init__(self, app, token: str | None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        refusal = self._refusal(request)
        if refusal is not None:
            return self._headers(refusal)
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        request.state.csrf = csrf
        response = await call_next(request)
        if request.cookies.get(CSRF_COOKIE) != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict", path="/")
        return self._headers(response)

    def _refusal(self, request: Request) -> Response | None:
        path = request.url.path
        if self.token is None:
            if host_name(request.headers.get("host", "")) not in LOOPBACK_NAMES:
                return PlainTextResponse("this console answers to loopback names only", 421)
            return None
        if path.startswith(OPEN_PATHS) or authorised(request, self.token):
            return None
        if request.method == "GET" and "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/login", status_code=303)
        return PlainTextResponse("authentication required: the console token", 401,
                                 headers={"WWW-Authenticate": "Bearer"})

    @staticmethod
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def safe_next(value: object, default: str = "/") -> str:
    """A redirect target from a form: a path on this server, never another site."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return default

"""``webhook``: POST the alert JSON (DESIGN 4.3), signed when the channel has a secret.

Outbound HTTP always has a timeout, never follows redirects (a POST turned into a GET would
drop the body and still look like success), and the receiver's status decides the outcome:
2xx sent; 408, 425, 429, 5xx and network errors retried (``Retry-After`` honoured); any
other answer is a permanent failure.

Signatures: ``X-Faceleak-Signature`` (HMAC of the body, kept as it was) and, because a body
alone can be replayed, ``X-Faceleak-Signature-V2: t=<ts>,sha256=<HMAC of "ts.body">`` with
``X-Faceleak-Timestamp: <ts>`` (Unix seconds), so a receiver can reject stale requests. A
channel whose secret variable is unset does not send unsigned: it retries until it is set.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..text import one_line
from .base import AlertMessage, Channel, SendResult

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429})
DEFAULT_TIMEOUT_S = 10.0
USER_AGENT = "faceleak-webhook/1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None  # the 3xx surfaces as an HTTPError and is judged like any other status


_OPENER = urllib.request.build_opener(_NoRedirect)


def body_bytes(alert: AlertMessage) -> bytes:
    """The exact bytes POSTed (and signed): compact UTF-8 JSON."""
    return json.dumps(alert.doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signature_v2(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<ts>,sha256=<hex HMAC-SHA256 of "<ts>.<body>">``: the body bound to its send time."""
    signed = str(timestamp).encode("ascii") + b"." + body
    digest = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},sha256={digest}"


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def judge(status: int, reason: str = "", retry_after: str | None = None) -> SendResult:
    """The outcome of an HTTP answer (pure, so the policy is testable on its own)."""
    detail = f"HTTP {status}" + (f": {reason}" if reason else "")
    if 200 <= status < 300:
        return SendResult.sent(status, detail)
    if status in RETRY_STATUSES or status >= 500:
        return SendResult.retry(detail, status, retry_after_seconds(retry_after))
    return SendResult.fail(detail, status)


def _error_snippet(exc: urllib.error.HTTPError) -> str:
    """The start of an error answer's body, as a safe line (receivers often explain there)."""
    try:
        return one_line(exc.read(300).decode("utf-8", "replace"), 200) if exc.fp else ""
    except (OSError, http.client.HTTPException):
        return ""


class WebhookChannel(Channel):
    """POSTs the alert JSON with the delivery key, and an HMAC signature when configured."""

    kind = "webhook"

    def __init__(self, config: Any, clock: Callable[[], float] = time.time) -> None:
        super().__init__(config)
        self.url = str(config.url)
        self.timeout = float(getattr(config, "timeout_s", None) or DEFAULT_TIMEOUT_S)
        self.secret_env: str | None = getattr(config, "secret_env", None)
        self.clock = clock

    def headers(self, body: bytes, delivery_key: str) -> dict[str, str] | SendResult:
        """The request headers, or a retry when the secret to sign with is missing."""
        timestamp = int(self.clock())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Faceleak-Delivery": delivery_key,
            "X-Faceleak-Timestamp": str(timestamp),
        }
        if self.secret_env:
            secret = os.environ.get(self.secret_env)
            if not secret:
                log.warning("channel %s: $%s is not set; not sending unsigned",
                            self.name, self.secret_env)
                return SendResult.retry(f"${self.secret_env} is not set (the signing secret)")
            headers["X-Faceleak-Signature"] = signature(secret, body)
            headers["X-Faceleak-Signature-V2"] = signature_v2(secret, timestamp, body)
        return headers

    def send(self, alert: AlertMessage, delivery_key: str) -> SendResult:
        if urllib.parse.urlsplit(self.url).scheme not in ("http", "https"):
            return SendResult.fail(f"webhook URL must be http(s): {self.url!r}")
        body = body_bytes(alert)
        headers = self.headers(body, delivery_key)
        if isinstance(headers, SendResult):
            return headers
        try:
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        except ValueError as exc:
            return SendResult.fail(f"bad webhook URL: {exc}")
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                response.read(65536)
                return judge(response.status, response.reason or "")
        except urllib.error.HTTPError as exc:
            retry_after = exc.headers.get("Retry-After") if exc.headers else None
            return judge(exc.code, _error_snippet(exc) or str(exc.reason or ""), retry_after)
        except TimeoutError:
            return SendResult.retry(f"timed out after {self.timeout:g}s")
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                return SendResult.retry(f"timed out after {self.timeout:g}s")
            return SendResult.retry(f"connection failed: {reason}")
        except (OSError, ValueError, http.client.HTTPException) as exc:  # reset, bad answer
            return SendResult.retry(f"{type(exc).__name__}: {exc}")

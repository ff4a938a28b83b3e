"""``console``: one line per alert on a stream (stderr by default), safe for a terminal."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from ..text import one_line
from .base import AlertMessage, Channel, SendResult


def line(alert: AlertMessage) -> str:
    """``[severity] event #id (rule): summary <url>``, every scraped part stripped of escapes."""
    url = f" <{one_line(alert.listing_url, 300)}>" if alert.listing_url else ""
    return one_line(
        f"[{alert.severity}] {alert.event} #{alert.id} ({alert.rule}): {alert.summary}", 400
    ) + url


class ConsoleChannel(Channel):
    """Prints the alert line; ``stream`` lets the CLI or a test choose where."""

    kind = "console"

    def __init__(self, config: Any, stream: TextIO | None = None) -> None:
        super().__init__(config)
        self._stream = stream

    def send(self, alert: AlertMessage, delivery_key: str) -> SendResult:
        stream = self._stream or sys.stderr  # looked up late so redirections are honoured
        try:
            stream.write(line(alert) + "\n")
            stream.flush()
        except (OSError, ValueError) as exc:  # closed or broken stream
            return SendResult.retry(f"cannot write to the console: {exc}")
        return SendResult.sent(detail="printed")

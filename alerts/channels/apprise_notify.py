"""``apprise``: any service Apprise supports (chat, push, SMS ...), title plus body.

Apprise reports only True or False; False may be a passing outage, so it is retried. A URL
Apprise cannot parse is a permanent failure. Each URL is its own delivery (see
``alerts.targets``), so retrying one dead service never re-notifies the others. Messages are
sent as *text*: Apprise escapes them for HTML and Markdown services, so scraped content
cannot inject markup.
"""

from __future__ import annotations

from typing import Any

from ..targets import apprise_label
from ..text import one_line, safe_terminal_text
from .base import AlertMessage, Channel, SendResult


def title(alert: AlertMessage) -> str:
    return one_line(f"[faceleak] {alert.severity} {alert.event}", 120)


def body(alert: AlertMessage) -> str:
    lines = [safe_terminal_text(alert.summary)]
    if alert.listing_url:
        lines.append(safe_terminal_text(alert.listing_url))
    lines.append(f"alert #{alert.id} ({alert.rule})")
    return "\n".join(lines)


class AppriseChannel(Channel):
    """Notifies every URL of the channel through Apprise; title plus a short body."""

    kind = "apprise"

    def __init__(self, config: Any) -> None:
        super().__init__(config)
        self.urls: list[str] = [str(u) for u in config.urls]

    def send(self, alert: AlertMessage, delivery_key: str) -> SendResult:
        return self._notify(alert, self.urls)

    def deliver(self, alert: AlertMessage, delivery_key: str, target: str) -> SendResult:
        """Notify the one URL labelled ``target`` ('' for all, as rows made before 0003)."""
        if not target:
            return self._notify(alert, self.urls)
        urls = [url for url in self.urls if apprise_label(url) == target]
        if not urls:
            return SendResult.fail(f"no URL of channel {self.name!r} has the label {target}")
        return self._notify(alert, urls[:1])

    def _notify(self, alert: AlertMessage, urls: list[str]) -> SendResult:
        import apprise  # heavy import, paid only by configs that use it

        notifier = apprise.Apprise()
        accepted = [url for url in urls if notifier.add(url)]
        if not accepted:
            return SendResult.fail("apprise accepted none of the channel's URLs")
        if notifier.notify(
            title=title(alert), body=body(alert), body_format=apprise.NotifyFormat.TEXT
        ):
            skipped = len(urls) - len(accepted)
            return SendResult.sent(detail=f"notified {len(accepted)} URL(s)"
                                   + (f", {skipped} unusable" if skipped else ""))
        return SendResult.retry("apprise reported a failed notification")

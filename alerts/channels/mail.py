"""``email``: the alert as a plain-text mail over SMTP, with the alert JSON attached.

Credentials are read from the environment variables the config names, never from the file;
unset ones are retried (the operator may still set them), not failed for good. Each recipient
is its own delivery (see ``alerts.targets``): SMTP answers for that recipient decide its
outcome, 4xx and network trouble retried, 5xx refusals not.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

from ..text import one_line, safe_terminal_text
from .base import AlertMessage, Channel, SendResult

DEFAULT_TIMEOUT_S = 10.0
SUBJECT_LIMIT = 200


def subject(alert: AlertMessage) -> str:
    return one_line(f"[faceleak] {alert.severity} {alert.event}: {alert.summary}", SUBJECT_LIMIT)


def _price(listing_doc: dict) -> str:
    price = listing_doc.get("price")
    if not price:
        return "unknown"
    text = f"{price['amount']:g} {price['currency']} per {price['per']}"
    return text + (f" (~{price['usd']:g} USD)" if price.get("usd") is not None else "")


def plain_body(doc: dict) -> str:
    """What an analyst reads first; everything else is in the attached JSON."""
    lines = [
        safe_terminal_text(doc["summary"]),
        "",
        f"Alert:    #{doc['id']} ({doc['rule']}, {doc['event']}, severity {doc['severity']})",
        f"Raised:   {doc['created_at']}",
    ]
    listing = doc.get("listing")
    if listing:
        count = listing.get("photo_count")
        lines += [
            f"Listing:  {safe_terminal_text(listing['url'])}",
            f"Source:   {listing['source']}",
            f"Seller:   {safe_terminal_text(listing.get('seller') or 'unknown')}",
            f"Price:    {_price(listing)}",
            f"Photos:   {count if count is not None else 'unknown'}",
        ]
    lines += ["", "The full alert is attached as JSON.", ""]
    return "\n".join(lines)


def build_message(
    alert: AlertMessage, config: Any, delivery_key: str, to: list[str] | None = None
) -> EmailMessage:
    doc = alert.doc
    message = EmailMessage()
    message["Subject"] = subject(alert)
    message["From"] = config.sender
    message["To"] = ", ".join(to or config.to)
    message["X-Faceleak-Delivery"] = delivery_key
    message.set_content(plain_body(doc))
    message.add_attachment(
        json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"),
        maintype="application",
        subtype="json",
        filename=f"faceleak-alert-{alert.id}.json",
    )
    return message


def _smtp_result(code: int, text: bytes | str) -> SendResult:
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    detail = f"SMTP {code}: {one_line(message, 200)}"
    if 400 <= code < 500:
        return SendResult.retry(detail, code)
    return SendResult.fail(detail, code)


class EmailChannel(Channel):
    """One mail per alert to all of ``to``, plain STARTTLS/SSL SMTP, login from env vars."""

    kind = "email"

    def credentials(self) -> tuple[str, str] | SendResult | None:
        user_env = getattr(self.config, "username_env", None)
        pass_env = getattr(self.config, "password_env", None)
        if not user_env and not pass_env:
            return None
        missing = [n for n in (user_env, pass_env) if n and not os.environ.get(n)]
        if missing:
            return SendResult.retry(f"credentials missing: ${', $'.join(missing)} not set")
        return os.environ[user_env], os.environ[pass_env]  # type: ignore[index]

    def connect(self) -> smtplib.SMTP:
        cfg = self.config
        timeout = float(getattr(cfg, "timeout_s", None) or DEFAULT_TIMEOUT_S)
        port = int(getattr(cfg, "smtp_port", None) or (465 if getattr(cfg, "ssl", False) else 25))
        if getattr(cfg, "ssl", False):
            return smtplib.SMTP_SSL(
                cfg.smtp_host, port, timeout=timeout, context=ssl.create_default_context()
            )
        client = smtplib.SMTP(cfg.smtp_host, port, timeout=timeout)
        if getattr(cfg, "starttls", False):
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, alert: AlertMessage, delivery_key: str) -> SendResult:
        return self.deliver(alert, delivery_key, "")

    def deliver(self, alert: AlertMessage, delivery_key: str, target: str) -> SendResult:
        """Mail ``target`` alone ('' for every recipient at once, as rows made before 0003)."""
        creds = self.credentials()
        if isinstance(creds, SendResult):
            return creds
        to = [target] if target else None
        try:
            message = build_message(alert, self.config, delivery_key, to)
        except ValueError as exc:  # e.g. an address the email package refuses
            return SendResult.fail(f"cannot build the message: {exc}")
        try:
            client = self.connect()
            try:
                if creds is not None:
                    client.login(*creds)
                refused = client.send_message(message)
            finally:
                try:
                    client.quit()
                except (smtplib.SMTPException, OSError):
                    client.close()
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return _smtp_result(code, text)
        except smtplib.SMTPResponseException as exc:  # sender refused, auth, data, ...
            return _smtp_result(exc.smtp_code, exc.smtp_error)
        except smtplib.SMTPNotSupportedError as exc:
            return SendResult.fail(f"SMTP server lacks a feature: {exc}")
        except TimeoutError:
            return SendResult.retry("SMTP timed out")
        except (smtplib.SMTPException, OSError) as exc:  # disconnects, refused connections, TLS
            return SendResult.retry(f"{type(exc).__name__}: {exc}")
        if refused:
            return SendResult.sent(250, f"accepted, but refused for {', '.join(sorted(refused))}")
        return SendResult.sent(250, "accepted")

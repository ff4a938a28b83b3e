"""Helpers for config tests: write YAML to a real file and read back its issues."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from faceleak.config import ConfigIssue, check_config

FULL_EXAMPLE = """\
database: sqlite:///faceleak.db
sources:
  - name: tg-market
    kind: telegram
    start_urls: ["https://t.me/s/example"]
    schedule: 15m
    max_pages: 20
    enabled: true
    proxy: null
    allow_private: false
    obey_robots: true
  - name: shop
    kind: html
    start_urls: ["http://market.example/index"]
    schedule: "cron: */30 * * * *"
    proxy: http://127.0.0.1:8118
    selectors:
      listing: "a.item-link"
      next_page: "a.next"
      title: "h1"
      body: ".description"
      seller: ".seller a"
      posted_at: "time"
      images: ".gallery img"
alerts:
  channels:
    - {name: soc, kind: webhook, url: "https://soc.example/hook",
       secret_env: FACELEAK_WEBHOOK_SECRET}
    - {name: mail, kind: email, to: ["analyst@example.org"], smtp_host: localhost, smtp_port: 25,
       starttls: false, username_env: null, password_env: null, from: "faceleak@example.org"}
    - {name: chat, kind: apprise, urls: ["tgram://bottoken/chatid"]}
    - {name: term, kind: console}
  rules:
    - {name: new-offers, event: new_offer, severity: high, channels: [soc, mail], min_photos: 1000}
    - {name: reuse, event: sample_reuse, severity: medium, channels: [soc]}
currency_rates_usd: {CNY: 0.1417, RUB: 0.011, USDT: 1.0}
"""


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str], Path]:
    """Write dedented YAML to ``faceleak.yaml`` in a temporary folder and return its path."""

    def _write(text: str) -> Path:
        path = tmp_path / "faceleak.yaml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def issues_of(write: Callable[[str], Path]) -> Callable[[str], list[ConfigIssue]]:
    def _issues(text: str) -> list[ConfigIssue]:
        return check_config(write(text))

    return _issues

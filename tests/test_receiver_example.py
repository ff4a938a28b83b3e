"""The webhook receiver example of docs/reference.md accepts our requests and rejects replays."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from faceleak.alerts.channels import AlertMessage
from faceleak.alerts.channels.webhook import WebhookChannel, body_bytes

REFERENCE = Path(__file__).resolve().parents[1] / "docs" / "reference.md"


@pytest.fixture
def verify():
    [code] = re.findall(r"```python\n(.*?)```", REFERENCE.read_text(encoding="utf-8"), re.S)
    namespace: dict = {}
    exec(compile(code, str(REFERENCE), "exec"), namespace)
    return namespace["verify"]


def signed(monkeypatch, at: float, secret: str = "s3cret"):
    monkeypatch.setenv("TEST_RECEIVER_SECRET", secret)
    channel = WebhookChannel(
        SimpleNamespace(name="soc", kind="webhook", url="http://127.0.0.1/h",
                        secret_env="TEST_RECEIVER_SECRET", timeout_s=1),
        clock=lambda: at,
    )
    message = AlertMessage({"id": 1, "rule": "r", "event": "new_offer", "severity": "high",
                            "summary": "s", "listing": None})
    body = body_bytes(message)
    return channel.headers(body, "key-1"), body


def test_the_example_accepts_a_fresh_signed_request(verify, monkeypatch):
    headers, body = signed(monkeypatch, at=1_790_000_000)
    assert verify(b"s3cret", headers, body, now=1_790_000_010)


def test_the_example_rejects_a_replay_a_tampered_body_and_a_wrong_secret(verify, monkeypatch):
    headers, body = signed(monkeypatch, at=1_790_000_000)
    assert not verify(b"s3cret", headers, body, now=1_790_000_000 + 3600)  # stale
    assert not verify(b"s3cret", headers, body + b" ", now=1_790_000_010)
    assert not verify(b"other", headers, body, now=1_790_000_010)
    moved = {**headers, "X-Faceleak-Timestamp": str(1_790_003_600)}
    assert not verify(b"s3cret", moved, body, now=1_790_003_600)  # timestamp is signed
    assert not verify(b"s3cret", {}, body, now=1_790_000_010)

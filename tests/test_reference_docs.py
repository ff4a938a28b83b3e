"""Every registered adapter kind, channel kind and event has a line in docs/reference.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faceleak.alerts.channels import CHANNELS
from faceleak.alerts.events import EVENTS
from faceleak.crawler.adapters import Adapter

REFERENCE = (Path(__file__).resolve().parents[1] / "docs" / "reference.md").read_text(
    encoding="utf-8"
)
DOCUMENTED = set(re.findall(r"^- `([a-z_]+)` — ", REFERENCE, re.M))


@pytest.mark.parametrize("name", sorted(Adapter.registry))
def test_every_adapter_kind_is_documented(name):
    assert name in DOCUMENTED


@pytest.mark.parametrize("name", sorted(CHANNELS))
def test_every_channel_kind_is_documented(name):
    assert name in DOCUMENTED


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_every_event_is_documented(name):
    assert name in DOCUMENTED


def test_nothing_documented_is_unregistered():
    assert set(Adapter.registry) | set(CHANNELS) | set(EVENTS) >= DOCUMENTED

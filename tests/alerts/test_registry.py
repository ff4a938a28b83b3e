"""Extension points police themselves (STYLE 3): every event and channel kind has tests."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from faceleak.alerts.channels import CHANNELS
from faceleak.alerts.events import EVENTS

HERE = Path(__file__).parent


def defined_test_names() -> set[str]:
    return {
        match.group(1)
        for path in HERE.glob("test_*.py")
        for match in re.finditer(r"^def (test_\w+)", path.read_text(), re.MULTILINE)
    }


def test_every_event_has_a_test_named_after_it():
    names = defined_test_names()
    missing = [e for e in EVENTS if not any(n.startswith(f"test_{e}_") for n in names)]
    assert missing == []


def test_every_channel_kind_has_a_test_named_after_it():
    names = defined_test_names()
    missing = [k for k in CHANNELS if not any(n.startswith(f"test_{k}_") for n in names)]
    assert missing == []


def test_registries_hold_the_designed_events_and_kinds():
    assert set(EVENTS) == {"new_offer", "offer_changed", "new_sample", "sample_reuse",
                           "watchlist_match", "source_failing"}
    assert set(CHANNELS) == {"webhook", "email", "apprise", "console"}


def documented(obj: object) -> bool:
    return bool((obj.__doc__ or "").strip())


def test_every_event_and_channel_kind_documents_itself():
    undocumented = [
        name
        for name, cls in [*EVENTS.items(), *CHANNELS.items()]
        if not documented(cls) or not documented(sys.modules[cls.__module__])
    ]
    assert undocumented == []

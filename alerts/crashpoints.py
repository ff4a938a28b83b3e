"""Named points where a test may kill this process with SIGKILL, to prove nothing is lost.

``FACELEAK_CRASHPOINT=name:n`` kills the process the n-th time it passes ``name`` (1-based).
Unset (always, outside tests), a crash point costs one dictionary lookup. The points mark the
moments that matter for at-least-once delivery: after an alert is committed, after a claim
is committed but before the send, after the send but before its outcome is committed.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

ENV = "FACELEAK_CRASHPOINT"
_passed: Counter[str] = Counter()


def crashpoint(name: str) -> None:
    wanted = os.environ.get(ENV)
    if not wanted:
        return
    point, _, nth = wanted.rpartition(":")
    if point != name:
        return
    _passed[name] += 1
    if str(_passed[name]) == nth:
        os.kill(os.getpid(), signal.SIGKILL)

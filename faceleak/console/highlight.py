"""The phrases that carried the decision, found again in the post's text.

The extraction's reasons read ``"<feature>: <phrase> (+1.23)"``; the phrase is looked up in
the text (case-insensitively) and each place it occurs becomes a mark carrying the reason and
whether it counted for (+) or against (-) an offer. Phrases are matched on the text as
stored; one the extractor found only after normalising (traditional script, full-width
digits) is listed but not marked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_REASON = re.compile(r"^(?P<feature>[^:]+):\s*(?P<phrase>.+?)\s*\((?P<weight>[+-]\d+(?:\.\d+)?)\)$")


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    reason: str | None = None  # the reason marking it, or plain text
    positive: bool = True


def phrases(reasons: list[str]) -> list[tuple[str, str, bool]]:
    """(phrase, reason, counts for an offer) for every reason that names a phrase."""
    out = []
    for reason in reasons:
        m = _REASON.match(reason)
        if m and len(m.group("phrase")) >= 2:
            out.append((m.group("phrase"), reason, not m.group("weight").startswith("-")))
    return out


def segments(text: str, reasons: list[str]) -> list[Segment]:
    """``text`` cut into plain and marked pieces; overlaps go to the longer phrase."""
    spans: list[tuple[int, int, str, bool]] = []
    for phrase, reason, positive in sorted(phrases(reasons), key=lambda p: -len(p[0])):
        for m in re.finditer(re.escape(phrase), text, re.IGNORECASE):
            if all(m.end() <= s or m.start() >= e for s, e, _, _ in spans):
                spans.append((m.start(), m.end(), reason, positive))
    spans.sort()
    out, at = [], 0
    for start, end, reason, positive in spans:
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], reason, positive))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out

"""A listing's version history as differences between consecutive snapshots."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: object
    new: object
    words: tuple[tuple[str, str], ...] = ()  # for text: ("=", "-" or "+", piece) pieces


def _word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


def version_changes(previous: dict, current: dict, fields: list[str]) -> list[FieldChange]:
    """What changed between two snapshots, field by field; text fields word by word."""
    changes = []
    for name in fields:
        old, new = previous.get(name), current.get(name)
        words = ()
        if name in ("text", "title") and isinstance(new, str):
            words = _word_diff(old or "", new)
        changes.append(FieldChange(name, old, new, words))
    return changes


def history(versions: list) -> list[dict]:
    """Each version, newest first, with its changes against the one before."""
    out = []
    for i, version in enumerate(versions):
        before = versions[i - 1].snapshot if i else {}
        fields = list(version.changed_fields or []) if i else []
        out.append({"version": version.version, "seen_at": version.seen_at,
                    "changes": version_changes(before or {}, version.snapshot or {}, fields)})
    return list(reversed(out))

"""Checks that span several entries: unique names and rules naming what is defined.

They run on the plain data read from YAML, so they still report when some other part of the
file is invalid, and each problem carries the path of the offending value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .fields import is_name
from .issues import Path_, format_field

Problem = tuple[Path_, str]


def _entries(data: Any, *path: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    node = data
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    if isinstance(node, list):
        for index, entry in enumerate(node):
            if isinstance(entry, Mapping):
                yield index, entry


def _unique_names(data: Any, what: str, *path: str) -> tuple[list[Problem], set[Any]]:
    problems: list[Problem] = []
    first: dict[Any, int] = {}
    for index, entry in _entries(data, *path):
        name = entry.get("name")
        if not isinstance(name, str):
            continue
        if name in first:
            where = format_field((*path, first[name]))
            message = f"duplicate {what} name {name!r}, first used by {where}"
            problems.append(((*path, index, "name"), message))
        else:
            first[name] = index
    return problems, set(first)


def _references(
    rule_path: Path_, rule: Mapping[str, Any], key: str, what: str, defined: set[Any]
) -> list[Problem]:
    names = rule.get(key)
    if not isinstance(names, list):
        return []
    known = ", ".join(sorted(defined)) or "none"
    return [
        ((*rule_path, key, index), f"unknown {what} {name!r}; defined: {known}")
        for index, name in enumerate(names)
        if is_name(name) and name not in defined  # a malformed name is reported by the schema
    ]


def cross_check(data: Any) -> list[Problem]:
    """Every duplicate name and every dangling rule reference in ``data``."""
    problems, sources = _unique_names(data, "source", "sources")
    more, channels = _unique_names(data, "channel", "alerts", "channels")
    problems += more
    more, _ = _unique_names(data, "rule", "alerts", "rules")
    problems += more
    for index, rule in _entries(data, "alerts", "rules"):
        path = ("alerts", "rules", index)
        problems += _references(path, rule, "channels", "channel", channels)
        problems += _references(path, rule, "sources", "source", sources)
    return problems

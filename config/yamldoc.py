"""YAML reading that remembers where every value was written.

PyYAML's constructed data has no positions, so the node tree is walked first to map each
path (``("sources", 1, "selectors")``) to its line; the data is then built from the same nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .issues import Path_

MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Duplicate:
    path: Path_
    line: int
    first_line: int


@dataclass(frozen=True)
class YamlDocument:
    """Parsed data plus the 1-based line of each path written in the file."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicates: tuple[Duplicate, ...] = ()

    def line_of(self, path: Path_) -> int | None:
        """Line of ``path``, or of its nearest written ancestor (a missing key's mapping)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


class _Indexer:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.loader = loader
        self.lines: dict[Path_, int] = {}
        self.duplicates: list[Duplicate] = []
        self.seen: set[int] = set()

    def _forget(self, prefix: Path_) -> None:
        for known in [p for p in self.lines if p[: len(prefix)] == prefix]:
            del self.lines[known]

    def walk(self, node: Node, path: Path_, line: int) -> None:
        self.lines.setdefault(path, line)
        if id(node) in self.seen:  # an alias: walked once, so a crafted file cannot blow up
            return
        self.seen.add(id(node))
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index), item.start_mark.line + 1)
        elif isinstance(node, MappingNode):
            first: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == MERGE_TAG or not isinstance(key_node, ScalarNode):
                    continue
                key = self.loader.construct_object(key_node)
                key_line = key_node.start_mark.line + 1
                if key in first:
                    self.duplicates.append(Duplicate((*path, key), key_line, first[key]))
                    self._forget((*path, key))  # the last one wins in the data
                else:
                    first[key] = key_line
                self.walk(value_node, (*path, key), key_line)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document safely; raises ``yaml.YAMLError`` (with a mark) when invalid."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None)
        indexer = _Indexer(loader)
        indexer.walk(node, (), node.start_mark.line + 1)
        loader.constructed_objects = {}
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return YamlDocument(data, indexer.lines, tuple(indexer.duplicates))

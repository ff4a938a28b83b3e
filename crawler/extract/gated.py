"""A regex behind a first-character gate: the same matches, found three to ten times faster.

Python's ``re`` skips ahead in a fast C loop only when a pattern begins with a literal or a
character class; a lexicon alternation whose words begin with ``\\b``, a lookbehind or a group
gets no such skip, so the matcher is entered at every position of the post and tries every
word there. Most of extraction's time went to that. ``gated`` computes the characters a match
can begin with and searches ``[those](?<=(?=pattern).)`` instead, a pattern that starts with a
class, so ``re`` skips every other position; at a position the gate passes, the pattern itself
is matched. Leftmost-first semantics are kept: the gate finds the leftmost position where the
pattern matches, and ``match`` there gives the match ``search`` would have.

A pattern whose first character cannot be enumerated (``\\w``, ``.``, a negated class, a wide
range, case-insensitive matching) or that can match the empty string stays ungated.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from re import _constants as sre
from re import _parser as sre_parse

_WIDEST_RANGE = 400  # characters; a wider class (all CJK, say) makes a gate that passes anything
_END = sys.maxsize


def _first_chars(items) -> tuple[set[str] | None, bool]:
    """The characters a match of this sequence can begin with (None: not enumerable), and
    whether the sequence can match the empty string."""
    chars: set[str] = set()
    for op, av in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: the next item begins the match
        if op is sre.LITERAL:
            return chars | {chr(av)}, False
        if op is sre.IN:
            for kind, value in av:
                if kind is sre.LITERAL:
                    chars.add(chr(value))
                elif kind is sre.RANGE and value[1] - value[0] < _WIDEST_RANGE:
                    chars.update(map(chr, range(value[0], value[1] + 1)))
                else:  # a category, a negation, a wide range
                    return None, False
            return chars, False
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, body = av
            if add_flags & sre.SRE_FLAG_IGNORECASE:
                return None, False
            sub, nullable = _first_chars(body.data)
        elif op is sre.ATOMIC_GROUP:
            sub, nullable = _first_chars(av.data)
        elif op is sre.BRANCH:
            sub, nullable = set(), False
            for branch in av[1]:
                got, empty = _first_chars(branch.data)
                if got is None:
                    return None, False
                sub |= got
                nullable = nullable or empty
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, body = av
            sub, empty = _first_chars(body.data)
            nullable = low == 0 or empty
        else:  # any character, a category, a back-reference
            return None, False
        if sub is None:
            return None, False
        chars |= sub
        if not nullable:
            return chars, False
    return chars, True


def _gate(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    if pattern.flags & re.IGNORECASE:
        return None
    items = sre_parse.parse(pattern.pattern, pattern.flags).data
    if items and items[0][0] in (sre.LITERAL, sre.IN):
        return None  # re skips ahead on its own
    chars, nullable = _first_chars(items)
    if not chars or nullable:
        return None
    first = "".join(re.escape(c) for c in sorted(chars))
    try:
        return re.compile(f"[{first}](?<=(?={pattern.pattern})[\\s\\S])", pattern.flags)
    except re.error:  # inline global flags cannot be nested: leave the pattern as it is
        return None


class GatedPattern:
    """``re.Pattern``'s reading methods, for a pattern with a gate (see the module doc)."""

    __slots__ = ("_gate", "_pattern")

    def __init__(self, pattern: re.Pattern[str], gate: re.Pattern[str]) -> None:
        self._pattern, self._gate = pattern, gate

    pattern = property(lambda self: self._pattern.pattern)
    flags = property(lambda self: self._pattern.flags)
    groups = property(lambda self: self._pattern.groups)
    groupindex = property(lambda self: self._pattern.groupindex)

    def search(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        at = self._gate.search(string, pos, endpos)
        return self._pattern.match(string, at.start(), endpos) if at else None

    def finditer(self, string: str, pos: int = 0, endpos: int = _END
                 ) -> Iterator[re.Match[str]]:
        while at := self._gate.search(string, pos, endpos):
            found = self._pattern.match(string, at.start(), endpos)
            yield found  # type: ignore[misc]  # the gate saw it match here
            pos = found.end()  # never empty: a gated pattern cannot match ""

    def findall(self, string: str, pos: int = 0, endpos: int = _END) -> list:
        if not self._gate.search(string, pos, endpos):
            return []
        return self._pattern.findall(string, pos, endpos)

    def sub(self, repl, string: str, count: int = 0) -> str:
        return self._pattern.sub(repl, string, count) if self._gate.search(string) else string

    def subn(self, repl, string: str, count: int = 0) -> tuple[str, int]:
        return self._pattern.subn(repl, string, count) if self._gate.search(string) \
            else (string, 0)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return self._pattern.split(string, maxsplit) if self._gate.search(string) else [string]

    def match(self, string: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self._pattern.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = _END
                  ) -> re.Match[str] | None:
        return self._pattern.fullmatch(string, pos, endpos)

    def __repr__(self) -> str:
        return f"gated({self._pattern!r})"


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind its first-character gate where it has one, else ``pattern``.

    Typed as ``re.Pattern`` because it is one in every reading use."""
    gate = _gate(pattern)
    return pattern if gate is None else GatedPattern(pattern, gate)  # type: ignore[return-value]


def compile_gated(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` behind a first-character gate where the pattern has one."""
    return gated(re.compile(pattern, flags))

"""Someone else's words inside a post: quoted lines, a forum's quote block, text in quotation
marks. A reply's buying words, prices and goods in them are not the replier's."""

from __future__ import annotations

import re

from faceleak.crawler.extract.gated import compile_gated

# "> Face pics ........ $0.15/pc": a price list drawn with dot leaders is no quotation.
_LEADERS = r"(?:\.{4,}|…{2,}|·{4,})"
_QUOTE_LINE = compile_gated(rf"^[ \t]*(?:>|＞)(?![^\n]*{_LEADERS}).*$", re.M)
_MENU_LINE = compile_gated(_LEADERS)
# A forum's quote block: "引用：小白兔 发表于 2026-10-21", "X wrote:", "Цитата (baza @ 02.03.2024)",
# and its lines up to a blank one.
_QUOTE_BLOCK = compile_gated(
    r"^[ \t]*(?:引用|quote|цитата)[^\n]*(?:发表于|wrote|писал|сообщение|@\s*\d)[^\n]*\n"
    r"(?:[^\n]*\S[^\n]*\n?)*", re.M | re.IGNORECASE)
_STRAIGHT_QUOTE = re.compile(r"(?<![A-Za-z])'|'(?![A-Za-z])")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """What a reply quotes from another post ("> WTB 1k selfies", a forum's quote block): the
    replier's words are the rest."""
    return sorted([m.span() for m in _QUOTE_LINE.finditer(text)]
                  + [m.span() for m in _QUOTE_BLOCK.finditer(text)])


def quoted(text: str, at: int) -> bool:
    """Whether position ``at`` lies inside a quotation (someone else's words): a quoted line or
    block, or quotation marks opened before it on its line."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    if text[line_start:at].lstrip().startswith((">", "＞")) and not _MENU_LINE.search(
            text, line_start, len(text) if line_end < 0 else line_end):
        return True
    if any(start <= at < end for start, end in (m.span() for m in _QUOTE_BLOCK.finditer(text))):
        return True
    before = text[line_start:at]
    opened = sum(before.count(q) for q in "«“‘「『„")
    closed = sum(before.count(q) for q in "»”’」』")
    straight = before.count('"') + len(_STRAIGHT_QUOTE.findall(before))
    return opened > closed or straight % 2 == 1

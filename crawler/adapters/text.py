"""Markup to plain text for ``RawPost.text``.

The result is untrusted data kept as text: entities are decoded once (by the parser),
nothing is re-parsed, and control characters (terminal escape sequences included) are
removed so the text cannot drive a terminal; whoever shows it still escapes it.
Invisible content is dropped: scripts, styles, templates, elements hidden with
``display:none`` / ``visibility:hidden`` / ``hidden`` / ``aria-hidden``, and Discuz!'s
anti-copy "jammer" noise. Visible quotes are kept.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_BLOCK_TAGS = (
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main "
    "menu nav ol p pre section summary table tbody tfoot thead tr ul"
)
_BLOCK = frozenset(_BLOCK_TAGS.split())
_CELL = frozenset({"td", "th"})
_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "button",
        "select",
        "textarea",
        "input",
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_JAMMER_CLASSES = frozenset({"jammer"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_WS = re.compile(r"\s+")


def _is_dropped(el: etree._Element, tag: str, skip: frozenset[str]) -> bool:
    if tag in _SKIP:
        return True
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden", "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(attrib.get("style", "")[:2000]):
        return True
    classes = attrib.get("class", "")
    return bool(classes) and not skip.isdisjoint(classes.split())


_PARSER = lxml.html.HTMLParser(huge_tree=True)
_BREAK = ""  # a block boundary: one newline unless the text already ends a line


def _pieces(root: etree._Element, skip: frozenset[str]) -> list[str]:
    """Text runs, ``\\n`` for ``<br>`` and ``_BREAK`` for block edges, in document order.

    Iterative, so hostile deep nesting cannot exhaust the stack.
    """
    out: list[str] = []

    def fold(text: str, pre: bool) -> str:
        return text if pre else _WS.sub(" ", text)

    stack: list[tuple[etree._Element, bool, bool]] = [(root, False, False)]
    while stack:
        el, leaving, pre = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        tail = el.tail if el is not root else None
        if leaving:
            if tag in _BLOCK:
                out.append(_BREAK)
            elif tag in _CELL:
                out.append(" ")
            if tail:
                out.append(fold(tail, pre))
            continue
        if tag is None or (el is not root and _is_dropped(el, tag, skip)):
            if tail:
                out.append(fold(tail, pre))
            continue
        if tag == "br":
            out.append("\n")
            if tail:
                out.append(fold(tail, pre))
            continue
        if tag in _BLOCK:
            out.append(_BREAK)
        inner_pre = pre or tag == "pre"
        if el.text:
            out.append(fold(el.text, inner_pre))
        stack.append((el, True, pre))
        stack.extend((child, False, inner_pre) for child in reversed(el))
    return out


def _join(pieces: list[str]) -> str:
    parts: list[str] = []
    at_line_start = True
    for piece in pieces:
        if piece == _BREAK:
            if not at_line_start:
                parts.append("\n")
                at_line_start = True
            continue
        parts.append(piece)
        if piece.strip(" "):
            at_line_start = piece.rstrip(" ").endswith("\n")
    return "".join(parts)


def clean_text(text: str) -> str:
    """Fold spaces per line, keep at most one blank line, drop control characters."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines: list[str] = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip()


def element_text(el: etree._Element | None, skip_classes: frozenset[str] = frozenset()) -> str:
    """Plain text of one element and its descendants (empty for ``None``).

    Elements with a class in ``skip_classes`` are left out too (a kind's site chrome
    inside a post, such as Discuz!'s "log in to see attachments" box).
    """
    if el is None:
        return ""
    return clean_text(_join(_pieces(el, skip_classes | _JAMMER_CLASSES)))


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (e.g. Discourse's ``cooked``); never raises."""
    if not markup or not markup.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(
            _CONTROL.sub("", markup), create_parent="div", parser=_PARSER
        )
    except (etree.ParserError, ValueError):
        return clean_text(markup)
    return element_text(root)

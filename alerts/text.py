"""Scraped text made safe to print: no terminal escapes, no control or bidi characters.

Scraped posts are hostile input. Printed raw, an ANSI/OSC sequence can recolour, retitle or
hide lines in an analyst's terminal, and a bidi override can make text read differently from
what it is. The CLI reuses these helpers wherever scraped text reaches a terminal.
"""

from __future__ import annotations

import re

# ESC-introduced sequences (7-bit) and their 8-bit C1 forms, whole, so no payload is left behind.
_ESCAPES = re.compile(
    r"""
      \x1b\[[0-?]*[\x20-/]*[@-~]?              # CSI ... final byte (ESC [)
    | \x9b[0-?]*[\x20-/]*[@-~]?                 # 8-bit CSI
    | \x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c)       # OSC, DCS, SOS, PM, APC ... until BEL or ST
    | [\x9d\x90\x98\x9e\x9f].*?(?:\x07|\x1b\\|\x9c)  # their 8-bit forms (unterminated: the
                                                # introducer alone goes, as a control below)
    | \x1b[\x20-/]*[0-~]?                       # other escapes (charset selection, RIS, ...)
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 controls but tab and newline, DEL, C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides, isolates and marks; zero-width joiners do no harm and stay.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def safe_terminal_text(text: str, *, newlines: bool = False, tabs: bool = False) -> str:
    """``text`` without escape sequences, control characters or bidi overrides.

    Line ends (``\\r\\n``, ``\\r``) become ``\\n``; newlines and tabs stay only when asked
    for, otherwise each becomes a space so words do not run together.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _BIDI.sub("", text)
    if not newlines:
        text = text.replace("\n", " ")
    if not tabs:
        text = text.replace("\t", " ")
    return text


def one_line(text: str | None, limit: int = 160) -> str:
    """A safe single line of at most ``limit`` characters, whitespace collapsed, for summaries."""
    if not text:
        return ""
    line = _SPACES.sub(" ", safe_terminal_text(text)).strip()
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line

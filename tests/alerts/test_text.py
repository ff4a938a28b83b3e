"""Scraped text is shown without escapes, controls or bidi overrides."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faceleak.alerts.text import one_line, safe_terminal_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # SGR colours
        ("x\x1b]0;new title\x07y", "xy"),  # OSC window title, BEL-terminated
        ("x\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\z", "xlinkz"),  # OSC 8 hyperlink, ST
        ("a\x9b2Jb", "ab"),  # 8-bit CSI
        ("a\x9dtitle\x9cb", "ab"),  # 8-bit OSC
        ("e\x1bcf", "ef"),  # RIS (full reset)
        ("a\x00b\x7fc\x85d", "abcd"),  # NUL, DEL, C1 NEL
        ("pay\u202eexe.txt", "payexe.txt"),  # right-to-left override
        ("\u2066iso\u2069late", "isolate"),
        ("人脸照片 Лица 🙂", "人脸照片 Лица 🙂"),  # ordinary text untouched
    ],
)
def test_safe_terminal_text_strips_escapes_and_controls(raw, shown):
    assert safe_terminal_text(raw) == shown


def test_safe_terminal_text_keeps_newlines_and_tabs_only_when_asked():
    assert safe_terminal_text("a\r\nb\tc\rd") == "a b c d"
    assert safe_terminal_text("a\r\nb\tc\rd", newlines=True, tabs=True) == "a\nb\tc\nd"


def test_unterminated_escape_loses_only_its_introducer():
    assert safe_terminal_text("a\x9dthe rest") == "athe rest"


def test_one_line_collapses_whitespace_and_truncates():
    assert one_line("  a \n\n b\t c  ") == "a b c"
    assert one_line("x" * 50, limit=10) == "x" * 9 + "…"
    assert one_line(None) == ""


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=200))
def test_safe_terminal_text_never_lets_a_control_character_through(raw):
    shown = safe_terminal_text(raw, newlines=True, tabs=True)
    assert not any(
        (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) <= 0x9F or ch in BIDI
        for ch in shown
    )


BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

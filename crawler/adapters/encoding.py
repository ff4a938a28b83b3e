"""Decode fetched HTML from its bytes, not from a header that may lie.

Order of evidence (decided and tested in ``tests/crawler/adapters/test_encoding.py``):

1. A byte-order mark wins outright.
2. Bytes that are valid UTF-8 *and* contain non-ASCII are UTF-8, whatever is declared:
   legacy multi-byte text (GBK, windows-1252 …) almost never validates as UTF-8, while
   a stale ``charset=gbk`` label on a migrated UTF-8 board is common.
3. Otherwise the declarations in order (HTTP header, then ``<meta charset>`` /
   ``http-equiv``): the first one that decodes the bytes without error wins. So a header
   saying ``utf-8`` over GBK bytes loses to a ``<meta charset=gbk>`` that decodes cleanly.
4. Undeclared or all failing: GB18030 if it decodes cleanly (Chinese boards are the common
   case and Latin text rarely survives strict GB18030).
5. Nothing decodes cleanly: the first of the declared codecs, UTF-8 and GB18030 under which
   the page is *mostly* valid (at most 1% of its non-ASCII bytes in error). One stray or
   truncated byte in a GBK page must not turn the whole board into mojibake; it becomes one
   U+FFFD. Legacy single-byte text is far from mostly valid as UTF-8 or GB18030.
6. Then charset-normalizer's guess (windows-1251, KOI8-R, Big5, Shift_JIS …), and only
   then windows-1252 with replacement.

Labels are normalised the way browsers do (w3lib's table): GBK/GB2312 decode as GB18030,
ISO-8859-1/ASCII as windows-1252 (so byte 0x97 is an em dash, not a C1 control).
"""

from __future__ import annotations

import codecs

import charset_normalizer
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

_EXTRA_ALIASES = {"x-gbk": "gb18030", "gbk2312": "gb18030", "x-euc-cn": "gb18030"}
_FALLBACK = "cp1252"
# At most this share of a page's non-ASCII bytes may be undecodable for "mostly valid".
MOSTLY_VALID_MAX_ERRORS = 0.01
_MULTI_BYTE = ("utf-8", "gb18030")


def _normalise(label: str | None) -> str | None:
    """The Python codec to use for a declared label, or None when it is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _EXTRA_ALIASES:
        return _EXTRA_ALIASES[label]
    return resolve_encoding(label)


def _decodes_cleanly(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def error_share(body: bytes, encoding: str) -> float:
    """Undecodable sequences under ``encoding`` per non-ASCII byte (0.0: decodes cleanly)."""
    high = sum(1 for b in body if b >= 0x80)
    if high == 0:
        return 0.0
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        return 1.0
    return text.count("\ufffd") / high


def _mostly_valid(body: bytes, codecs_: list[str]) -> str | None:
    for codec in codecs_:
        if not _is_wide(codec) and error_share(body, codec) <= MOSTLY_VALID_MAX_ERRORS:
            return codec
    return None


def _detected(body: bytes) -> str | None:
    """charset-normalizer's best guess as a Python codec, or None."""
    try:
        matches = list(charset_normalizer.from_bytes(body[:200_000]))
    except Exception:  # a detector bug must not lose the page; the fallback still decodes it
        return None
    if not matches:
        return None
    # Least chaos first (the library's own order can put a DOS code page ahead of cp1251).
    best = min(matches, key=lambda m: (m.chaos, -m.coherence))
    # A tie (short Latin text fits cp1250 as well as cp1252) goes to the browsers' default.
    if any(m.encoding == _FALLBACK and m.chaos <= best.chaos for m in matches):
        return _FALLBACK
    return _normalise(best.encoding)


def _is_wide(codec: str) -> bool:
    return codecs.lookup(codec).name.startswith(("utf-16", "utf-32"))


def _declared(body: bytes, content_type: str | None) -> list[str]:
    """Declared encodings, header first, normalised and without repeats."""
    labels: list[str | None] = []
    if content_type:
        labels.append(http_content_type_encoding(content_type))
    try:
        labels.append(html_body_declared_encoding(body))
    except Exception:
        labels.append(None)
    seen: list[str] = []
    for label in labels:
        codec = _normalise(label)
        if codec and codec not in seen:
            seen.append(codec)
    return seen


def sniff_encoding(body: bytes, content_type: str | None = None) -> str:
    """The Python codec name :func:`decode_html` uses for these bytes (see module doc)."""
    bom, _ = read_bom(body)
    if bom:
        return bom
    declared = _declared(body, content_type)
    if not body.isascii() and _decodes_cleanly(body, "utf-8"):
        return "utf-8"
    for codec in declared:
        if codecs.lookup(codec).name.startswith("utf-8"):
            continue  # already ruled out above (or the body is ASCII, where any codec fits)
        if _is_wide(codec) and b"\x00" not in body:
            continue  # UTF-16/32 text without a BOM is full of NULs; a label alone is not enough
        if _decodes_cleanly(body, codec):
            return codec
    if body.isascii():
        return next((c for c in declared if not _is_wide(c)), "utf-8")
    if _decodes_cleanly(body, "gb18030"):
        return "gb18030"
    candidates = list(dict.fromkeys([*declared, *_MULTI_BYTE]))
    return _mostly_valid(body, candidates) or _detected(body) or _FALLBACK


def decode_with_encoding(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """The text of an HTML response and the codec it was decoded with (BOM removed)."""
    encoding = sniff_encoding(body, content_type)
    bom, bom_bytes = read_bom(body)
    if bom:
        body = body[len(bom_bytes) :]
    return body.decode(encoding, errors="replace"), encoding


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML response; never raises, undecodable bytes become U+FFFD."""
    return decode_with_encoding(body, content_type)[0]

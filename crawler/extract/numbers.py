"""Numerals as sellers write them: 24,000 · 24 000 · 2.4万 · 2w · 5k · 50к · 20 тыс. · 一万二.

``NUMBER`` is a regex fragment other modules embed (price, counts); ``parse_number`` turns
what it matched into a value. Text is NFKC-normalised first (``normalize``), so full-width
digits and punctuation (２万，３０００元) arrive as ASCII.
"""

from __future__ import annotations

import re
import unicodedata

from faceleak.crawler.extract.gated import compile_gated

# Thousands groups with "," or a space, or a plain run with an optional decimal part
# ("0,01" and "1,5" are decimal commas: only exactly three digits after a comma group).
# Every repeat is bounded, so a page of "100 000 100 000 ..." cannot make matching quadratic.
_ARABIC = (
    r"(?<![\d.])(?<!\d,)(?:(?!0[, ])\d{1,3}(?:(?:,|[ \u00a0\u202f\u2009])\d{3}){1,4}(?!\d|,\d)"
    r"(?:\.\d{1,8})?"
    r"|0,\d{1,8}|\d{1,15}(?:\.\d{1,8}|,\d{1,2}(?!\d))?)(?![\d])"
)
_CN_DIGITS = "零〇一二两三四五六七八九"
_CHINESE = rf"[{_CN_DIGITS}十][{_CN_DIGITS}十百千万亿]{{0,12}}"
# 万/千/k/w/к/тыс multiply; k/w/к must not start a word ("5kg", "2к работе" with a space is
# not allowed at all, since "к" is also a Russian preposition).
_MULT = (
    r"(?:\s?(?:万|千|百万|百|亿|тыс\.?|тысяч\w*|тыщ\w*|косар\w*|млн|million|thousand|grand)"
    r"|(?:rb|ribu|jt|juta)(?![a-z])"  # Indonesian: "Rp 25rb" is 25,000
    r"|[mM](?=[\s+]|$)"
    r"|[kKwW](?![A-Za-z])|[кК](?![а-яёА-ЯЁ]))"
)
# "1万2" = 12000, "2万5千" = 25000: trailing digits after 万/千 (colloquial).
_TRAIL = r"(?:\d{1,4}(?![\d.,])千?)?"

# The leading lookahead lets the regex engine skip non-numeral positions cheaply.
NUMBER = rf"(?=[\d{_CN_DIGITS}十])(?:(?:{_ARABIC})(?:{_MULT}{_TRAIL})?|{_CHINESE})"
NUMBER_RE = compile_gated(NUMBER)

_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
_MULTIPLIERS = (
    ("百万", 1_000_000), ("百", 100), ("万", 10_000), ("亿", 100_000_000), ("千", 1000),
    ("тыс", 1000), ("тыщ", 1000), ("косар", 1000), ("thousand", 1000), ("grand", 1000),
    ("m", 1_000_000), ("млн", 1_000_000), ("million", 1_000_000), ("k", 1000), ("w", 10_000),
    ("к", 1000), ("rb", 1000), ("ribu", 1000), ("jt", 1_000_000), ("juta", 1_000_000),
)
_INVISIBLE = compile_gated("[\u200b-\u200f\u2060\ufeff]")


def normalize(text: str) -> str:
    """NFKC (full-width → ASCII) and drop zero-width characters, so one set of regexes fits all."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def parse_chinese(s: str) -> int | None:
    """Chinese numerals, including the colloquial tail: 一万二 = 12000, 三千五 = 3500."""
    total = section = number = 0
    last_unit = 0
    seen = False
    for ch in s:
        if ch in _CN_VALUE:
            number = _CN_VALUE[ch]
            seen = True
            if ch in "零〇":
                last_unit = 0
        elif ch in _CN_SMALL_UNIT:
            unit = _CN_SMALL_UNIT[ch]
            section += (number if seen and number else 1) * unit
            number, seen, last_unit = 0, False, unit
        elif ch in _CN_BIG_UNIT:
            unit = _CN_BIG_UNIT[ch]
            total = (total + section + number) * unit
            section = number = 0
            seen, last_unit = False, unit
        else:
            return None
    if seen and number and last_unit >= 100 and s[-2:-1] in ("万", "千", "百", "亿"):
        number *= last_unit // 10  # 一万二: the bare digit after 万 means 2 千
    return total + section + number


def _parse_arabic(s: str) -> float:
    s = re.sub(r"[ \u00a0\u202f\u2009]", "", s)
    if re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", s):  # "0,015" is a decimal comma
        return float(s.replace(",", ""))
    return float(s.replace(",", "."))


def parse_number(token: str) -> float | None:
    """Value of a ``NUMBER`` match, or None when the token is not a numeral."""
    token = token.strip()
    if not token:
        return None
    if token[0] in _CN_DIGITS or token[0] == "十":
        value = parse_chinese(token)
        return None if value is None else float(value)
    m = re.match(r"[\d., \u00a0\u202f\u2009]*\d", token)
    if not m:
        return None
    try:
        value = _parse_arabic(m.group(0))
    except ValueError:
        return None
    rest = token[m.end():].strip().lower()
    if not rest:
        return value
    for word, factor in _MULTIPLIERS:
        if rest.startswith(word):
            tail = rest[len(word):].rstrip(".").lstrip("ячиуеа")  # тыс. / тысяч
            return value * factor + _tail_value(tail, factor)
    return value


def _tail_value(tail: str, factor: int) -> float:
    """The colloquial remainder after 万/千: "2" → 2 × factor/10, "2000" → 2000, "5千" → 5000."""
    tail = tail.strip()
    if not tail:
        return 0.0
    if tail.endswith("千"):
        digit = tail[:-1]
        value = parse_number(digit) if digit else 1.0
        return (value or 0.0) * 1000
    value = float(_CN_VALUE[tail]) if tail in _CN_VALUE else float(tail) if tail.isdigit() else 0.0
    if len(tail) == 1:
        return value * factor / 10
    return value


def find_numbers(text: str) -> list[tuple[int, int, float]]:
    """Every numeral in ``text`` as (start, end, value), for tests and quick looks."""
    found = []
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group(0))
        if value is not None:
            found.append((m.start(), m.end(), value))
    return found

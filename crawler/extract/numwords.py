"""Numbers written in words, in English and Russian: "twenty thousand", "fifteen hundred",
"двадцать тысяч", "пять тысяч" become digits, so one number grammar reads them all.

Chinese numerals are already numerals (numbers.py reads them); words are what sellers use
in English and Russian to slip past filters that look for digits.
"""

from __future__ import annotations

import re

from faceleak.crawler.extract.gated import compile_gated

_EN_UNITS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate((
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"))}
_RU_UNITS = {
    "ноль": 0, "один": 1, "одна": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
    "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19, "полторы": 1.5, "полтора": 1.5,
}
_RU_TENS = {"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
            "семьдесят": 70, "восемьдесят": 80, "девяносто": 90}
_RU_HUNDREDS = {"сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
                "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900}
_SMALL = {**_EN_UNITS, **_EN_TENS, **_RU_UNITS, **_RU_TENS, **_RU_HUNDREDS}
_HUNDRED = {"hundred"}
_SCALES = {"thousand": 1000, "grand": 1000, "million": 1_000_000, "тысяча": 1000, "тысячи": 1000,
           "тысяч": 1000, "тыщ": 1000, "миллион": 1_000_000, "миллиона": 1_000_000,
           "миллионов": 1_000_000}
_WORD = "|".join(sorted(map(re.escape, [*_SMALL, *_HUNDRED, *_SCALES]), key=len, reverse=True))
_RUN = compile_gated(rf"\b(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*\b", re.IGNORECASE)


def _value(words: list[str]) -> float | None:
    total = current = 0.0
    seen = False
    for word in words:
        if word in _SMALL:
            current += _SMALL[word]
            seen = True
        elif word in _HUNDRED:
            current = (current or 1) * 100
            seen = True
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
            seen = True
    return total + current if seen else None


def _replace(m: re.Match[str]) -> str:
    words = [w for w in re.split(r"[\s-]+", m.group(0).lower()) if w and w != "and"]
    if len(words) == 1 and words[0] in _EN_UNITS and _EN_UNITS[words[0]] < 10:
        return m.group(0)  # "one", "two": too often not a quantity ("one million" is)
    if len(words) == 1 and words[0] in ("одна", "один", "одну", "два", "две", "три"):
        return m.group(0)
    if not any(w in _SMALL or w in _HUNDRED for w in words):
        return m.group(0)  # "5 тыщ", "20 thousand": a multiplier of digits, read with them
    value = _value(words)
    if value is None:
        return m.group(0)
    return f"{value:g}" if value != int(value) else str(int(value))


# Sums named by a word of their own: "полтинник за штуку", "пятихатка за пачку", "косарь за
# всё", "по рублю", "half a dollar per set", "百元一组".
_MONEY_WORDS = {
    "полтинник": "50 руб", "полтос": "50 руб", "пятихатка": "500 руб", "пятихатку": "500 руб",
    "пятихаты": "500 руб", "косарь": "1000 руб", "два косаря": "2000 руб", "три косаря": "3000 руб",
    "пару косарей": "2000 руб", "косарик": "1000 руб", "рублю": "1 руб",
    "half a dollar": "$0.5", "half a buck": "$0.5", "百元": "100元", "千元": "1000元",
    # and quantities: "пару тысяч", "тыщи две" (a colloquial inversion), 上万 (ten thousand odd)
    "пару тысяч": "2000", "пара тысяч": "2000", "пару сотен": "200", "тыщи две": "2000",
    "тыщи три": "3000", "тысячи две": "2000", "тысячи три": "3000", "上万": "1万",
    "a couple thousand": "2000", "a couple of thousand": "2000",
}
_MONEY = compile_gated(
    r"(?<![\w\d一二两三四五六七八九十百千万])(?:" + "|".join(
        sorted(map(re.escape, _MONEY_WORDS), key=len, reverse=True)) + r")(?![а-яёa-z])",
    re.IGNORECASE)


# "4 hundred": digits times a hundred (thousands are multipliers the number grammar reads).
_DIGITS_HUNDRED = compile_gated(r"(?<![\d.,])(\d{1,2})\s+hundred\b", re.IGNORECASE)
# "тыщ пять", "тысяч восемь": a colloquial inversion, about that many thousand.
_THOUSANDS_FIRST = compile_gated(
    r"\b(?:тыс\w*|тыщ\w*)\s+(" + "|".join(
        w for w, v in _RU_UNITS.items() if 2 <= v <= 9) + r")\b", re.IGNORECASE)


def words_to_digits(text: str) -> str:
    """Runs of number words replaced by their value ("twenty thousand" → "20000"), and sums
    named by a word of their own by the sum ("пятихатка" → "500 руб")."""
    text = _MONEY.sub(lambda m: _MONEY_WORDS[m.group(0).lower()], text)
    text = _DIGITS_HUNDRED.sub(lambda m: str(int(m.group(1)) * 100), text)
    text = _THOUSANDS_FIRST.sub(lambda m: str(_RU_UNITS[m.group(1).lower()] * 1000), text)
    return _RUN.sub(_replace, text)

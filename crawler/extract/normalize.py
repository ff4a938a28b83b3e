"""One canonical form of a post before any pattern looks at it.

Sellers write the same words many ways, some of them to slip past filters: full-width digits
(２万), traditional characters (人臉, 張, 組), zero-width characters inside words, separators
inside Chinese words (人.脸, 身 份 证) and Latin look-alike letters inside Russian words
(пaспорт with a Latin "a"). Every pattern in this package runs on the output of ``normalize``,
so each of those is handled once, here, and not in every regex.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from faceleak.crawler.extract.gated import compile_gated
from faceleak.crawler.extract.numwords import words_to_digits

# Zero-width and invisible format characters, the soft hyphen and the Mongolian vowel
# separator: all used to split a word so that a filter does not see it.
_INVISIBLE = compile_gated("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CJK = "\u4e00-\u9fff\u3400-\u4dbf"
_HAS_CJK = compile_gated(f"[{_CJK}]")
# "人.脸", "人-脸", "人*脸", "人·脸": a separator between two Chinese characters. Chinese text
# has no use for these there, while "/", "+" and "，" carry meaning (正反面+手持) and stay.
_CJK_SEPARATOR = compile_gated(f"(?<=[{_CJK}])[.·•*_~|\\-]{{1,3}}(?=[{_CJK}])")
# "身 份 证", "人 脸": single Chinese characters spaced out (also where emoji stood).
_SPACED_CJK = compile_gated(f"(?<![{_CJK}])[{_CJK}](?:[ \u3000]{{1,3}}[{_CJK}](?![{_CJK}])){{1,}}")
_SPACES = compile_gated("[ \u3000]")

# Latin letters that look like Cyrillic ones, and back. A word that mixes both scripts is
# written in the script of its letters that have no look-alike.
_LATIN_TO_CYRILLIC = str.maketrans("aAeEoOpPcCxXyKkMHTB", "аАеЕоОрРсСхХуКкМНТВ")
_CYRILLIC_TO_LATIN = str.maketrans("аАеЕоОрРсСхХуКкМНТВ", "aAeEoOpPcCxXyKkMHTB")
_LOOKALIKE_LATIN = set("aAeEoOpPcCxXyKkMHTB")
_LOOKALIKE_CYRILLIC = set("аАеЕоОрРсСхХуКкМНТВ")
_MIXED_WORD = compile_gated(
    r"[A-Za-zА-Яа-яЁё]*(?:[A-Za-z][А-Яа-яЁё]|[А-Яа-яЁё][A-Za-z])[A-Za-zА-Яа-яЁё]*"
)


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's traditional-to-simplified converter (phrase-aware, C++), built once."""
    import opencc

    return opencc.OpenCC("t2s")


def folded(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A case-insensitive pattern compiled lower-cased, without IGNORECASE, to run on the
    ``lowered`` post: about twice as fast as folding case at every character. Patterns
    without IGNORECASE compile as they are and run on the post as written. Either is
    ``gated`` (the same matches, found several times faster)."""
    if flags & re.IGNORECASE:
        if _CASED_ESCAPE.search(pattern):
            raise ValueError(f"cannot fold a pattern with an upper-case escape: {pattern!r}")
        source = _NAMED_GROUP.sub(r"(?P\1", pattern.lower())
        return compile_gated(source, flags & ~re.IGNORECASE)
    return compile_gated(pattern, flags)


_NAMED_GROUP = compile_gated(r"\(\?p([<=])")
# \S, \W, \D, \B (and \A, \Z, \N, \U) lower-cased would mean something else.
_CASED_ESCAPE = compile_gated(r"(?<!\\)\\[SWDBAZNU]")


def lowered(text: str) -> str:
    """``text`` lower-cased character for character, so every position stays."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def line_at(text: str, at: int) -> str:
    """The line of ``text`` that holds position ``at``."""
    end = text.find("\n", at)
    return text[text.rfind("\n", 0, at) + 1:end if end >= 0 else len(text)]


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the sorted, disjoint ``spans`` blanked out by NULs, positions kept, in one
    pass (a page of thousands of prices must not cost thousands of copies)."""
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], "\x00" * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def language_of(text: str) -> str:
    """"zh" for a post with Chinese characters, "ru" with Cyrillic letters, else "en"."""
    if _HAS_CJK.search(text):
        return "zh"
    return "ru" if _CYRILLIC.search(text) else "en"


_CYRILLIC = compile_gated("[а-яёА-ЯЁ]")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters as simplified ones; other text as it is."""
    return _t2s().convert(text) if _HAS_CJK.search(text) else text


def _one_script(m: re.Match[str]) -> str:
    word = m.group(0)
    cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff" and ch not in _LOOKALIKE_CYRILLIC)
    latin = sum(1 for ch in word if ch.isascii() and ch not in _LOOKALIKE_LATIN)
    if cyrillic and not latin - word.count("u"):  # "лuц": a Latin u written for и
        return word.translate(_LATIN_TO_CYRILLIC).replace("u", "и")
    if latin and not cyrillic:
        return word.translate(_CYRILLIC_TO_LATIN)
    return word


# "s.e.l.f.i.e", "f-a-c-e": Latin letters spelled out one by one.
_SPELLED = compile_gated(
    r"(?<![\w.@])[A-Za-zА-Яа-яЁё](?:[.\-*·][A-Za-zА-Яа-яЁё]){2,}(?![\w@]|\.\w)"
    r"|(?<![\w.@])[A-Za-zА-Яа-яЁё](?: [A-Za-zА-Яа-яЁё]){3,}(?![\w@])"
)
_SPELL_SEPARATOR = compile_gated(r"[.\-*· ]")
_DOTTED_ID = compile_gated(r"(?<![\w.])I\.D\b\.?")  # "selfie w/ I.D."
# Greek capitals that look like Latin ones, inside a Latin word ("ΙD sсans").
_GREEK_IN_LATIN = compile_gated(r"[ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ](?=[A-Za-z])|(?<=[A-Za-z])[ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ]")
_GREEK_TO_LATIN = str.maketrans("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")
# "1OO sets", "2ООО фото": letters O written for zeros after a digit (not inside a handle).
_O_ZEROS = compile_gated(r"(?<![\w@])(\d+)([OoОо]{1,4})(?![\w])")
# "20 k", "1.5 w": a multiplier a space away from its number (Latin letters only: the
# Russian "к" is also a preposition).
_SPACED_K = compile_gated(r"(?<=\d) (?=[kKwW](?![A-Za-z]))|(?<=\d) (?=[万千])|(?<=[万千]) (?=\d)")
# A cross after an item in a menu means "not available": kept as one plain mark.
_CROSS = compile_gated("[\u274c\u2716\u2717\u2718\U0001f6ab\u26d4]\ufe0f?")
# Emoji and other pictographs between letters ("人😀脸", "Фото 🙂 лиц") separate nothing;
# 💲 is a price mark and stays.
# Emoji that sellers write for the goods' words ("🪪 + 🤳 + 🎥"); other pictographs are blanked.
_EMOJI_WORDS = {"\U0001faaa": " ID ", "\U0001f933": " selfie ", "\U0001f3a5": " video ",
                "\U0001f4f9": " video ", "\U0001f427": " QQ "}  # 🐧: the QQ penguin
_EMOJI_WORD = compile_gated("[\U0001faaa\U0001f933\U0001f3a5\U0001f4f9\U0001f427]")
_FOR_SALE = compile_gated(r"(?<![\w.])4(?=\s+sale\b)", re.IGNORECASE)  # "scans 4 sale"
_PICTOGRAPH = compile_gated("[\u2600-\u27bf\U0001f000-\U0001f4b1\U0001f4b3-\U0001faff\ufe0f]")
# Leetspeak inside a word ("f4ce p1cs", "sc4ns"): digits that stand for letters.
# A word mixing letters and digits, but not an amount ("1w", "30k", "1080p", "2pcs").
_LEET_WORD = compile_gated(
    r"\b(?!\d+(?:[.,]\d+)?(?:[kmwp]|pcs?|usdt?|usd|rmb|btc|eth|u)\b)"
    r"(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*[013457])[A-Za-z0-9]+\b", re.IGNORECASE)
_LEET = str.maketrans("013457", "oieast")


_AT_IN_WORD = compile_gated(r"(?<=[A-Za-z])@(?=[A-Za-z])")
_AT_IN_CYRILLIC_WORD = compile_gated(r"(?<=[А-Яа-яЁё])@(?=[А-Яа-яЁё])")
_LEET_CYRILLIC_WORD = compile_gated(r"\b(?=\w*[а-яё])(?=\w*[01346])[а-яё0-9]+\b", re.IGNORECASE)
_LEET_CYRILLIC = str.maketrans("01346", "оизчб")


def deleet(text: str) -> str:
    """Digits read as letters in words that mix both ("f4ce" → "face", "f@ce" → "face"),
    character for character, so positions stay. Only for finding goods words: "30k" would
    read "3ok". Contacts are masked before, so no handle or address is touched."""
    text = _LEET_WORD.sub(lambda m: m.group(0).translate(_LEET), text)
    text = _LEET_CYRILLIC_WORD.sub(lambda m: m.group(0).translate(_LEET_CYRILLIC), text)
    return _AT_IN_CYRILLIC_WORD.sub("а", _AT_IN_WORD.sub("a", text))


# The numerals of cheques and contracts (打包伍仟元整) are the everyday ones.
_FINANCIAL_NUMERALS = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")
# Homophones written to dodge filters: 仁脸 (人脸), 身纷证 (身份证), 手尺 (手持), 视屏 (视频).
_HOMOPHONES = {"仁脸": "人脸", "人莲": "人脸", "身纷": "身份", "手尺": "手持", "首持": "手持",
               "视屏": "视频", "大投": "大头"}
_HOMOPHONE = compile_gated("|".join(_HOMOPHONES))
# "一一对应", "一对一配好" (one to one) are no numbers.
_ONE_BY_ONE = compile_gated(r"一一(?=对应|对照|核对|匹配)|一对一(?![\d张套组条个份])")


def _join_spaced(m: re.Match[str]) -> str:
    return _SPACES.sub("", m.group(0))


def normalize(text: str) -> str:
    """NFKC (full-width to ASCII), invisible characters dropped, simplified Chinese, Chinese
    words joined across separators, and mixed-script words written in one script."""
    # NFKC makes "，" a "," glued to the next digits: "每组35，100组起" would read 35,100.
    text = (text or "").replace("\uff0c", ", ")
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = _EMOJI_WORD.sub(lambda m: _EMOJI_WORDS[m.group(0)], _CROSS.sub(" ✗ ", text))
    text = _PICTOGRAPH.sub(" ", _FOR_SALE.sub("for sale", text))
    text = _GREEK_IN_LATIN.sub(lambda m: m.group(0).translate(_GREEK_TO_LATIN), text)
    text = _O_ZEROS.sub(lambda m: m.group(1) + "0" * len(m.group(2)), text)
    text = _SPACED_K.sub("", words_to_digits(text))
    if _HAS_CJK.search(text):
        text = _HOMOPHONE.sub(lambda m: _HOMOPHONES[m.group(0)],
                              to_simplified(text).translate(_FINANCIAL_NUMERALS))
        text = _ONE_BY_ONE.sub("逐一", text)
        text = _CJK_SEPARATOR.sub("", text)
        text = _SPACED_CJK.sub(_join_spaced, text)
    text = _SPELLED.sub(lambda m: _SPELL_SEPARATOR.sub("", m.group(0)), _DOTTED_ID.sub("ID", text))
    return _MIXED_WORD.sub(_one_script, text)

"""Seller contacts: Telegram, WeChat, QQ, e-mail, links, phones and other messengers.

Labelled forms are tried before bare ones (``jabber: a@b`` is not an e-mail, ``QQ 123456`` is
not a phone) and each match masks its span. Slang labels count (扣/扣我 for QQ); a handle after
"tg" with neither colon nor @ only as a line's last word, where it is rarely prose. Values
are normalised so the same contact written twice is one: Telegram as lower-case ``@name``
(usernames are case-insensitive), WeChat ids and e-mail lower case, phones as
``+<country><number>`` where the country is evident (a landline with a leading 0 in a Chinese
post is +86).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from faceleak.crawler.extract.gated import compile_gated
from faceleak.crawler.extract.model import Contact
from faceleak.crawler.extract.normalize import folded, language_of, lowered

_I = re.IGNORECASE
_TG_NAME = r"[A-Za-z][A-Za-z0-9_]{3,31}(?![A-Za-z0-9_])"
_SEP = r"\s*(?:号)?\s*[:：]?\s*"

# (kind, pattern, normaliser of group 1); tried in this order.
_Rule = tuple[str, re.Pattern[str], Callable[[str], str]]


def _lower(s: str) -> str:
    return s.lower()


def _same(s: str) -> str:
    return s


def _telegram(s: str) -> str:
    return "@" + s.lower().lstrip("@")


def _tme(s: str) -> str:
    return "https://t.me/" + s if s.startswith(("+", "joinchat/")) else "@" + s.lower()


def _phone(s: str) -> str:
    digits = re.sub(r"\D", "", s)
    if s.strip().startswith("+"):
        return "+" + digits
    if re.fullmatch(r"1[3-9]\d{9}", digits):
        return "+86" + digits
    if re.fullmatch(r"86(1[3-9]\d{9})", digits):
        return "+" + digits
    if re.fullmatch(r"8[3-9]\d{9}", digits):
        return "+7" + digits[1:]
    return digits


def _url(s: str) -> str:
    return s.rstrip(".,;:!?)】」'\"")


RULES: tuple[_Rule, ...] = (
    # an id after its messenger's name, whatever its length ("tox: 3F9A00C1DEADBEEF77AA12")
    ("other", folded(r"\btox(?:\s*id)?\s*[:：]?\s*([0-9A-F]{12,80})\b", _I), _same),
    ("other", folded(
        r"\bsession(?:\s*id)?(?:\s+only)?\s*[:：]\s*([0-9A-Za-z]{8,80})\b", _I), _same),
    ("other", folded(r"\bsession(?:\s*id)?\s*[:：]?\s*(05[0-9a-f]{64})\b", _I), _same),
    ("other", folded(r"(?:\b(?:jabber|xmpp|jabb\w*)|жаб[аеуы]|жабер\w*|джаббер\w*)"
                     r"(?:\s+only)?\s*[:：—–-]?\s*"
                            r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)", _I), _lower),
    ("other", folded(r"\bthreema\s*(?:id)?\s*[:：]?\s*([A-Z0-9*]{8})\b", _I), _same),
    ("other", folded(
        r"(?<![A-Za-z])line\s*(?:id)?\s*[:：]\s*@?([A-Za-z0-9][\w.-]{2,29})", _I), _lower),
    ("other", folded(r"(?<![A-Za-z])icq\s*[:：#]?\s*(\d{5,10})\b", _I), _same),
    # a name (not a number: that is a phone) after a messenger that has names
    ("other", folded(r"\bdiscord\s*(?:id)?\s*[:：]?\s*@?([A-Za-z0-9_.]{2,32}#\d{4})\b", _I), _same),
    ("other", folded(r"(?:\b(?:viber|whats\s*app|kik|discord|snapchat|snap)|вайбер|ватсап|вотсап)"
                     r"\s*(?:id)?(?:\s+only\s*[:：]|\s*联[络系]\s*[:：]?|\s*[:：])\s*@?"
                     r"([A-Za-z][\w.-]{2,39})", _I), _same),
    ("other", folded(
        r"(?:\b(?:wickr(?:\s*me)?|briar|simplex|signal)|蝙蝠(?:\s*id)?)\s*[:：]\s*([\w.-]{3,40})",
        _I), _same),
    ("other", folded(r"(?<![0-9A-F])([0-9A-F]{76})(?![0-9A-F])", _I), _same),
    ("other", folded(r"(?<![0-9a-f])(05[0-9a-f]{64})(?![0-9a-f])", _I), _same),
    ("telegram", folded(
        r"(?:https?://)?(?:www\.)?(?:t|telegram)\.me/(?:s/)?(\+[\w-]+|joinchat/[\w-]+|"
        + _TG_NAME + ")", _I), _tme),
    ("url", folded(r"(https?://[^\s<>\"'，。、]+)", _I), _url),
    ("url", folded(r"\b([a-z2-7]{16,56}\.onion)\b", _I), _lower),
    ("email", folded(
        r"(?<![\w.+-])([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,})", _I), _lower),
    ("telegram", folded(r"(?<![A-Za-z0-9_.@])@(" + _TG_NAME + ")"), _telegram),
    ("telegram", folded(
        r"(?:(?<![A-Za-z])(?:tg|telegram|tele)|телеграм\w*|телега|(?<![а-яё])тг|纸飞机|飞机|电报)"
        r"(?:\s*[:：]\s*@?|\s*@)(" + _TG_NAME + ")", _I), _telegram),
    # "tg搜 mask_faces", "电报搜索 xxx": search for the name in Telegram
    ("telegram", folded(
        r"(?:(?<![A-Za-z])(?:tg|telegram)|纸飞机|飞机|电报)\s*(?:搜索?|search|find)\s*[:：]?\s*@?("
        + _TG_NAME + ")", _I), _telegram),
    # "tg selfiepacks" with neither colon nor @: only as the last word of a line.
    ("telegram", folded(
        r"(?<![A-Za-z])(?:tg|telegram)\s+(?!(?:only|please|channel|group|chat|now|me)\b)("
        + _TG_NAME + r")[ \t]*(?:\n|$)", _I), _telegram),
    ("qq", folded(
        r"(?:QQ群?|Q群|群号|扣扣|扣我?|企鹅|(?<![A-Za-z])Q(?![A-Za-z]))" + _SEP
        + r"(?<!\d)([1-9]\d{4,10})(?!\d)(?!\s*(?:元|块|分|积分|%))", _I), _same),
    ("wechat", folded(r"(?<![A-Za-z0-9])(wxid_[a-z0-9_]{4,24})(?![A-Za-z0-9_])", _I), _lower),
    ("wechat", folded(
        r"(?:微信|威信|薇信|薇|V信|加微|微(?=\s*[:：])|vx|wx|weixin|wechat|(?<![A-Za-z0-9])V(?![A-Za-z0-9]))"
        + _SEP
        + r"([A-Za-z0-9][-_A-Za-z0-9]{4,19})(?![-_A-Za-z0-9])", _I), _lower),
    ("phone", folded(
        r"(?:电话|手机|热线|tel|phone|тел\w*|звоните|whats\s*app)\s*[:：]?\s*(\+?\d[\d\s()-]{5,18}\d)",
        _I), _phone),
    # a local number after "call", "text", "msg", "WA": "call/text 0712 384 920"
    ("phone", folded(
        r"(?<![a-z])(?:call|text|msg|sms|wa|viber)(?:\s*/\s*(?:call|text|sms|wa))?\s*[:：]?\s*"
        r"(0\d{2,3}[\s-]?\d{3,4}[\s-]?\d{3,4})(?!\d)",
        _I), _phone),
    ("phone", folded(
        r"(?<![\w+])(\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4})(?!\d)"), _phone),
    ("phone", folded(r"(?<!\d)((?:86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?!\d)"), _phone),
    ("phone", folded(
        r"(?<!\d)(8[\s-]?\(?[3-9]\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2})(?!\d)"), _phone),
    # a bare domain ("shop.example.io"): where the seller sells
    ("url", folded(
        r"(?<![\w@./-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|net|org|io|ru|cn|"
        r"shop|store|me|cc|to|xyz|info|biz|co|app|site|online|top|su|ua|kz|tw|hk|example)"
        r"(?:/[^\s<>\"'，。、|]*)?)(?![\w.-]|\.[a-z])", _I), _url),
    ("url", folded(r"(?<![\w@./-])(www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+)", _I), _url),
)

MASK = "\x00"


# "微信同号": the phone number is also the WeChat id (DESIGN 4.2: both are contacts).
_SAME_AS_PHONE = compile_gated(
    r"(?:微信|vx|wx|v)\s*同号|同微信|微信同|电话微信同|(?:电话|手机)\s*[/、]\s*(?:微信|vx)|"
    r"(?:微信|vx)\s*[/、]\s*(?:电话|手机)", _I)


# "微信同Q号": the QQ number is also the WeChat id.
_SAME_AS_QQ = compile_gated(r"(?:微信|vx|wx|v)\s*同\s*(?:qq|q|扣扣?)\s*号?", _I)


def _wechat_of_phone(phone: Contact) -> Contact:
    digits = phone.value.lstrip("+")
    mainland = digits.startswith("86") and len(digits) == 13
    return Contact("wechat", digits[2:] if mainland else digits)


# "@jonny_k yes bro …", "回复 @xiaoyu_2：": the handle a reply answers, not the author's.
_ADDRESSEE = compile_gated(
    r"^\s*@\w+\s*[,:：]?\s*(?=\S)|(?:回复|reply(?:ing)?\s+to|ответ\w*)\s*@\w+", _I)


def _the_authors(text: str, found: list[tuple[int, Contact]]) -> list[tuple[int, Contact]]:
    """Leave out the handle a reply answers (a buyer, not the seller DESIGN 4.2 means) when the
    author gives another way to reach them. A seller quoted in a reply or a warning is still
    the seller the post names, so contacts inside quotes stay."""
    addressee = _ADDRESSEE.search(text)
    if addressee:
        rest = [(at, c) for at, c in found if not addressee.start() <= at < addressee.end()]
        if rest:
            return rest
    return found


# A number written the local way (a leading 0) takes the country the post speaks of.
_COUNTRIES = (
    ("+886", r"NT\$|新台币|台币|台北|台湾|台灣|臺|高雄|台中|台南|新北"),
    ("+254", r"\bkenyan?\b|\bkes\b|\bksh\b|m-?pesa|nairobi|肯尼亚"),
    ("+63", r"philippines?|filipino|₱|\bphp\b|gcash|manila|philid|\bumid\b|菲律宾"),
    ("+60", r"malaysian?|mykad|ringgit|kuala\s+lumpur|吉隆坡|马来西亚"),
    ("+233", r"\bghana|accra|\bcedis?\b|加纳"),
    ("+62", r"indonesian?|\bktp\b|jakarta|\bjawa\b|rupiah|\bbca\b|印尼"),
    ("+234", r"nigerian?|lagos|naira|₦|尼日利亚"),
)
_COUNTRY = [(code, compile_gated(pattern, _I)) for code, pattern in _COUNTRIES]


def _country_code(text: str) -> str | None:
    for code, pattern in _COUNTRY:
        if pattern.search(text):
            return code
    return "+86" if language_of(text) == "zh" else None


def find_contacts(text: str) -> tuple[tuple[Contact, ...], str]:
    """The contacts in order of appearance, deduplicated, and the text with them masked out."""
    masked, low = text, lowered(text)  # the rules are folded (see ``normalize.folded``)
    found: list[tuple[int, Contact]] = []
    for kind, pattern, norm in RULES:
        for m in pattern.finditer(low):
            value = norm(text[m.start(1):m.end(1)])  # as written, not lower-cased
            if not value:
                continue
            found.append((m.start(1), Contact(kind, value)))
            blanked = MASK * (m.end() - m.start())
            masked = masked[: m.start()] + blanked + masked[m.end():]
            low = low[: m.start()] + blanked + low[m.end():]
    if any(c.kind == "phone" and c.value.startswith("0") for _, c in found) \
            and (country := _country_code(text)):  # "021-55550123", "call/text 0712 384 920"
        found = [(at, Contact("phone", country + c.value[1:])
                  if c.kind == "phone" and c.value.startswith("0") else c) for at, c in found]
    if _SAME_AS_QQ.search(text):
        found += [(at, Contact("wechat", c.value)) for at, c in found if c.kind == "qq"]
    elif _SAME_AS_PHONE.search(text):
        found += [(at, _wechat_of_phone(c)) for at, c in found if c.kind == "phone"]
    found.sort(key=lambda item: item[0])
    found = _the_authors(text, found)
    seen: set[tuple[str, str]] = set()
    contacts: list[Contact] = []
    for _, contact in found:
        if (contact.kind, contact.value) not in seen:
            seen.add((contact.kind, contact.value))
            contacts.append(contact)
    return tuple(contacts), masked

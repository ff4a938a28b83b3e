"""Self-service card shops (自动发卡, "发卡网"): a storefront of goods, one page per goods item.

A shop's home or category page shows goods cards that link to goods pages; a goods page
carries the name, the price, the stock (库存) and a description above an order form. Each
goods page is one listing: title the goods name, text the name, price and stock as the page
states them and then the description, so extraction reads the price and the count; the
seller is the shop, keyed by its host (a shop renames itself more often than it moves),
its name kept for display.

Built on dujiaoka (独角数卡), whose themes differ in markup: ``unicorn`` labels the price
"价格：￥ 30.00" and the stock "库存：2400", ``hyper`` shows "¥ 30.00" in ``.buy-price``
beside a struck-out list price and the stock as "库存(2400)". Other shops are read by the same
cues (a price class or label, a stock label, an order form); ``selectors`` override the
goods links (``listing``), further index pages (``next_page``), ``title``, ``body`` and
``images``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from parsel import Selector, SelectorList

from faceleak.crawler.adapters.base import Adapter, Page, RawPost, Thread
from faceleak.crawler.adapters.document import MAX_POSTS, Document, parse_document
from faceleak.crawler.adapters.links import follow_url, image_url, unique
from faceleak.crawler.adapters.text import element_text
from faceleak.crawler.canonical import canonical_url

# A goods page's path or query: dujiaoka's /buy/12, and the /goods/, /item/, ?gid= of others.
_GOODS_PATH = re.compile(
    r"/(?:buy|goods|item|product|shop/item)s?/[\w-]+/?$|[?&](?:gid|goods_?id|itemid)=\w+", re.I
)
# Words a goods or a category link has somewhere, checked on the raw ``href`` first.
_GOODS_HINT = re.compile(r"buy|goods|item|product|gid", re.I)
_CATEGORY_HINT = re.compile(r"cate|group|cid", re.I)
_MAX_CATEGORIES = 200
_CATEGORY_PATH = re.compile(r"/(?:category|cate|group)s?/[\w-]+/?$|[?&](?:cid|cate_?id)=\w+", re.I)
# What sells the goods: a form that takes a goods id or a quantity, or posts an order.
_ORDER_FORM = (
    "//form[@id='buy-form' or contains(@action, 'order') or .//input[@name='gid'"
    " or @name='goods_id' or @name='by_amount' or @name='quantity' or @name='num']]"
)
_NAME = ("h3.card-title", "#buy-form h3", ".goods-name", ".goods-title", "h1")
_DESCRIPTION = (
    ".card-header + .card-body", ".buy-product", ".goods-description", ".goods-desc",
    "#description", ".description",
)
_PICTURE = ("img.card-img-top", ".goods-img img", "img.goods-img", ".buy-product img")
_HEADINGS = frozenset({"card-title"})  # hyper's "商品详情" above the description
_SHOP_NAME = (".navbar-brand", ".logo-title", ".site-name")
_CARD = (
    "ancestor-or-self::*[contains(@class, 'card') or contains(@class, 'goods')"
    " or contains(@class, 'item')][1]"
)
_NEXT = "a[rel=next], .pagination a.next, a.next"
# The price a page labels ("价格：￥ 30.00", "售价 30元", "Price: $5"), else a currency-led amount.
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_AMOUNT = rf"(?:[¥￥$€]|USDT|RMB|CNY)?\s*{_NUMBER}\s*(?:元|块|USDT|U|RMB|CNY|₽)?"
_PRICE_LABEL = re.compile(
    rf"(?:价格|售价|单价|现价|商品价格|price)\s*[:：]?\s*(?P<v>{_AMOUNT})", re.I
)
_MONEY = re.compile(rf"^\s*(?P<v>[¥￥$€]\s*{_NUMBER}|{_NUMBER}\s*(?:元|USDT))\s*$")
_CURRENCY_LED = re.compile(rf"[¥￥$€]\s*{_NUMBER}")
# The stock as shops write it: 库存：123, 库存(123), 剩余 12 件, 存货 5, In stock: 9, Stock 9.
_STOCK = re.compile(
    r"(?:库存|剩余|存货|in\s+stock|stock)\s*(?:数量)?\s*[:：(（]?\s*(?P<n>\d[\d,]*)", re.I
)
_MARKER_CHARS = 2000  # a card is a few lines; a marker is stored per goods page
_ICONS = re.compile("[\ue000-\uf8ff]")  # icon-font glyphs (private use area)
_PLACEHOLDER = re.compile(r"/assets/common/images/default\.\w+$")  # dujiaoka's "no picture"


def _css(source: object, name: str) -> str | None:
    selectors = getattr(source, "selectors", None)
    value = getattr(selectors, name, None) if selectors is not None else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _select(doc: Document, css: str | None) -> SelectorList:
    """Matches of a selector; a broken configured one matches nothing."""
    if not css:
        return SelectorList([])
    try:
        return doc.sel.css(css)
    except Exception:
        return SelectorList([])


def _first_text(nodes: SelectorList) -> str | None:
    for node in nodes:
        if text := element_text(node.root):
            return text
    return None


def _first(doc: Document, queries: tuple[str | None, ...]) -> str | None:
    for query in queries:
        if text := _first_text(_select(doc, query)):
            return text
    return None


def price_of(doc: Document) -> str | None:
    """The goods' price as the page writes it: a ``price`` class, else a price label, else the
    first amount led by its currency sign. Struck-out list prices are not it."""
    for node in doc.sel.xpath(
        "//*[contains(@class, 'price') and not(ancestor-or-self::del)"
        " and not(ancestor-or-self::s)]"
    ):
        if match := _MONEY.match(element_text(node.root)):
            return " ".join(match.group("v").split())
    text = _page_text(doc)
    if match := _PRICE_LABEL.search(text):
        return match.group("v").strip()
    if match := _CURRENCY_LED.search(text):  # not "100元" that may be part of a name
        return " ".join(match.group(0).split())
    return None


def stock_of(doc: Document) -> int | None:
    """The stock the page states (库存：2400, 库存(56), 剩余 12 件), as a number."""
    if match := _STOCK.search(_page_text(doc)):
        return int(match.group("n").replace(",", ""))
    return None


def _marker(anchor: Selector, seen: dict[object, str | None]) -> str | None:
    """What a goods card shows, buttons and all (a price may sit in one), when it shows the
    stock: a card without it cannot tell that the goods page changed, so ``revisit`` decides.
    ``seen`` holds each card's answer, so links sharing a container read it once."""
    card = anchor.xpath(_CARD)
    if not card:
        return None
    key = card[0].root
    if key not in seen:
        parts = card[0].xpath(".//text()[not(ancestor::script or ancestor::style)]").getall()
        text = " ".join(_ICONS.sub("", " ".join(parts)).split())
        seen[key] = text[:_MARKER_CHARS] if _STOCK.search(text) else None
    return seen[key]


def _description(doc: Document, configured: str | None) -> str | None:
    """The goods description, without the heading the theme puts inside its box."""
    for query in (configured, *_DESCRIPTION):
        for node in _select(doc, query):
            if text := element_text(node.root, _HEADINGS):
                return text
    return None


def _page_text(doc: Document) -> str:
    body = doc.sel.css("body")
    return element_text((body[0] if body else doc.sel).root)


class AutoshopAdapter(Adapter):
    """Goods cards on index pages lead to goods pages; each goods page is one listing."""

    kind = "autoshop"

    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        doc = parse_document(url, body, headers)
        if doc is None:
            return Page()
        keep = getattr(self.source, "keep_query", None)
        threads = self._goods_links(doc, keep)
        pages = self._index_links(doc, keep)
        follow = unique([*(t.url for t in threads), *pages])
        post = self._goods(doc, canonical_url(url, keep))
        return Page(posts=(post,) if post else (), follow=follow, threads=threads)

    def _link(self, doc: Document, href: str | None, keep: list[str] | None) -> str | None:
        link = follow_url(doc.base, href, doc.encoding)
        return canonical_url(link, keep) if link else None

    def _goods_links(self, doc: Document, keep: list[str] | None) -> tuple[Thread, ...]:
        """Links to goods pages, each with what its card shows (price, stock) as the marker:
        while the card is unchanged the goods page need not be fetched again."""
        configured = _css(self.source, "listing")
        anchors = (
            _select(doc, configured).xpath("descendant-or-self::a[@href]")
            if configured else doc.sel.xpath("//a[@href]")
        )
        found: dict[str, Thread] = {}
        cards: dict[object, str | None] = {}
        for anchor in anchors:
            href = anchor.attrib.get("href", "")
            if not configured and not _GOODS_HINT.search(href):
                continue  # most links of a page are no goods: skip them before resolving
            link = self._link(doc, href, keep)
            if not link or link in found or not (configured or _GOODS_PATH.search(link)):
                continue
            if urlsplit(link).netloc != urlsplit(doc.url).netloc and not configured:
                continue  # a payment or partner site, not this shop's goods
            found[link] = Thread(link, _marker(anchor, cards))
            if len(found) >= MAX_POSTS:
                break
        return tuple(found.values())

    def _index_links(self, doc: Document, keep: list[str] | None) -> list[str]:
        """Further index pages: the configured ``next_page``, pagination, category pages."""
        hrefs = _select(doc, _css(self.source, "next_page") or _NEXT).xpath(
            "descendant-or-self::a/@href").getall()
        links = [self._link(doc, href, keep) for href in hrefs]
        host = urlsplit(doc.url).netloc
        categories: set[str] = set()
        for href in doc.sel.xpath("//a/@href").getall():
            if not _CATEGORY_HINT.search(href):
                continue
            link = self._link(doc, href, keep)
            if link and _CATEGORY_PATH.search(link) and urlsplit(link).netloc == host:
                categories.add(link)
                links.append(link)
                if len(categories) >= _MAX_CATEGORIES:
                    break
        return [link for link in links if link]

    def _goods(self, doc: Document, url: str) -> RawPost | None:
        """The listing of a goods page; None for a page that sells nothing itself."""
        configured_body = _css(self.source, "body")
        if not doc.sel.xpath(_ORDER_FORM) and not (
            configured_body and _select(doc, configured_body)
        ):
            return None
        name = _first(doc, (_css(self.source, "title"), *_NAME)) or self._page_title(doc)
        price, stock = price_of(doc), stock_of(doc)
        if not name or (price is None and stock is None):
            return None
        description = _description(doc, configured_body)
        lines = [
            name,
            f"价格：{price}" if price else None,
            f"库存：{stock}" if stock is not None else None,
            description,
        ]
        return RawPost(
            url=url,
            text="\n".join(line for line in lines if line),
            title=name,
            seller=urlsplit(doc.url).netloc.lower() or None,
            seller_display=_first(doc, _SHOP_NAME) or self._shop_title(doc),
            image_urls=self._pictures(doc),
        )

    @staticmethod
    def _page_title(doc: Document) -> str | None:
        title = _first_text(doc.sel.css("title"))
        return title.split(" | ")[0].strip() or None if title else None

    @staticmethod
    def _shop_title(doc: Document) -> str | None:
        title = _first_text(doc.sel.css("title"))
        return title.rsplit(" | ", 1)[-1].strip() or None if title and " | " in title else None

    def _pictures(self, doc: Document) -> tuple[str, ...]:
        imgs: list[Selector] = []
        for query in (_css(self.source, "images"), *_PICTURE):
            imgs.extend(node for node in _select(doc, query) if node.root.tag == "img")
        urls = (image_url(img.attrib, doc.base, doc.encoding) for img in imgs)
        return unique(u for u in urls if u and not _PLACEHOLDER.search(urlsplit(u).path))

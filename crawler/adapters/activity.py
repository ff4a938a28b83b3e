"""What a thread list shows of each thread's last activity, as a marker string.

A board's thread list prints, per thread, the time of the last reply (and the reply count).
While that is unchanged the thread has nothing new, so an incremental pass skips it. The
marker is the whitespace-folded text of those cells: its exact form does not matter, only
that it changes when a reply arrives. View counts are left out: they change on every visit.
"""

from __future__ import annotations

from parsel import Selector

from faceleak.crawler.adapters.text import element_text

MARKER_LIMIT = 255  # the stored column's width


def _texts(nodes: list[Selector]) -> list[str]:
    out = []
    for node in nodes:
        titled = node.css("[title]::attr(title)").get()  # X3 shows "3 天前" with the time in title
        text = " ".join(element_text(node.root).split())
        out.append(f"{text} {titled}" if titled else text)
    return [t for t in out if t]


def marker_of(parts: list[str]) -> str | None:
    marker = " | ".join(parts)
    return marker[:MARKER_LIMIT] or None


def discuz_marker(row: Selector) -> str | None:
    """Discuz! X (``td.num a`` replies, the last ``td.by em`` time) and 6/7 (``td.nums strong``,
    ``td.lastpost em``)."""
    replies = row.css("td.num a") or row.css("td.nums strong")
    last = row.css("td.lastpost em") or row.css("td.by em")[-1:]
    return marker_of(_texts(replies[:1] + last[:1]))


def last_cell_marker(row: Selector) -> str | None:
    """phpBB 2/3 and SMF: the row's last cell is "Last post by X at <time>"."""
    cells = row.xpath("./dd | ./td | ./dl/dd")
    return marker_of(_texts(cells[-1:]))

"""A small market read through CSS selectors (source kind ``html``).

Modelled on the Bootstrap card grid of realworld/paste_darknet/darknet_cypher_market_*: an index
of cards whose title links are ``a.item-link`` with ``a.next`` pagination, and item pages with
``h1``, ``.description``, ``.seller a``, ``time[datetime]`` and a ``.gallery`` of lazy images
(placeholder in ``src``, the real URL in ``data-src``).
"""

# ruff: noqa: E501  (markup lines follow the real pages, which do not wrap)

from __future__ import annotations

from html import escape

from faceleak.demo import paths
from faceleak.demo.content import SHOP, SHOP_NAME, DemoPost

_PLACEHOLDER = paths.image_path(SHOP, "placeholder.png")


def _vendor_slug(name: str) -> str:
    return "v" + format(sum(ord(c) * (i + 1) for i, c in enumerate(name)) % 10**6, "06d")


def _badge(post: DemoPost) -> str:
    if post.price is None:
        return "Contact vendor"
    amount = f"{post.price.amount:g}"
    unit = "" if post.price.per == "bundle" else " / unit"
    return f"{amount} {post.price.currency}{unit}"


def _head(title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head>
<meta http-equiv="content-type" content="text/html; charset=UTF-8">
    <!-- Required meta tags -->
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
    <link rel="stylesheet" href="{paths.SHOP_ROOT}static/css/app.css">
    <title>{escape(SHOP_NAME)} - {escape(title)}</title>
</head>
<body class="pb-4">
<nav class="navbar navbar-expand-lg navbar-dark bg-dark shadow-lg border border-light">
    <div class="container">
        <a class="navbar-brand btn btn-outline-light bg-dark badge-pill" href="{paths.SHOP_ROOT}">{escape(SHOP_NAME)}</a>
        <div class="collapse navbar-collapse" id="navbarSupportedContent">
            <ul class="navbar-nav mr-auto">
                <li class="nav-item"><a class="nav-link text-white-50 bg-dark" href="{paths.SHOP_ROOT}support">Support</a></li>
                <li class="nav-item"><a class="nav-link text-white-50 bg-dark" href="{paths.SHOP_ROOT}faq">FAQ</a></li>
            </ul>
            <ul class="navbar-nav">
                <li class="nav-item"><a class="nav-link text-white-50 bg-dark" href="{paths.SHOP_ROOT}login">Login</a></li>
            </ul>
        </div>
    </div>
</nav>
<div class="container mt-3">
"""


_FOOT = """</div>
<footer class="text-center text-muted small mt-5">Escrow only &middot; PGP required for vendors &middot; mirror list in the FAQ</footer>
<script src="/shop/static/js/lazy.js"></script>
<script>document.querySelectorAll('img[data-src]').forEach(function(i){i.src=i.dataset.src;});</script>
</body></html>
"""


def _card(base: str, post: DemoPost) -> str:
    url = f"{base}{paths.shop_item(post.number)}"
    thumb = (f'<img class="card-img-top lazy" src="{_PLACEHOLDER}" data-src="{base}'
             f'{paths.image_path(SHOP, post.images[0])}" alt="">' if post.images
             else f'<img class="card-img-top" src="{_PLACEHOLDER}" alt="">')
    return f"""                            <div class="col-md-4 my-md-0 my-2 col-12">
                                <div class="row justify-content-center h-100 pt-4 pr-3 shadow-lg p-3 mb-5 bg-white rounded">
<div class="card">
  <a href="{url}">{thumb}</a>
  <div class="card-body">
      <a class="item-link" href="{url}"><h4 class="card-title btn btn-outline-dark">{escape(post.title or "")}</h4></a>
      <p class="card-subtitle badge badge-dark">From: <strong>{escape(_badge(post))}</strong></p>
      <p class="card-text"><a href="{paths.SHOP_ROOT}vendor/{_vendor_slug(post.seller)}" class="badge badge-dark">{escape(post.seller)}</a></p>
      <span class="badge badge-mgray">Escrow only</span>
  </div>
  <div class="card-footer bg-transparent border-dark"><a href="{url}" class="btn btn-outline-secondary d-block bg-dark text-white">Buy now</a></div>
</div>
</div>
                            </div>
"""


def index_page(base: str, posts: tuple[DemoPost, ...], page: int) -> bytes | None:
    """The listing grid, newest first; None past the last page."""
    newest_first = sorted(posts, key=lambda p: p.posted_at, reverse=True)
    size = paths.SHOP_PAGE_SIZE
    pages = max(1, -(-len(newest_first) // size))
    if not 1 <= page <= pages:
        return None
    shown = newest_first[(page - 1) * size: page * size]
    cards = "".join(_card(base, p) for p in shown)
    items = []
    prev_cls = " disabled" if page == 1 else ""
    prev_href = f"{base}{paths.shop_index(page - 1)}" if page > 1 else ""
    items.append(f'<li class="page-item{prev_cls}"><a class="page-link prev" href="{prev_href}" '
                 f'rel="prev">Previous</a></li>')
    for n in range(1, pages + 1):
        if n == page:
            items.append(f'<li class="page-item disabled"><a class="page-link" tabindex="-1">{n}</a></li>')
        else:
            items.append(f'<li class="page-item"><a class="page-link" href="{base}'
                         f'{paths.shop_index(n)}">{n}</a></li>')
    if page < pages:
        items.append(f'<li class="page-item"><a class="page-link next" rel="next" href="{base}'
                     f'{paths.shop_index(page + 1)}">Next</a></li>')
    html = f"""{_head("All listings")}
    <div class="row">
        <h1 class="col-md-11">Listings <small>- page {page}</small></h1>
    </div>
    <hr>
    <div class="row mt-3">
{cards}    </div>
    <nav>
        <ul class="pagination justify-content-center">
            {"".join(items)}
        </ul>
    </nav>
{_FOOT}"""
    return html.encode("utf-8")


def item_page(base: str, post: DemoPost) -> bytes:
    """One listing: title, description, vendor, date and the sample gallery."""
    gallery = "\n".join(
        f'        <img class="img-thumbnail lazy" src="{_PLACEHOLDER}" data-src="{base}'
        f'{paths.image_path(SHOP, name)}" alt="sample {i}">'
        for i, name in enumerate(post.images, 1)
    )
    html = f"""{_head(post.title or "")}
    <nav aria-label="breadcrumb"><ol class="breadcrumb"><li class="breadcrumb-item"><a href="{paths.SHOP_ROOT}">Listings</a></li><li class="breadcrumb-item active">#{post.number}</li></ol></nav>
    <div class="row">
      <div class="col-md-7">
        <h1>{escape(post.title or "")}</h1>
        <p class="meta text-muted">Listed <time datetime="{post.posted_at.isoformat()}">{post.posted_at:%d %b %Y}</time></p>
        <div class="description">{escape(post.text)}</div>
        <p class="price"><span class="badge badge-dark">{escape(_badge(post))}</span> <span class="badge badge-secondary">digital</span></p>
      </div>
      <div class="col-md-5">
        <div class="seller card p-2">Vendor: <a href="{paths.SHOP_ROOT}vendor/{_vendor_slug(post.seller)}">{escape(post.seller)}</a> <span class="badge badge-success">Level 2</span></div>
        <div class="gallery mt-2">
{gallery}
        </div>
      </div>
    </div>
    <form method="post" action="{paths.SHOP_ROOT}cart/add"><input type="hidden" name="item" value="{post.number}"><button class="btn btn-dark">Add to cart</button></form>
{_FOOT}"""
    return html.encode("utf-8")

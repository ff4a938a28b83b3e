"""The faceleak config (DESIGN 4.4) that points the three demo sources at a running DemoServer."""

from __future__ import annotations

from faceleak.demo import paths

SOURCE_NAMES = {"telegram": "demo-telegram", "discuz": "demo-bbs", "html": "demo-shop"}

_TEMPLATE = """\
# faceleak demo: three sources served by the bundled demo marketplace on {base}
sources:
  - name: {tg_name}
    kind: telegram
    start_urls: ["{base}{tg_start}"]
    schedule: 15m
    max_pages: 20
    enabled: true
    allow_private: true          # the demo runs on loopback
    obey_robots: true
    download_delay: 0
    revisit: 1s                  # older pages walked every pass: revision 2 edits an old post
  - name: {bbs_name}
    kind: discuz
    start_urls: ["{base}{bbs_start}"]
    schedule: 15m
    max_pages: 20
    enabled: true
    allow_private: true
    obey_robots: true
    download_delay: 0
  - name: {shop_name}
    kind: html
    start_urls: ["{base}{shop_start}"]
    schedule: 15m
    max_pages: 20
    enabled: true
    allow_private: true
    obey_robots: true
    download_delay: 0
    selectors:
      listing: "a.item-link"
      next_page: "a.next"
      title: "h1"
      body: ".description"
      seller: ".seller a"
      posted_at: "time"
      images: ".gallery img"
alerts:
  channels:
    - {{name: term, kind: console}}
  rules:
    - {{name: new-offers, event: new_offer, severity: high, channels: [term]}}
    - {{name: offer-changed, event: offer_changed, severity: medium, channels: [term]}}
    - {{name: new-sample, event: new_sample, severity: low, channels: [term]}}
    - {{name: sample-reuse, event: sample_reuse, severity: medium, channels: [term]}}
    - {{name: watchlist-match, event: watchlist_match, severity: high, channels: [term]}}
    - {{name: source-failing, event: source_failing, severity: medium, channels: [term]}}
currency_rates_usd: {{CNY: 0.1417, RUB: 0.011, USDT: 1.0, USD: 1.0}}
"""


def demo_config_yaml(base_url: str) -> str:
    """A complete config for the demo marketplace at ``base_url`` (``DemoServer.base_url``)."""
    if not base_url.startswith(("http://", "https://")):
        raise ValueError(f"base_url must be an http(s) URL, not {base_url!r}")
    if any(c in base_url for c in "\"'\n #"):
        raise ValueError(f"base_url must not contain quotes, spaces or '#': {base_url!r}")
    return _TEMPLATE.format(
        base=base_url.rstrip("/"),
        tg_name=SOURCE_NAMES["telegram"], tg_start=paths.tg_channel_page(),
        bbs_name=SOURCE_NAMES["discuz"], bbs_start=paths.bbs_forum_page(),
        shop_name=SOURCE_NAMES["html"], shop_start=paths.shop_index(),
    )

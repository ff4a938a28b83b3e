"""`stats`: offers per week by source and data type, median USD price per photo (the console's
trends page shows the same document)."""

from __future__ import annotations

import json
from datetime import timedelta

from faceleak.store.trends import week_of
from tests.cli.conftest import NOW


def test_stats_json_counts_offers_per_week_and_prices_per_photo(market, run):
    result = run(market.store, "stats", "--json")
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["offers"] == 2  # alice's chat is no offer
    weeks = {w["week"]: w for w in stats["weeks"]}
    bob = weeks[week_of(NOW - timedelta(days=2)).isoformat()]
    assert bob["by_source"].get("forum-b") == 1
    assert bob["usd_per_photo"]["handheld_id"] == {"median": 0.5, "offers": 1}  # 0.5 USD/item


def test_stats_since_leaves_out_older_offers(market, run):
    stats = json.loads(run(market.store, "stats", "--json", "--since", "3d").stdout)
    assert stats["offers"] == 1

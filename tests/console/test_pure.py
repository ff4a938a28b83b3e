"""Pure parts of the console: highlighting, inert text, version diffs, charts, trends."""

from __future__ import annotations

from datetime import UTC, datetime

from faceleak.console.charts import line_chart, link_graph
from faceleak.console.diff import version_changes
from faceleak.console.highlight import segments
from faceleak.console.render import ENV, inert
from faceleak.console.security import host_name, is_loopback, safe_next
from faceleak.store.trends import OfferRow, trend_rows


def test_reasons_phrases_are_marked_where_they_occur_with_their_sign():
    marked = segments("Продаю фото лиц. PSA: report",
                      ["goods: фото лиц (+1.12)", "warning: PSA (-2.31)", "no goods named"])
    assert [(s.text, s.positive) for s in marked if s.reason] == [("фото лиц", True),
                                                                  ("PSA", False)]
    assert "".join(s.text for s in marked) == "Продаю фото лиц. PSA: report"


def test_overlapping_phrases_go_to_the_longer_one():
    marked = segments("人脸照片出售", ["goods: 人脸 (+1.0)", "goods: 人脸照片 (+1.1)"])
    assert [s.text for s in marked if s.reason] == ["人脸照片"]


def test_terminal_escapes_become_visible_and_bidi_overrides_go():
    assert inert("a\x1b[2Jb\x07\u202ec") == "a␛[2Jb␇c"
    rendered = ENV.from_string("{{ v }}").render(v="<script>\x1b]0;x\x07")
    assert rendered == "&lt;script&gt;␛]0;x␇"


def test_text_changes_are_diffed_word_by_word():
    [change] = version_changes({"text": "出售 3000元 打包"}, {"text": "出售 2500元 打包"}, ["text"])
    assert change.words == (("=", "出售"), ("-", "3000元"), ("+", "2500元"), ("=", "打包"))


def test_chart_labels_are_escaped():
    svg = str(line_chart("t", ["w1", "w2"], {"<b>x</b>": [1, None]}))
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    graph = str(link_graph("<i>me</i>\x1b", [("o\"ther", "/sellers/2", "@x")]))
    assert "<i>" not in graph and "\x1b" not in graph and "o&#34;ther" in graph


def test_only_loopback_addresses_count_as_loopback():
    assert all(map(is_loopback, ("127.0.0.1", "localhost", "::1", "127.3.4.5")))
    assert not any(map(is_loopback, ("0.0.0.0", "192.168.1.2", "::", "example.org")))
    assert host_name("[::1]:8080") == "::1" and host_name("LOCALHOST:1") == "localhost"


def test_redirects_after_a_form_stay_on_this_server():
    assert safe_next("/alerts?status=open") == "/alerts?status=open"
    assert safe_next("//evil.example/") == "/" and safe_next("https://evil.example") == "/"


def row(day: int, source: str, types: tuple, count=None, usd=None, per="bundle") -> OfferRow:
    return OfferRow(datetime(2026, 11, day, tzinfo=UTC), source, types, count, usd, per)


def test_trends_count_offers_per_week_and_take_median_price_per_photo():
    stats = trend_rows([
        row(1, "tg", ("face_photo",), 1000, 100.0),         # a Sunday: week of 2026-10-26
        row(3, "bbs", ("face_photo",), None, 0.5, "item"),  # 0.50 a photo, week of Monday 11-02
        row(4, "tg", ("face_photo", "id_card"), 100, 20.0),  # 0.20 a photo
        row(5, "tg", ("id_card",)),                          # no price: counted, not priced
        row(19, "tg", ("kyc_set",), 10, 10.0),              # two weeks later
    ])
    assert stats["offers"] == 5
    weeks = stats["weeks"]
    assert [w["week"] for w in weeks] == ["2026-10-26", "2026-11-02", "2026-11-09",
                                          "2026-11-16"]
    assert weeks[1]["by_source"] == {"bbs": 1, "tg": 2}
    assert weeks[1]["by_type"] == {"face_photo": 2, "id_card": 2}
    assert weeks[1]["usd_per_photo"]["face_photo"] == {"median": 0.35, "offers": 2}
    assert weeks[2]["offers"] == 0  # a week without offers is listed
    assert weeks[3]["usd_per_photo"] == {"kyc_set": {"median": 1.0, "offers": 1}}

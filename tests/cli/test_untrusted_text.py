"""Scraped text is hostile: terminal escapes never reach human output, while --json keeps the
text exactly, escaped by JSON itself."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import offer, sample

TITLE = "\x1b]0;pwned\x07Fresh faces"
TEXT = "line one\x1b[2J\nline two \x1b[31mred\x1b[0m"
SELLER = "eve\x1b[2J"
CONTACT = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
REASON = "lexicon:\x1b[2J人脸"
IMAGE_URL = "https://cdn.example/\x1b]0;pwned\x07a.png"


@pytest.fixture
def hostile(store, photos):
    listing_id = store.record(offer(
        "https://t.me/s/example/66", title=TITLE, text=TEXT, seller=SELLER,
        reasons=(REASON,), data_types=("face_photo", "id_card\x1b[2J"),
        # kinds and data types come from the extractor's vocabulary, but the store keeps
        # whatever it is given: the view must not trust them either
        contacts=({"kind": "tele\x1b[2Jgram", "value": CONTACT},),
        images=(sample(photos.astronaut, IMAGE_URL),),
    ))
    return store, listing_id


def assert_no_escapes(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output
    assert "pwned" not in output  # an OSC sequence goes whole, payload included


@pytest.mark.parametrize("args", [["listings"], ["alerts"], ["sellers"]],
                         ids=lambda a: a[0])
def test_tables_never_print_terminal_escapes(hostile, run, args):
    store, _ = hostile
    result = run(store, *args)
    assert result.exit_code == 0
    assert_no_escapes(result.output)
    assert "eve" in result.stdout


def test_listing_view_never_prints_terminal_escapes(hostile, run):
    store, listing_id = hostile
    result = run(store, "listing", str(listing_id))
    assert result.exit_code == 0
    assert_no_escapes(result.output)
    assert "Fresh faces" in result.stdout and "because  lexicon:人脸" in result.stdout
    assert "contact:   telegram: click" in result.stdout
    assert "types:     face_photo, id_card " in result.stdout


def test_listing_view_keeps_the_line_breaks_of_the_text(hostile, run):
    store, listing_id = hostile
    lines = run(store, "listing", str(listing_id)).stdout.splitlines()
    text_at = lines.index("text:")
    assert lines[text_at + 1:text_at + 3] == ["  line one", "  line two red"]


def test_similar_never_prints_the_stored_url_escapes(hostile, photos, run):
    store, _ = hostile
    result = run(store, "similar", str(photos.astronaut))
    assert result.exit_code == 0
    assert_no_escapes(result.output)
    assert "https://cdn.example/a.png" in result.stdout


@pytest.mark.parametrize("args", [["listing", "{id}", "--json"], ["listings", "--json"],
                                  ["alerts", "--json"]], ids=lambda a: a[0])
def test_json_keeps_the_scraped_text_exactly_but_escaped(hostile, run, args):
    store, listing_id = hostile
    result = run(store, *(a.format(id=listing_id) for a in args))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\u001b]0;pwned\\u0007" in result.stdout
    data = json.loads(result.stdout)
    item = data if isinstance(data, dict) else data[0]
    listing = item.get("listing") or item
    assert (listing["title"], listing["text"], listing["seller"]) == (TITLE, TEXT, SELLER)
    assert listing["contacts"][0]["value"] == CONTACT and listing["images"][0]["url"] == IMAGE_URL

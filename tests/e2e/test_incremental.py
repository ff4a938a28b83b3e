"""Incremental passes over a real local board, through `faceleak crawl` as a user runs it."""

from __future__ import annotations

import pytest

from .conftest import make_faceleak
from .local_sites import Board, Channel, SiteServer

pytestmark = pytest.mark.slow


def _config(start_url: str, kind: str = "discuz", max_pages: int = 3, **extra: object) -> str:
    more = "".join(f"    {k}: {v}\n" for k, v in extra.items())
    return (
        f"sources:\n  - name: board\n    kind: {kind}\n"
        f'    start_urls: ["{start_url}"]\n    schedule: 1h\n    max_pages: {max_pages}\n'
        "    allow_private: true\n    obey_robots: false\n    download_delay: 0\n"
        f"{more}"
        "alerts:\n  rules:\n    - {name: failing, event: source_failing, after: 1}\n"
    )


def test_a_second_pass_over_an_unchanged_board_fetches_only_its_list_pages(tmp_path, sqlite_url):
    board = Board(threads=60, per_page=20)
    with SiteServer(board) as server:
        fl = make_faceleak(tmp_path, sqlite_url, _config(server.forum_url))
        first = fl.run("crawl", "--json")
        assert first.returncode == 0, first.stderr[-2000:]
        assert sum(board.requests.values()) == 3 + 60
        board.requests.clear()

        second = fl.run("crawl", "--json")

    assert second.returncode == 0, second.stderr[-2000:]
    assert sum(board.requests.values()) <= 3, dict(board.requests)
    assert "source_failing" not in [a["event"] for a in fl.json("alerts", "--status", "all")]
    assert fl.json("status")["sources"][0]["last_status"] == "ok"


def test_a_thread_with_a_new_reply_is_fetched_again_and_the_others_are_not(tmp_path, sqlite_url):
    board = Board(threads=60, per_page=20)
    with SiteServer(board) as server:
        fl = make_faceleak(tmp_path, sqlite_url, _config(server.forum_url))
        assert fl.run("crawl").returncode == 0
        board.requests.clear()
        board.reply(42, "出售 手持身份证 500套 每套5元 联系 @kyc_seller42")

        assert fl.run("crawl").returncode == 0

    threads = [path for path in board.requests if "viewthread" in path]
    assert threads == ["/bbs/forum.php?mod=viewthread&tid=42"]
    urls = [x["url"] for x in fl.json("listings", "--limit", "500")]
    assert any(u.endswith("tid=42#pid4202") for u in urls)


def test_max_pages_counts_pages_of_the_index_and_max_requests_caps_the_pass(
    tmp_path, sqlite_url
):
    board = Board(threads=60, per_page=20)
    with SiteServer(board) as server:
        fl = make_faceleak(tmp_path, sqlite_url, _config(server.forum_url, max_requests=30))
        assert fl.run("crawl").returncode == 0

    lists = [p for p in board.requests if "forumdisplay" in p]
    assert len(lists) <= 3
    assert sum(board.requests.values()) == 30


def test_a_telegram_pass_stops_at_the_newest_post_already_stored(tmp_path, sqlite_url):
    channel = Channel(messages=60)
    with SiteServer(channel) as server:
        fl = make_faceleak(tmp_path, sqlite_url,
                           _config(f"{server.base}/s/{channel.name}", kind="telegram"))
        assert fl.run("crawl").returncode == 0
        assert sum(channel.requests.values()) == 3  # 60 messages, 20 a page
        channel.requests.clear()
        channel.post("出售 人脸照片 9万张 打包 2000元 联系 @new_seller")

        assert fl.run("crawl").returncode == 0

    assert list(channel.requests) == [f"/s/{channel.name}"]
    assert len(fl.json("listings", "--limit", "500")) == 61


def test_a_telegram_pass_after_one_that_died_walks_past_the_posts_it_stored(tmp_path,
                                                                          sqlite_url):
    from sqlalchemy import update

    from faceleak.store import make_engine
    from faceleak.store.models import CrawlRun

    channel = Channel(messages=60)
    with SiteServer(channel) as server:
        url = f"{server.base}/s/{channel.name}"
        fl = make_faceleak(tmp_path, sqlite_url, _config(url, kind="telegram", max_pages=1))
        assert fl.run("crawl").returncode == 0  # the newest 20 posts stored, then ...
        engine = make_engine(sqlite_url)
        with engine.begin() as conn:  # ... its worker killed: the run never ended well
            conn.execute(update(CrawlRun).values(status="failed"))
        engine.dispose()
        fl.config.write_text(_config(url, kind="telegram"), encoding="utf-8")

        assert fl.run("crawl").returncode == 0

    assert len(fl.json("listings", "--limit", "500")) == 60


def test_older_telegram_pages_are_walked_again_once_revisit_has_passed(tmp_path, sqlite_url):
    channel = Channel(messages=60)
    with SiteServer(channel) as server:
        fl = make_faceleak(tmp_path, sqlite_url, _config(
            f"{server.base}/s/{channel.name}", kind="telegram", revisit="1s"))
        assert fl.run("crawl").returncode == 0
        channel.requests.clear()
        channel.texts[0] = "出售 人脸照片 1000张 打包价 50元 联系 QQ 12345001 降价"  # edited

        assert fl.run("crawl").returncode == 0

    assert len(channel.requests) == 3
    [edited] = [x for x in fl.json("listings", "--limit", "500") if x["url"].endswith("/1")]
    assert "降价" in edited["text"]


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    image = Image.linear_gradient("L").resize((320, 240)).convert("RGB")  # generated, no face
    out = BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def test_an_old_post_labelled_an_offer_has_its_samples_fetched_on_the_next_pass(
    tmp_path, sqlite_url
):
    channel = Channel(messages=40)
    channel.texts[4] = "相册第五张，周末去海边拍的"  # message 5, on the older page: no offer
    channel.photos[5] = _jpeg()
    with SiteServer(channel) as server:
        fl = make_faceleak(tmp_path, sqlite_url,
                           _config(f"{server.base}/s/{channel.name}", kind="telegram"))
        assert fl.run("crawl").returncode == 0
        assert channel.requests["/img/5.jpg"] == 0  # no offer, so no sample fetched
        post = next(x for x in fl.json("listings", "--limit", "100")
                    if x["url"].endswith(f"/{channel.name}/5"))
        labelled = fl.run("label", str(post["id"]), "offer", "--types", "face_photo",
                          "--by", "analyst")
        assert labelled.returncode == 0, labelled.stderr
        channel.requests.clear()

        assert fl.run("crawl").returncode == 0
        assert channel.requests["/img/5.jpg"] == 1
        channel.requests.clear()

        assert fl.run("crawl").returncode == 0  # its samples came: back to the newest page

    assert list(channel.requests) == [f"/s/{channel.name}"]
    assert len(fl.json("listing", str(post["id"]))["images"]) == 1

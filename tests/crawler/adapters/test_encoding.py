"""Charset is taken from the bytes: BOM, valid UTF-8, declarations that decode, then GB18030."""

from __future__ import annotations

import pytest

from faceleak.crawler.adapters.encoding import decode_html, sniff_encoding

GBK_THREAD = "forums/discuz6_gbk_viewthread_1984bbs.html"
GBK_LIST = "forums/discuz6_gbk_forumdisplay_1984bbs.html"
PHPBB2 = "forums/ptforum_phpbb2_viewforum_f4_iso8859-1.html"
QQ_HEAD = "encoding/unfurl_gb2312_html4_qq_head.html"


@pytest.mark.parametrize("name", [GBK_THREAD, GBK_LIST])
def test_discuz_gbk_pages_decode_without_replacement_characters(page, name):
    text = decode_html(page(name), "text/html")
    assert "\ufffd" not in text
    assert "自由新闻社" in text


def test_gbk_declared_in_meta_decodes_as_gb18030(page):
    assert sniff_encoding(page(GBK_THREAD), None) == "gb18030"


def test_thread_title_of_the_gbk_page_is_read_correctly(page):
    assert "<title>罗永浩：我将若无其事地归来开放 - 自由新闻社" in decode_html(
        page(GBK_THREAD), None
    )


def test_iso_8859_1_label_decodes_byte_0x97_as_an_em_dash(page):
    body = page(PHPBB2)
    assert b"\x97" in body
    text = decode_html(body, "text/html; charset=ISO-8859-1")
    assert "\u2014" in text
    assert "\x97" not in text


def test_gb2312_http_equiv_head_decodes(page):
    text = decode_html(page(QQ_HEAD), None)
    assert "<title>腾讯首页</title>" in text
    assert "腾讯网从2003年创立至今" in text


def test_header_saying_utf8_loses_to_a_meta_gbk_that_decodes_cleanly(page):
    body = page(GBK_THREAD)
    text = decode_html(body, "text/html; charset=utf-8")
    assert "\ufffd" not in text
    assert "罗永浩" in text


def test_utf8_bytes_win_over_a_stale_gbk_label():
    body = '<meta charset="gbk"><p>人脸照片 出售</p>'.encode()
    assert decode_html(body, "text/html; charset=gbk") == '<meta charset="gbk"><p>人脸照片 出售</p>'


def test_undeclared_gbk_bytes_are_detected_as_gb18030():
    body = "<p>出售身份证正反面照片，手持证件照</p>".encode("gbk")
    assert decode_html(body, None) == "<p>出售身份证正反面照片，手持证件照</p>"


def test_undeclared_latin_bytes_fall_back_to_windows_1252():
    body = "<p>café — naïve</p>".encode("cp1252")
    assert decode_html(body, None) == "<p>café — naïve</p>"


def test_byte_order_mark_wins_over_the_header():
    body = "\ufeff<p>żółw</p>".encode("utf-16-le")
    assert decode_html(body, "text/html; charset=gbk") == "<p>żółw</p>"


def test_utf8_bom_is_removed():
    assert decode_html(b"\xef\xbb\xbf<p>x</p>", None) == "<p>x</p>"


def test_unknown_charset_label_is_ignored():
    assert decode_html("<p>ok ü</p>".encode(), "text/html; charset=x-nonsense") == "<p>ok ü</p>"


def test_utf16_label_without_bom_or_nuls_is_not_trusted():
    assert decode_html(b"<p>plain ascii</p>", "text/html; charset=utf-16") == "<p>plain ascii</p>"


@pytest.mark.parametrize("body", [b"", b"\xff\xfe\xfd\x00\x81", bytes(range(256)) * 4])
def test_garbage_never_raises(body):
    assert isinstance(decode_html(body, "text/html; charset=utf-8"), str)


# A stray byte: the fixtures stay raw, the damage is done here.
TITLE = "<title>罗永浩：我将若无其事地归来开放 - 自由新闻社"
TOPWAR = "telegram/any2feed_tme_s_topwar_official_full.html"


def with_stray_byte(body: bytes, after: bytes, stray: bytes = b"\xff") -> bytes:
    """``body`` with ``stray`` inserted after the last occurrence of ``after``."""
    at = body.rindex(after) + len(after)
    return body[:at] + stray + body[at:]


def test_a_stray_byte_in_a_real_gbk_page_costs_one_character_not_the_page(page):
    body = with_stray_byte(page(GBK_THREAD), "罗永浩".encode("gbk"))

    text = decode_html(body, "text/html")

    assert sniff_encoding(body, "text/html") == "gb18030"
    assert TITLE in text
    assert text.count("\ufffd") == 1


def test_a_stray_byte_in_a_gbk_page_under_a_lying_utf8_header_still_reads_as_gbk(page):
    body = with_stray_byte(page(GBK_THREAD), "罗永浩".encode("gbk"))

    assert TITLE in decode_html(body, "text/html; charset=utf-8")


def test_an_undeclared_gbk_page_with_a_stray_byte_is_still_gbk(page):
    body = with_stray_byte(page(GBK_THREAD), "罗永浩".encode("gbk")).replace(b"charset=gbk", b"")

    assert sniff_encoding(body, None) == "gb18030"


def test_a_gbk_page_cut_inside_a_character_decodes_as_gbk(page):
    body = page(GBK_THREAD)
    cut = body.rindex("罗永浩".encode("gbk")) + 1  # between the two bytes of 罗

    assert sniff_encoding(body[:cut], None) == "gb18030"


def test_a_stray_byte_in_a_real_gbk_thread_changes_one_post_only(page):
    from faceleak.crawler.adapters import adapter_for

    from .conftest import make_source

    url = "https://1984bbs.com/viewthread.php?tid=60817"
    adapter = adapter_for(make_source("discuz", [url]))
    clean = adapter.parse(url, page(GBK_THREAD), {}).posts
    body = with_stray_byte(page(GBK_THREAD), "罗永浩".encode("gbk"))
    damaged = adapter.parse(url, body, {}).posts

    changed = [(a.text, b.text) for a, b in zip(clean, damaged, strict=True) if a != b]
    assert len(changed) == 1
    before, after = changed[0]
    assert after.replace("\ufffd", "", 1) == before


def _windows_1251(page, declared: bool) -> bytes:
    """The real Russian Telegram page as a windows-1251 site would serve it."""
    text = page(TOPWAR).decode("utf-8")
    charset = "windows-1251" if declared else "x"
    text = text.replace('charset="utf-8"', f'charset="{charset}"').replace(
        "charset=utf-8", f"charset={charset}"
    )
    return text.encode("cp1251", errors="xmlcharrefreplace")


def test_windows_1251_with_a_byte_it_does_not_define_is_not_read_as_cp1252(page):
    body = with_stray_byte(_windows_1251(page, declared=True), "обозрение".encode("cp1251"),
                           stray=b"\x98")

    text = decode_html(body, None)

    assert sniff_encoding(body, None) == "cp1251"
    assert "обозрение" in text and text.count("\ufffd") == 1


def test_an_undeclared_windows_1251_page_is_detected(page):
    body = _windows_1251(page, declared=False)

    assert sniff_encoding(body, None) == "cp1251"
    assert "обозрение" in decode_html(body, None)


def test_an_undeclared_latin_page_is_not_mistaken_for_mostly_valid_gbk(page):
    body = page(PHPBB2).replace(b"charset=iso-8859-1", b"")

    assert sniff_encoding(body, None) == "cp1252"

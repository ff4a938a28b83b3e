"""Markup to plain text: structure as newlines, invisible and dangerous content removed."""

from __future__ import annotations

from faceleak.crawler.adapters.text import clean_text, html_to_text


def test_block_elements_and_br_become_newlines():
    assert html_to_text("<div>a<br>b<p>c</p><ul><li>d</li><li>e</li></ul></div>") == "a\nb\nc\nd\ne"


def test_double_br_keeps_one_blank_line():
    assert html_to_text("x<br><br><br><br>y") == "x\n\ny"


def test_runs_of_whitespace_fold_to_one_space():
    assert (
        html_to_text("<p>  many \t spaces\n and&nbsp;&nbsp;lines  </p>") == "many spaces and lines"
    )


def test_scripts_styles_and_hidden_elements_are_dropped():
    markup = (
        "<p>sale<script>alert(1)</script><style>p{}</style>"
        '<span style="display: none">jam1</span><span hidden>jam2</span>'
        '<font class="jammer">jam3</font> now</p>'
    )
    assert html_to_text(markup) == "sale now"


def test_entities_are_decoded_once_and_markup_in_text_stays_text():
    assert html_to_text("<p>&lt;script&gt;x&lt;/script&gt; &amp;lt;b&amp;gt;</p>") == (
        "<script>x</script> &lt;b&gt;"
    )


def test_terminal_escape_sequences_lose_their_control_characters():
    text = html_to_text("<p>red\x1b[31m alert\x07\x9b2J</p>")
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert text == "red[31m alert2J"


def test_table_cells_are_separated_and_rows_are_lines():
    assert html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>") == (
        "a b\nc"
    )


def test_pre_keeps_its_line_breaks():
    assert html_to_text("<pre>one\n  two</pre>") == "one\ntwo"


def test_empty_and_whitespace_markup_give_empty_text():
    assert html_to_text("") == ""
    assert html_to_text("   \n ") == ""


def test_nesting_hundreds_deep_is_walked_without_recursion():
    markup = "<div><span>" * 200 + "deep" + "</span></div>" * 200
    assert html_to_text(markup) == "deep"


def test_nesting_beyond_the_parser_limit_gives_text_or_nothing_but_no_error():
    markup = "<div>" * 50000 + "deep" + "</div>" * 50000
    assert html_to_text(markup) in {"", "deep"}


def test_clean_text_normalises_line_endings():
    assert clean_text("a\r\nb\rc") == "a\nb\nc"

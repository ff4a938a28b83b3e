"""Every kind of mistake is reported with the file, the line and the dotted field it is in."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceleak.config import ConfigError, ConfigIssue, check_config, load_config

SOURCE = """\
sources:
  - name: tg
    kind: telegram
    start_urls: ["https://t.me/s/example"]
    schedule: 15m
"""


def only(issues: list[ConfigIssue]) -> ConfigIssue:
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


def test_issue_prints_as_file_line_field_message():
    issue = ConfigIssue("faceleak.yaml", 7, "sources[1].selectors.body", "required key is missing")

    assert str(issue) == "faceleak.yaml:7: sources[1].selectors.body: required key is missing"


def test_unknown_key_is_reported_on_its_own_line_with_the_allowed_keys(write):
    path = write(SOURCE + "    max_page: 3\n")

    issue = only(check_config(path))

    assert (issue.file, issue.line, issue.field) == (str(path), 6, "sources[0].max_page")
    assert "did you mean 'max_pages'" in issue.message
    assert "allowed: name, kind, start_urls, schedule" in issue.message


def test_unknown_top_level_key_lists_the_sections(issues_of):
    issue = only(issues_of("sources: []\nalert: {}\n"))

    assert (issue.line, issue.field) == (2, "alert")
    assert "did you mean 'alerts'" in issue.message


def test_unknown_source_kind_names_the_kind_field(issues_of):
    issue = only(issues_of(SOURCE.replace("kind: telegram", "kind: forum")))

    assert (issue.line, issue.field) == (3, "sources[0].kind")
    assert "'forum'" in issue.message and "'discuz'" in issue.message


def test_bad_schedule_names_the_schedule_field(issues_of):
    issue = only(issues_of(SOURCE.replace("15m", "every hour")))

    assert (issue.line, issue.field) == (5, "sources[0].schedule")
    assert "invalid schedule 'every hour'" in issue.message


def test_bad_cron_line_names_the_schedule_field(issues_of):
    issue = only(issues_of(SOURCE.replace("15m", '"cron: 61 * * * *"')))

    assert (issue.line, issue.field) == (5, "sources[0].schedule")
    assert "invalid cron expression" in issue.message


def test_non_http_start_url_names_the_list_item(issues_of):
    text = SOURCE.replace(
        '["https://t.me/s/example"]', '\n      - "https://t.me/s/a"\n      - "file:///etc/passwd"'
    )

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (6, "sources[0].start_urls[1]")
    assert "not an http(s) URL" in issue.message


def test_missing_required_key_is_reported_on_its_mapping(issues_of):
    issue = only(issues_of(SOURCE.replace("    schedule: 15m\n", "")))

    assert (issue.line, issue.field) == (2, "sources[0].schedule")
    assert issue.message == "required key is missing"


def test_html_source_without_selectors_is_an_error(issues_of):
    issue = only(issues_of(SOURCE.replace("kind: telegram", "kind: html")))

    assert (issue.line, issue.field) == (2, "sources[0].selectors")
    assert "kind html needs selectors" in issue.message


def test_html_selectors_without_body_name_the_body_field(issues_of):
    text = SOURCE.replace("kind: telegram", "kind: html") + "    selectors:\n      title: h1\n"

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (6, "sources[0].selectors.body")


def test_selectors_on_a_non_html_source_are_accepted_and_unused(issues_of):
    assert issues_of(SOURCE + "    selectors: {body: p}\n") == []


def test_invalid_css_selector_names_the_selector(issues_of):
    text = SOURCE.replace("kind: telegram", "kind: html") + "    selectors: {body: 'div['}\n"

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (6, "sources[0].selectors.body")
    assert "invalid CSS selector" in issue.message


def test_duplicate_source_name_points_at_the_second_one(issues_of):
    second = SOURCE.split("\n", 1)[1]

    issue = only(issues_of(SOURCE + second))

    assert (issue.line, issue.field) == (6, "sources[1].name")
    assert "duplicate source name 'tg'" in issue.message


def test_rule_naming_an_unknown_channel_points_at_that_name(issues_of):
    text = """\
        alerts:
          channels:
            - {name: term, kind: console}
          rules:
            - name: r
              event: new_offer
              channels:
                - term
                - pager
        """

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (9, "alerts.rules[0].channels[1]")
    assert "unknown channel 'pager'; defined: term" in issue.message


def test_rule_naming_an_unknown_source_points_at_that_name(issues_of):
    text = SOURCE + "alerts:\n  rules:\n    - {name: r, event: new_offer, sources: [tg, gone]}\n"

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (8, "alerts.rules[0].sources[1]")
    assert "unknown source 'gone'" in issue.message


def test_unknown_channel_kind_names_the_kind_field(issues_of):
    issue = only(issues_of("alerts:\n  channels:\n    - name: x\n      kind: pager\n"))

    assert (issue.line, issue.field) == (4, "alerts.channels[0].kind")
    assert "unknown kind 'pager'" in issue.message


def test_channel_without_kind_is_reported_on_its_mapping(issues_of):
    issue = only(issues_of("alerts:\n  channels:\n    - name: x\n"))

    assert (issue.line, issue.field) == (3, "alerts.channels[0].kind")


def test_channel_field_path_leaves_out_the_union_tag(issues_of):
    text = "alerts:\n  channels:\n    - name: hook\n      kind: webhook\n      url: ftp://x\n"

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (5, "alerts.channels[0].url")


def test_secret_written_instead_of_a_variable_name_is_an_error(issues_of):
    text = """\
        alerts:
          channels:
            - {name: hook, kind: webhook, url: "https://h.example/", secret_env: "s3cr3t!"}
        """

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (3, "alerts.channels[0].secret_env")
    assert "not an environment variable name" in issue.message


def test_email_with_starttls_and_ssl_names_ssl(issues_of):
    text = """\
        alerts:
          channels:
            - name: mail
              kind: email
              to: [a@example.org]
              smtp_host: localhost
              from: f@example.org
              starttls: true
              ssl: true
        """

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (9, "alerts.channels[0].ssl")


def test_lower_case_currency_code_names_the_key(issues_of):
    issue = only(issues_of("currency_rates_usd:\n  CNY: 0.14\n  rub: 0.011\n"))

    assert (issue.line, issue.field) == (3, "currency_rates_usd.rub")
    assert "upper-case" in issue.message


def test_non_positive_rate_names_the_currency(issues_of):
    issue = only(issues_of("currency_rates_usd: {CNY: 0}\n"))

    assert (issue.line, issue.field) == (1, "currency_rates_usd.CNY")


def test_enabled_evidence_without_key_variable_names_key_env(issues_of):
    issue = only(issues_of("evidence:\n  enabled: true\n  key_env: null\n"))

    assert (issue.line, issue.field) == (3, "evidence.key_env")


def test_backoff_max_below_base_names_backoff_max(issues_of):
    issue = only(issues_of("delivery: {backoff_base_s: 60, backoff_max_s: 10}\n"))

    assert (issue.line, issue.field) == (1, "delivery.backoff_max_s")


def test_wrong_value_type_shows_what_was_given(issues_of):
    issue = only(issues_of(SOURCE + "    max_pages: lots\n"))

    assert (issue.line, issue.field) == (6, "sources[0].max_pages")
    assert "got 'lots'" in issue.message


@pytest.mark.parametrize(
    ("name", "ok"), [("tg-market_2", True), ("TG", False), ("tg market", False), ("", False)]
)
def test_source_names_are_lower_case_slugs(issues_of, name, ok):
    issues = issues_of(SOURCE.replace("name: tg", f"name: '{name}'"))

    assert (issues == []) is ok


def test_all_issues_are_reported_at_once_in_file_order(write):
    path = write(
        """\
        sources:
          - name: tg
            kind: forum
            start_urls: ["gopher://x"]
            schedule: soon
        alerts:
          rules:
            - {name: r, event: new_offer, channels: [nowhere]}
        media: {max_pixels: 0}
        """
    )

    with pytest.raises(ConfigError) as raised:
        load_config(path)

    located = [(i.line, i.field) for i in raised.value.issues]
    assert located == [
        (3, "sources[0].kind"),
        (4, "sources[0].start_urls[0]"),
        (5, "sources[0].schedule"),
        (8, "alerts.rules[0].channels[0]"),
        (9, "media.max_pixels"),
    ]
    assert str(raised.value).splitlines()[0].startswith(f"{path}:3: sources[0].kind: ")


def test_check_config_returns_nothing_for_a_valid_file(write):
    assert check_config(write(SOURCE)) == []


def test_issue_file_is_the_path_given(tmp_path: Path):
    path = tmp_path / "conf" / "x.yaml"
    path.parent.mkdir()
    path.write_text("sources: 5\n", encoding="utf-8")

    assert only(check_config(path)).file == str(path)


def test_duplicate_channel_name_points_at_the_second_one(issues_of):
    text = "alerts:\n  channels:\n    - {name: t, kind: console}\n    - {name: t, kind: console}\n"

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (4, "alerts.channels[1].name")
    assert "duplicate channel name 't'" in issue.message


def test_malformed_channel_reference_is_reported_once(issues_of):
    text = "alerts:\n  rules:\n    - {name: r, event: new_offer, channels: [Bad]}\n"

    issue = only(issues_of(text))

    assert (issue.line, issue.field) == (3, "alerts.rules[0].channels[0]")
    assert "invalid name 'Bad'" in issue.message


def test_a_socks_proxy_is_refused_with_its_location_and_what_to_do(issues_of):
    [issue] = issues_of(SOURCE + "    proxy: socks5h://127.0.0.1:9050\n")

    assert (issue.line, issue.field) == (6, "sources[0].proxy")
    assert "HTTP proxy" in issue.message


def test_a_user_agent_that_would_break_the_header_is_refused_with_its_location(issues_of):
    [issue] = issues_of(SOURCE + '    user_agent: "Mozilla/5.0\\r\\nX-Injected: 1"\n')

    assert (issue.line, issue.field) == (6, "sources[0].user_agent")
    assert "one line" in issue.message


def test_an_unknown_time_zone_is_refused_with_its_location(issues_of):
    [issue] = issues_of(SOURCE + "    timezone: Asia/Beijing\n")

    assert (issue.line, issue.field) == (6, "sources[0].timezone")
    assert "IANA" in issue.message

"""Problems below the schema (syntax, encoding, shape of the file) are issues with locations too."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceleak.config import ConfigError, check_config, load_config


def only(issues):
    assert len(issues) == 1, "\n".join(map(str, issues))
    return issues[0]


def test_yaml_syntax_error_names_its_line(issues_of):
    issue = only(issues_of("sources:\n  - name: tg\n    kind: [telegram\nalerts: {}\n"))

    assert issue.line == 4
    assert issue.field == ""
    assert issue.message.startswith("invalid YAML: ")


def test_unquoted_cron_schedule_is_a_syntax_error_on_its_line(issues_of):
    issue = only(issues_of("sources:\n  - name: tg\n    schedule: cron: */30 * * * *\n"))

    assert issue.line == 3
    assert "mapping values are not allowed" in issue.message


def test_empty_file_is_an_issue(issues_of):
    assert "empty" in only(issues_of("")).message


def test_file_of_only_comments_is_empty(issues_of):
    assert "empty" in only(issues_of("# nothing yet\n")).message


@pytest.mark.parametrize(
    ("text", "found"), [("- a\n- b\n", "a list"), ("just words\n", "a string")]
)
def test_top_level_must_be_a_mapping(issues_of, text, found):
    issue = only(issues_of(text))

    assert issue.line == 1
    assert issue.message == f"the top level must be a mapping of settings, not {found}"


def test_missing_file_is_an_issue_naming_it(tmp_path: Path):
    path = tmp_path / "absent.yaml"

    issue = only(check_config(path))

    assert (issue.file, issue.line) == (str(path), None)
    assert issue.message.startswith("cannot read: ")


def test_directory_is_not_a_readable_config(tmp_path: Path):
    assert only(check_config(tmp_path)).message.startswith("cannot read: ")


def test_bytes_that_are_not_utf8_are_reported_with_their_line(tmp_path: Path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("sources: []\n# 人脸\n".encode("gbk"))

    issue = only(check_config(path))

    assert (issue.line, issue.message) == (2, "not UTF-8 text")


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfsources: []\n")

    assert check_config(path) == []


def test_duplicate_key_is_an_error_on_its_second_line(issues_of):
    issue = only(issues_of("database: sqlite:///a.db\nsources: []\ndatabase: sqlite:///b.db\n"))

    assert (issue.line, issue.field) == (3, "database")
    assert "duplicate key (first at line 1)" in issue.message


def test_python_object_tags_are_refused(issues_of):
    issue = only(issues_of("database: !!python/object/apply:os.system ['true']\n"))

    assert issue.message.startswith("invalid YAML: ")
    assert issue.line == 1


def test_nested_aliases_are_reported_without_expanding_them(issues_of):
    layers = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    layers += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    text = "\n".join(layers) + "\nsources: *a8\n"

    issues = issues_of(text)

    assert any(i.field.startswith("sources[") for i in issues)
    assert any(i.field == "a0" and i.message.startswith("unknown key") for i in issues)


def test_merge_keys_are_allowed_and_not_duplicates(issues_of):
    text = """\
        sources:
          - &base {name: a, kind: telegram, start_urls: ["https://t.me/s/a"], schedule: 1h}
          - <<: *base
            name: b
        """

    assert issues_of(text) == []


def test_load_raises_config_error_carrying_the_issues(write):
    with pytest.raises(ConfigError) as raised:
        load_config(write("[1, 2]\n"))

    assert len(raised.value.issues) == 1

"""`init`, `check-config`, the global --db / --config errors, and --help of every command."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from faceleak.cli import cli
from faceleak.store import current_revision, make_engine


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="faceleak", catch_exceptions=False)


def test_init_creates_the_schema_and_prints_its_revision(sqlite_url, config_path):
    result = invoke("--db", sqlite_url, "--config", str(config_path), "init")
    engine = make_engine(sqlite_url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    assert result.exit_code == 0
    assert revision and f"schema revision {revision}" in result.stderr
    assert result.stdout == ""  # messages go to stderr


def test_init_twice_is_harmless_and_keeps_the_data(market, run):
    first = run(market.store, "init")
    second = run(market.store, "init")
    listings = run(market.store, "listings", "--json")
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.stderr == second.stderr
    assert f'"id": {market.alice_offer}' in listings.stdout


def test_check_config_accepts_a_valid_file(config_path):
    result = invoke("--config", str(config_path), "check-config")
    assert result.exit_code == 0
    assert f"{config_path}: ok (1 sources, 1 channels, 6 rules)" in result.stderr


def test_check_config_names_file_line_and_field_of_each_error(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "sources:\n"
        "  - name: Bad Name!\n"
        "    kind: telegram\n"
        '    start_urls: ["https://t.me/s/x"]\n'
        "    schedule: 15m\n"
        "  - name: ok\n"
        "    kind: carrier-pigeon\n"
        '    start_urls: ["https://t.me/s/y"]\n'
        "    schedule: 15m\n",
        encoding="utf-8",
    )
    result = invoke("--config", str(broken), "check-config")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2
    assert len(lines) >= 2
    pattern = re.compile(rf"^{re.escape(str(broken))}:(\d+): (\S+): .+")
    located = [pattern.match(line) for line in lines]
    assert all(located), lines
    where = {(int(m.group(1)), m.group(2)) for m in located if m}
    assert (2, "sources[0].name") in where
    assert (7, "sources[1].kind") in where


def test_check_config_without_any_file_says_the_builtin_default_applies(tmp_path, monkeypatch):
    monkeypatch.delenv("FACELEAK_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    result = invoke("check-config")
    assert result.exit_code == 0
    assert "no config file" in result.stderr and "built-in default" in result.stderr


def test_check_config_with_a_missing_named_file_is_a_config_error(tmp_path):
    result = invoke("--config", str(tmp_path / "absent.yaml"), "check-config")
    assert result.exit_code == 2
    assert "absent.yaml" in result.stderr


@pytest.mark.parametrize("url", ["nosuchdialect://x/y", "not a url at all"])
def test_a_bad_database_url_is_one_line_and_exit_2(url, config_path):
    result = invoke("--db", url, "--config", str(config_path), "listings")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2
    assert len(lines) == 1 and "cannot open database" in lines[0]
    assert "Traceback" not in result.output


def test_an_unreachable_database_server_is_one_line_without_the_password(config_path):
    url = "postgresql+psycopg://analyst:hunter2@127.0.0.1:1/faceleak"  # nothing listens on 1
    result = invoke("--db", url, "--config", str(config_path), "listings")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2
    assert len(lines) == 1 and lines[0].startswith(
        "Error: cannot open database postgresql+psycopg://analyst:***@127.0.0.1:1/faceleak: ")
    assert "hunter2" not in result.output and "Traceback" not in result.output


def test_database_urls_are_shown_with_the_password_masked(sqlite_url):
    from faceleak.context import shown_url

    assert shown_url("postgresql://u:hunter2@db/x") == "postgresql://u:***@db/x"
    assert shown_url(sqlite_url) == sqlite_url


@pytest.mark.parametrize(
    "args",
    [
        ["listings"],
        ["listing", "1"],
        ["alerts"],
        ["sellers"],
        ["watchlist", "list"],
        ["export", "--format", "json"],
        ["alert", "ack", "1"],
    ],
)
def test_reads_on_an_uninitialised_database_ask_for_init(args, sqlite_url, config_path):
    result = invoke("--db", sqlite_url, "--config", str(config_path), *args)
    assert result.exit_code == 1
    assert "run `faceleak init`" in result.stderr
    assert result.stdout == ""


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(_command_paths(command, (*prefix, name)))
    return paths


def test_every_command_is_reachable_for_help():
    names = {" ".join(p) for p in _command_paths(cli)}
    expected = {"init", "check-config", "crawl", "daemon", "status", "demo", "listings",
                "listing", "similar", "sellers", "alerts", "alert", "alert ack",
                "alert resolve", "alert false-positive", "alert reopen", "watchlist",
                "watchlist add", "watchlist list", "watchlist remove", "export",
                "deliveries", "delivery", "delivery retry"}
    assert expected <= names


@pytest.mark.parametrize(
    "path", [(), *_command_paths(cli)], ids=lambda p: " ".join(p) or "faceleak"
)
def test_help_of_each_command_works(path):
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert result.stdout.startswith(" ".join(("Usage: faceleak", *path)) + " ")

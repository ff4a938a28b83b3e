"""Where the config file and the database URL come from, in order of precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from faceleak.config import AppConfig, ConfigError, resolve_config_path, resolve_db_url


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name in ("cli.yaml", "env.yaml", "faceleak.yaml"):
        (tmp_path / name).write_text("sources: []\n", encoding="utf-8")
    return tmp_path


def test_config_option_wins_over_environment_and_local_file(files):
    env = {"FACELEAK_CONFIG": str(files / "env.yaml")}

    assert resolve_config_path("cli.yaml", env=env, cwd=files) == files / "cli.yaml"


def test_environment_wins_over_local_file(files):
    env = {"FACELEAK_CONFIG": str(files / "env.yaml")}

    assert resolve_config_path(None, env=env, cwd=files) == files / "env.yaml"


def test_local_faceleak_yaml_is_used_when_nothing_is_named(files):
    assert resolve_config_path(None, env={}, cwd=files) == files / "faceleak.yaml"


def test_without_any_config_file_the_result_is_none(tmp_path: Path):
    assert resolve_config_path(None, env={}, cwd=tmp_path) is None


def test_empty_environment_variable_counts_as_unset(files):
    assert (
        resolve_config_path(None, env={"FACELEAK_CONFIG": ""}, cwd=files) == files / "faceleak.yaml"
    )


def test_named_config_that_does_not_exist_is_an_error_not_a_fallback(files):
    with pytest.raises(ConfigError) as raised:
        resolve_config_path("typo.yaml", env={}, cwd=files)

    issue = raised.value.issues[0]
    assert issue.file == str(files / "typo.yaml")
    assert "no such file" in issue.message and "--config" in issue.message


def test_config_named_by_environment_must_exist(files):
    with pytest.raises(ConfigError, match="FACELEAK_CONFIG"):
        resolve_config_path(None, env={"FACELEAK_CONFIG": "gone.yaml"}, cwd=files)


def test_db_option_wins_over_everything():
    config = AppConfig(database="sqlite:///from-config.db")

    url = resolve_db_url("sqlite:///cli.db", config, env={"FACELEAK_DB": "sqlite:///env.db"})

    assert url == "sqlite:///cli.db"


def test_db_environment_wins_over_config():
    config = AppConfig(database="sqlite:///from-config.db")

    assert (
        resolve_db_url(None, config, env={"FACELEAK_DB": "sqlite:///env.db"}) == "sqlite:///env.db"
    )


def test_db_from_config_when_neither_option_nor_environment():
    config = AppConfig(database="postgresql+psycopg://db/faceleak")

    assert resolve_db_url(None, config, env={}) == "postgresql+psycopg://db/faceleak"


def test_db_defaults_to_local_sqlite_file():
    assert resolve_db_url(None, AppConfig(), env={}) == "sqlite:///faceleak.db"
    assert resolve_db_url(None, None, env={}) == "sqlite:///faceleak.db"

"""Where the config and the database come from: command line, then environment, then defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .issues import ConfigError, ConfigIssue
from .schema import AppConfig

CONFIG_ENV = "FACELEAK_CONFIG"
DB_ENV = "FACELEAK_DB"
CONFIG_FILENAME = "faceleak.yaml"
DEFAULT_DB_URL = "sqlite:///faceleak.db"


def _named_file(value: str, origin: str, cwd: Path) -> Path:
    path = cwd / Path(value).expanduser()
    if not path.is_file():
        problem = "no such file" if not path.exists() else "not a regular file"
        raise ConfigError([ConfigIssue(str(path), None, "", f"{problem} (named by {origin})")])
    return path


def resolve_config_path(
    cli_value: str | None,
    env: Mapping[str, str] = os.environ,
    cwd: Path | None = None,
) -> Path | None:
    """``--config`` > ``FACELEAK_CONFIG`` > ``./faceleak.yaml`` if present > None (bundled default).

    A file named explicitly (option or variable) must exist: a typo must not silently fall back
    to the default and watch nothing. Raises ``ConfigError`` when it does not.
    """
    base = Path.cwd() if cwd is None else cwd
    if cli_value is not None:
        return _named_file(cli_value, "--config", base)
    from_env = env.get(CONFIG_ENV, "")
    if from_env:
        return _named_file(from_env, CONFIG_ENV, base)
    local = base / CONFIG_FILENAME
    return local if local.is_file() else None


def resolve_db_url(
    cli_value: str | None,
    config: AppConfig | None,
    env: Mapping[str, str] = os.environ,
) -> str:
    """``--db`` > ``FACELEAK_DB`` > the config's ``database:`` > ``sqlite:///faceleak.db``."""
    for candidate in (cli_value, env.get(DB_ENV), config.database if config else None):
        if candidate:
            return candidate
    return DEFAULT_DB_URL

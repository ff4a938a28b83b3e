"""Secrets a config names but the environment lacks, found before anything is delivered.

Channels name environment variables (``secret_env``, ``username_env``, ``password_env``);
an unset one used to surface only at delivery time, as an unsigned webhook or a failed mail.
``check-config`` and the daemon's start report each one as an issue with its location.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .issues import ConfigIssue, format_field
from .loading import DEFAULT_CONFIG, load_config
from .yamldoc import parse_yaml

SECRET_FIELDS = ("secret_env", "username_env", "password_env")


def missing_secrets(
    path: Path | str | None, environ: Mapping[str, str] | None = None
) -> list[ConfigIssue]:
    """One issue per channel field naming an unset (or empty) variable; the config must load."""
    env = os.environ if environ is None else environ
    source = Path(path) if path is not None else DEFAULT_CONFIG
    config = load_config(path)
    doc = parse_yaml(source.read_text(encoding="utf-8-sig"))
    issues = []
    for index, channel in enumerate(config.alerts.channels):
        for name in SECRET_FIELDS:
            variable = getattr(channel, name, None)
            if variable and not env.get(variable):
                at = ("alerts", "channels", index, name)
                issues.append(ConfigIssue(
                    str(source), doc.line_of(at), format_field(at),
                    f"${variable} is not set (channel {channel.name!r} needs it); export it, "
                    "or pass --allow-missing-secrets",
                ))
    return issues

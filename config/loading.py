"""Reading a config file into an ``AppConfig``, or into every problem it has, with locations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .crosscheck import Problem, cross_check
from .issues import ConfigError, ConfigIssue, format_field
from .schema import DEFER_CROSS_CHECKS, AppConfig
from .validation import pydantic_problems
from .yamldoc import YamlDocument, parse_yaml

DEFAULT_CONFIG = Path(__file__).with_name("default.yaml")
MAX_CONFIG_BYTES = 4 * 1024 * 1024


def _yaml_issue(file: str, exc: yaml.YAMLError) -> ConfigIssue:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context_mark is not None:
            detail = f"{exc.problem} ({exc.context} at line {exc.context_mark.line + 1})"
        return ConfigIssue(file, line, "", f"invalid YAML: {detail}")
    return ConfigIssue(file, None, "", f"invalid YAML: {exc}")


def _type_name(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _validate(doc: YamlDocument) -> tuple[AppConfig | None, list[Problem]]:
    problems: list[Problem] = [
        (dup.path, f"duplicate key (first at line {dup.first_line}); remove one")
        for dup in doc.duplicates
    ]
    config = None
    try:
        config = AppConfig.model_validate(doc.data, context={DEFER_CROSS_CHECKS: True})
    except ValidationError as exc:
        problems += pydantic_problems(exc, doc.data, AppConfig)
    problems += cross_check(doc.data)
    return (config if not problems else None), problems


def _issues_of_text(text: str, file: str) -> tuple[AppConfig | None, list[ConfigIssue]]:
    try:
        doc = parse_yaml(text)
    except yaml.YAMLError as exc:
        return None, [_yaml_issue(file, exc)]
    if doc.data is None:
        message = "the file is empty; expected a mapping of settings"
        return None, [ConfigIssue(file, None, "", message)]
    if not isinstance(doc.data, dict):
        message = f"the top level must be a mapping of settings, not {_type_name(doc.data)}"
        return None, [ConfigIssue(file, doc.line_of(()), "", message)]
    config, problems = _validate(doc)
    issues = [ConfigIssue(file, doc.line_of(p), format_field(p), msg) for p, msg in problems]
    issues.sort(key=lambda i: (i.line is None, i.line or 0, i.field))
    return config, issues


def _read(path: Path) -> tuple[str | None, list[ConfigIssue]]:
    file = str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        return None, [ConfigIssue(file, None, "", f"cannot read: {exc.strerror or exc}")]
    if len(raw) > MAX_CONFIG_BYTES:
        return None, [ConfigIssue(file, None, "", f"larger than {MAX_CONFIG_BYTES} bytes")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ConfigIssue(file, line, "", "not UTF-8 text")]


def _issues_of_file(path: Path | str | None) -> tuple[AppConfig | None, list[ConfigIssue]]:
    source = DEFAULT_CONFIG if path is None else Path(path)
    text, issues = _read(source)
    if text is None:
        return None, issues
    return _issues_of_text(text, str(source))


def load_config(path: Path | str | None) -> AppConfig:
    """Load and validate ``path`` (None: the bundled default).

    Raises ``ConfigError`` listing every issue, so one run shows all that needs fixing.
    """
    config, issues = _issues_of_file(path)
    if config is None:
        raise ConfigError(issues)
    return config


def check_config(path: Path | str | None) -> list[ConfigIssue]:
    """Every issue of ``path`` in file order; empty when the config is valid."""
    return _issues_of_file(path)[1]


def load_config_text(text: str, file: str = "<config>") -> AppConfig:
    """Like ``load_config`` for YAML already in memory (tests, documentation examples)."""
    config, issues = _issues_of_text(text, file)
    if config is None:
        raise ConfigError(issues)
    return config


def check_config_text(text: str, file: str = "<config>") -> list[ConfigIssue]:
    """Like ``check_config`` for YAML already in memory."""
    return _issues_of_text(text, file)[1]

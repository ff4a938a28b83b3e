"""The one shape every configuration problem takes: file, line, field, message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Path_ = tuple[str | int, ...]


def format_field(path: Path_) -> str:
    """A dotted path as a user writes it: ``sources[1].selectors.body``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in a config file, printable as ``file:line: field: message``."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """Raised when a config cannot be used; ``issues`` lists every problem found, in file order."""

    def __init__(self, issues: Sequence[ConfigIssue]) -> None:
        self.issues: list[ConfigIssue] = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues) or "invalid config")

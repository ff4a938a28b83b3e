"""One place for how commands print: ``--json`` for scripts, a table for people.

Data goes to stdout, messages to stderr. Everything scraped is untrusted:
``clean`` strips terminal control and escape sequences before it reaches a
terminal (JSON output escapes them by construction).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console


def clean(value: Any, limit: int | None = None, *, newlines: bool = False) -> str:
    # imported here: the alerts package loads the store, which `--help` has no use for
    from faceleak.alerts.text import safe_terminal_text

    text = "" if value is None else safe_terminal_text(str(value), newlines=newlines)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def json_option(func: Callable) -> Callable:
    """Add ``--json`` to a command; the command receives ``as_json``."""

    @click.option("--json", "as_json", is_flag=True, help="Print only JSON on stdout.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def stdout_console() -> Console:
    from rich.console import Console

    # rich assumes 80 columns when stdout is not a terminal; a pipe or a file gets room instead
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    return Console(file=sys.stdout, width=width, highlight=False, markup=False, emoji=False,
                   soft_wrap=False)


def print_table(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str | None = None
) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(clean(v) for v in row))
    stdout_console().print(table)


def message(text: str) -> None:
    click.echo(text, err=True)

"""The project keeps its own promises: packaging lists every package, the README's example config
loads, and every CLI command is documented."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]

MAPPED = {
    "faceleak": "faceleak",
    "faceleak.config": "config",
    "faceleak.crawler": "crawler",
    "faceleak.store": "store",
    "faceleak.alerts": "alerts",
}


def _package_dirs() -> set[str]:
    found = set()
    for top, name in ((v, k) for k, v in MAPPED.items()):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top)
            found.add(".".join([name, *rel.parts]) if rel.parts else name)
    return found


def test_every_package_folder_is_listed_in_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    assert _package_dirs() <= listed


def test_every_readme_config_example_is_valid():
    from faceleak.config import check_config_text

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        assert check_config_text(block, "README.md") == []


def test_every_cli_command_is_in_the_readme():
    from faceleak.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"`{name}" in readme, name


def test_help_lists_every_design_command():
    from faceleak.cli import cli

    out = CliRunner().invoke(cli, ["--help"]).output
    for name in (
        "init",
        "check-config",
        "crawl",
        "daemon",
        "status",
        "demo",
        "listings",
        "listing",
        "similar",
        "sellers",
        "alerts",
        "alert",
        "watchlist",
        "export",
    ):
        assert re.search(rf"^\s+{re.escape(name)}\s", out, re.M), name

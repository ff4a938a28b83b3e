"""The `faceleak` command: global options, then one command per job (DESIGN 4.1).

The CLI is thin: each command parses its options, calls one function of the
store, crawler or alerts, and prints through ``faceleak.output``.
"""

from __future__ import annotations

import sys

import click

from faceleak import __version__
from faceleak.commands import analyst, console, distributed, learn, operate, outbox, watch
from faceleak.context import AppContext
from faceleak.logs import configure_logging, level_for


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    envvar="FACELEAK_DB",
    metavar="URL",
    help="Database URL [env FACELEAK_DB; default: config `database:` or sqlite:///faceleak.db].",
)
@click.option(
    "--config",
    "config",
    envvar="FACELEAK_CONFIG",
    metavar="PATH",
    help="Config file [env FACELEAK_CONFIG; default ./faceleak.yaml if present, else built-in].",
)
@click.option("-v", "--verbose", count=True, help="More log lines (repeatable); crawler logs.")
@click.option("-q", "--quiet", count=True, help="Fewer log lines (repeatable).")
@click.option("--log-json", is_flag=True, help="Log lines as JSON objects on stderr.")
@click.version_option(__version__, prog_name="faceleak")
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, config: str | None, verbose: int, quiet: int,
    log_json: bool,
) -> None:
    """Find offers of face photos, ID scans and KYC sets, and alert analysts."""
    daemon = ctx.invoked_subcommand in ("daemon", "worker")  # long-running: log outcomes
    configure_logging(level_for(verbose, quiet, daemon=daemon), as_json=log_json)
    app = AppContext(cli_config=config, cli_db=db, verbose=verbose > 0)
    ctx.obj = app
    ctx.call_on_close(app.close)


for module in (operate, distributed, analyst, watch, outbox, learn, console):
    module.register(cli)


def main() -> None:
    sys.exit(cli.main(prog_name="faceleak", standalone_mode=True))

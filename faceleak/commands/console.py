"""Commands of the analyst console: serve (the web console), stats (its trends as data)."""

from __future__ import annotations

import getpass
import os

import click

from faceleak.commands.analyst import parse_since, pass_app
from faceleak.context import AppContext, CommandError
from faceleak.output import json_option, message, print_json, print_table


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback needs FACELEAK_CONSOLE_TOKEN.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True)
@pass_app
def serve(app: AppContext, host: str, port: int) -> None:
    """The analyst console in a browser: alerts, listings, sellers, contacts, trends, triage."""
    import uvicorn

    from faceleak.console import TOKEN_ENV, create_app, is_loopback

    token = os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < 16:
        raise CommandError(f"{TOKEN_ENV} is too short: use at least 16 characters", 2)
    if token is None and not is_loopback(host):
        raise CommandError(f"binding to {host} exposes the console beyond this machine: set "
                           f"{TOKEN_ENV} (a long random value) or bind to 127.0.0.1", 2)
    from faceleak.crawler.media.evidence import EvidenceError

    try:  # with evidence retention on, the vault's key must be there (blurred thumbnails)
        console = create_app(sessions=app.sessions(), read_sessions=app.read_sessions(),
                             config=app.config, token=token, default_by=getpass.getuser())
    except EvidenceError as exc:
        raise CommandError(f"evidence retention is on but the vault cannot open: {exc}",
                           2) from None
    shown = f"[{host}]" if ":" in host else host
    message(f"console on http://{shown}:{port}/ over {app.shown_db_url}"
            + ("; token required" if token else "; loopback only") + " (Ctrl+C stops)")
    uvicorn.run(console, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False)


@click.command()
@click.option("--since", help="Only offers first seen within (30d, 12w) or since an ISO date.")
@json_option
@pass_app
def stats(app: AppContext, since: str | None, as_json: bool) -> None:
    """Market trends: offers per week by source and data type, median USD price per photo."""
    from faceleak.store.trends import market_trends

    with app.read_sessions()() as session:
        data = market_trends(session, parse_since(since))
    if as_json:
        print_json(data)
        return
    print_table(
        ["week", "offers", "by source", "by data type", "median USD per photo"],
        [(w["week"], w["offers"],
          ", ".join(f"{k} {v}" for k, v in w["by_source"].items()),
          ", ".join(f"{k} {v}" for k, v in w["by_type"].items()),
          ", ".join(f"{k} {p['median']:.4g} ({p['offers']})"
                    for k, p in w["usd_per_photo"].items()))
         for w in data["weeks"]],
    )
    message(f"{data['offers']} offers over {len(data['weeks'])} week(s)")


def register(group: click.Group) -> None:
    for command in (serve, stats):
        group.add_command(command)

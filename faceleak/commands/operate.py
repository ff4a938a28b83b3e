"""Commands that run the system: init, check-config, crawl, demo, daemon, status."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import click

from faceleak.commands.distributed import distributed_status, print_distributed
from faceleak.context import AppContext, CommandError
from faceleak.output import clean, json_option, message, print_json, print_table

pass_app = click.make_pass_decorator(AppContext)


@click.command()
@pass_app
def init(app: AppContext) -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from faceleak.store import upgrade

    revision = upgrade(app.engine)
    message(f"database {app.shown_db_url} is at schema revision {revision}")


ALLOW_MISSING_SECRETS = click.option(
    "--allow-missing-secrets",
    is_flag=True,
    help="Only warn when an environment variable a channel names is unset.",
)


def check_secrets(app: AppContext, allow_missing: bool) -> None:
    """Exit 2 when a channel's environment variable is unset, unless the operator allows it."""
    from faceleak.config import missing_secrets

    if app.config_path is None:
        return
    issues = missing_secrets(app.config_path)
    for issue in issues:
        click.echo(("warning: " if allow_missing else "") + str(issue), err=True)
    if issues and not allow_missing:
        raise SystemExit(2)


@click.command("check-config")
@ALLOW_MISSING_SECRETS
@pass_app
def check_config(app: AppContext, allow_missing_secrets: bool) -> None:
    """Validate the config; print every error with its file, line and field."""
    from faceleak.config import check_config as check

    path = app.config_path
    if path is None:
        message(
            "no config file (./faceleak.yaml absent, no --config): the built-in default applies"
        )
        return
    issues = check(path)
    for issue in issues:
        click.echo(str(issue), err=True)
    if issues:
        raise SystemExit(2)
    check_secrets(app, allow_missing_secrets)
    config = app.config
    message(
        f"{path}: ok ({len(config.sources)} sources, {len(config.alerts.channels)} channels, "
        f"{len(config.alerts.rules)} rules)"
    )


def _print_summary(summary, as_json: bool) -> None:
    if as_json:
        print_json(summary.as_json())
        return
    rows = [
        (
            s.source,
            s.status,
            s.counts["pages"],
            s.counts["posts"],
            s.counts["offers"],
            s.counts["new_listings"],
            s.counts["changed_listings"],
            s.counts["images"],
            s.counts["errors"],
            f"{s.seconds:.1f}s",
        )
        for s in summary.sources
    ]
    print_table(
        [
            "source",
            "status",
            "pages",
            "posts",
            "offers",
            "new",
            "changed",
            "images",
            "errors",
            "time",
        ],
        rows,
        title="crawl pass",
    )
    d = summary.delivery
    message(
        f"{len(summary.alert_ids)} new alerts; deliveries: {d['sent']} sent, "
        f"{d['retried']} to retry, {d['failed']} failed"
    )
    if d.get("pending"):
        message(
            f"{d['pending']} deliveries remain pending: the daemon or the next `crawl` sends "
            "them (`faceleak deliveries` lists them)"
        )


def _run_pass(app: AppContext, names: tuple[str, ...], config_path: Path | None, config=None):
    from faceleak.crawler.media.evidence import EvidenceError
    from faceleak.passes import run_pass

    try:
        return run_pass(
            config or app.config,
            config_path=config_path,
            db_url=app.db_url,
            names=names,
            verbose=app.verbose,
            progress=message,
        )
    except (ValueError, EvidenceError) as exc:  # unknown source names; no evidence key
        raise CommandError(str(exc), 2) from None


@click.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Crawl only this source (repeatable); default: all enabled sources.",
)
@json_option
@pass_app
def crawl(app: AppContext, sources: tuple[str, ...], as_json: bool) -> None:
    """One pass over the sources: crawl, extract, hash, store, alert, deliver."""
    config = app.config
    if not config.sources:
        raise CommandError(
            "no sources configured: write a faceleak.yaml (see README) or try `faceleak demo`", 2
        )
    summary = _run_pass(app, sources, app.config_path)
    _print_summary(summary, as_json)
    if summary.failed:
        raise CommandError(
            f"{len(summary.failed)} source(s) failed: "
            + ", ".join(f"{s.source} ({clean(s.message)})" for s in summary.failed)
        )


@click.command()
@click.option(
    "--revision",
    type=int,
    default=1,
    show_default=True,
    help="Which state of the demo site to serve (2 changes a price and adds a post).",
)
@json_option
@pass_app
def demo(app: AppContext, revision: int, as_json: bool) -> None:
    """Serve the bundled demo marketplace on 127.0.0.1 and run one pass over it."""
    from faceleak.config import load_config
    from faceleak.demo import DemoServer, demo_config_yaml
    from faceleak.store.queries import list_alerts
    from faceleak.store.serialize import alert_json

    with DemoServer(revision=revision) as server, tempfile.TemporaryDirectory() as tmp:
        config_path = Path(tmp) / "demo.yaml"
        config_path.write_text(demo_config_yaml(server.base_url), encoding="utf-8")
        config = load_config(config_path)
        message(f"demo marketplace at {server.base_url} -> database {app.shown_db_url}")
        summary = _run_pass(app, (), config_path, config=config)
    with app.read_sessions()() as session:
        wanted = set(summary.alert_ids)
        alerts = [a for a in list_alerts(session, status="all", limit=10_000) if a.id in wanted]
        if as_json:
            print_json({"pass": summary.as_json(), "alerts": [alert_json(a) for a in alerts]})
            return
        _print_summary(summary, False)
        print_table(
            ["id", "severity", "event", "summary"],
            [(a.id, a.severity, a.event, clean(a.summary, 120)) for a in alerts],
            title="alerts raised by this pass",
        )
    if summary.failed:
        raise CommandError("the demo pass had failing sources")


@click.command()
@ALLOW_MISSING_SECRETS
@click.option("--distributed", is_flag=True,
              help="Enqueue each due pass for `faceleak worker`s (Redis, `distributed:` in the "
                   "config) instead of running it here.")
@pass_app
def daemon(app: AppContext, allow_missing_secrets: bool, distributed: bool) -> None:
    """Scheduled passes and delivery until SIGINT/SIGTERM (a clean shutdown loses nothing)."""
    from faceleak.crawler.media.evidence import EvidenceError
    from faceleak.daemon import DaemonAlreadyRunning, run_daemon
    from faceleak.passes import purge_evidence

    if not app.config.sources:
        raise CommandError("no sources configured: nothing to schedule", 2)
    check_secrets(app, allow_missing_secrets)
    try:
        purge_evidence(app.config)  # also checks the evidence key before anything is scheduled
    except EvidenceError as exc:
        raise CommandError(str(exc), 2) from None
    if distributed:
        from faceleak.commands.distributed import reach_redis

        reach_redis(app.config).close()
    try:
        run_daemon(
            app.config,
            config_path=app.config_path,
            db_url=app.db_url,
            verbose=app.verbose,
            progress=message,
            distributed=distributed,
        )
    except DaemonAlreadyRunning as exc:
        raise CommandError(str(exc)) from None


def _status_rows(app: AppContext, stored: list[dict]) -> list[dict]:
    """Stored run status merged with the configured sources (a source may not have run yet)."""
    from faceleak.daemon import next_run_times

    by_name = {row["source"]: row for row in stored}
    configured = app.config.sources
    for source in configured:
        by_name.setdefault(
            source.name,
            {
                "source": source.name,
                "kind": source.kind,
                "last_run": None,
                "consecutive_failures": 0,
            },
        )
    schedules = {s.name: (s.schedule, s.enabled) for s in configured}
    next_runs = next_run_times(app.db_url)
    rows = []
    for name in sorted(by_name):
        row = dict(by_name[name])
        last = row.get("last_run")
        if last:
            row["last_run"] = {
                k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in last.items()
            }
        row["last_status"] = last["status"] if last else None
        row["schedule"], row["enabled"] = schedules.get(name, (None, False))
        row["next_run"] = next_runs.get(name)
        rows.append(row)
    return rows


@click.command()
@json_option
@pass_app
def status(app: AppContext, as_json: bool) -> None:
    """Per source: last run, outcome, next run, failures running; pending and failed deliveries;
    with `distributed:`, the queue, sources in flight and workers with their heartbeat."""
    from faceleak.store.outbox import channel_backlog
    from faceleak.store.queries import delivery_counts, source_status

    with app.read_sessions()() as session:
        stored = source_status(session)
        deliveries = delivery_counts(session)
        deliveries["channels"] = channel_backlog(session, now=datetime.now(UTC))
    rows = _status_rows(app, stored)
    distributed = distributed_status(app.config)
    if as_json:
        print_json({"sources": rows, "deliveries": deliveries}
                   | ({"distributed": distributed} if distributed is not None else {}))
        return
    print_table(
        [
            "source",
            "kind",
            "schedule",
            "last run",
            "outcome",
            "posts",
            "offers",
            "failing",
            "next run",
            "message",
        ],
        [
            (
                r["source"],
                r["kind"],
                r["schedule"] or "(not configured)",
                (r["last_run"] or {}).get("started_at", "never")[:19],
                r["last_status"] or "-",
                (r["last_run"] or {}).get("posts", "-"),
                (r["last_run"] or {}).get("offers", "-"),
                r["consecutive_failures"],
                (r["next_run"] or "-")[:19],
                clean((r["last_run"] or {}).get("message") or "", 60),
            )
            for r in rows
        ],
        title="sources",
    )
    if deliveries["channels"]:
        print_table(
            ["channel", "pending", "failed", "oldest pending", "waiting"],
            [
                (name, c["pending"], c["failed"], (c["oldest_pending"] or "-")[:19],
                 _age(c["oldest_pending_age_s"]))
                for name, c in deliveries["channels"].items()
            ],
            title="deliveries",
        )
    message(
        f"deliveries: {deliveries.get('pending', 0)} pending, {deliveries.get('failed', 0)} failed"
        + (" (`faceleak deliveries` lists them)" if deliveries.get("failed") else "")
    )
    if distributed is not None:
        print_distributed(distributed, print_table)


def _age(seconds: int | None) -> str:
    if seconds is None:
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f}{unit}"
    return f"{seconds}s"


def register(group: click.Group) -> None:
    for command in (init, check_config, crawl, daemon, status, demo):
        group.add_command(command)

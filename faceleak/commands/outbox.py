"""Commands for the outbox: `deliveries` lists it, `delivery retry` requeues (DESIGN 4.1)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from faceleak.context import AppContext, CommandError
from faceleak.output import clean, json_option, message, print_json, print_table

pass_app = click.make_pass_decorator(AppContext)


@click.command("deliveries")
@click.option(
    "--status",
    type=click.Choice(["pending", "failed", "sent", "all"]),
    default=None,
    help="Only these deliveries [default: pending and failed, what still needs attention].",
)
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@json_option
@pass_app
def deliveries(app: AppContext, status: str | None, limit: int, as_json: bool) -> None:
    """The outbox, newest first: each delivery's channel, target, attempts and last answer."""
    from faceleak.store.outbox import DELIVERY_STATUSES, delivery_json, list_deliveries

    statuses = {None: ("pending", "failed"), "all": DELIVERY_STATUSES}.get(status, (status,))
    with app.read_sessions()() as session:
        rows = [delivery_json(d) for d in list_deliveries(session, statuses=statuses,
                                                           limit=limit)]
    if as_json:
        print_json(rows)
        return
    print_table(
        ["id", "alert", "channel", "target", "status", "attempts", "created", "next try",
         "last answer"],
        [
            (
                r["id"], r["alert_id"], r["channel"], r["target"] or "", r["status"],
                r["attempts"], r["created_at"][:19], (r["next_attempt_at"] or "-")[:19],
                clean(r["last_error"] or "", 80),
            )
            for r in rows
        ],
    )
    message(f"{len(rows)} deliveries ({status or 'pending and failed'})")


@click.group("delivery")
def delivery_group() -> None:
    """Act on deliveries of the outbox."""


@delivery_group.command("retry")
@click.argument("delivery_id", type=int, required=False)
@click.option("--failed", "all_failed", is_flag=True, help="Requeue every failed delivery.")
@pass_app
def retry(app: AppContext, delivery_id: int | None, all_failed: bool) -> None:
    """Requeue delivery ID (or every failed one): due now, retried for delivery.max_age again."""
    from faceleak.store.outbox import OutboxError, requeue

    if (delivery_id is None) == (not all_failed):
        raise CommandError("give a delivery ID or --failed (one of them)", 2)
    ids = [delivery_id] if delivery_id is not None else []
    with app.sessions()() as session:
        try:
            done = requeue(session, now=datetime.now(UTC), ids=ids, failed=all_failed)
        except OutboxError as exc:
            raise CommandError(str(exc)) from None
        session.commit()
    message(
        f"requeued {len(done)} deliver{'y' if len(done) == 1 else 'ies'}"
        + (f": {', '.join(map(str, done))}" if done and len(done) <= 20 else "")
        + "; the next `crawl` or the daemon's delivery run sends them"
    )


def register(group: click.Group) -> None:
    for command in (deliveries, delivery_group):
        group.add_command(command)

"""Commands analysts use to correct and teach the extraction.

label, model fit, model show, rescore.
"""

from __future__ import annotations

import getpass
import re

import click

from faceleak.commands.analyst import parse_since, pass_app
from faceleak.context import AppContext, CommandError
from faceleak.output import json_option, message, print_json

_PRICE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+([A-Za-z]{3,4})\s+(bundle|item)\s*$")


def parse_price(value: str | None) -> dict | None:
    """``"3000 CNY bundle"`` → ``{"amount": 3000.0, "currency": "CNY", "per": "bundle"}``."""
    if value is None:
        return None
    m = _PRICE.match(value)
    if not m:
        raise click.BadParameter(f"{value!r}: use AMOUNT CURRENCY bundle|item, e.g. "
                                 "\"3000 CNY bundle\"", param_hint="'--price'")
    return {"amount": float(m.group(1)), "currency": m.group(2).upper(), "per": m.group(3)}


def parse_types(value: str | None) -> tuple[str, ...] | None:
    from faceleak.crawler.extract.model import DATA_TYPES

    if value is None:
        return None
    types = {t.strip() for t in value.split(",") if t.strip()}
    unknown = types - set(DATA_TYPES)
    if unknown:
        raise click.BadParameter(f"unknown data type(s) {', '.join(sorted(unknown))} "
                                 f"(choose from {', '.join(DATA_TYPES)})", param_hint="'--types'")
    return tuple(t for t in DATA_TYPES if t in types)


@click.command()
@click.argument("listing_id", type=int)
@click.argument("verdict", type=click.Choice(["offer", "not-offer"]))
@click.option("--types", help="Data types sold, comma-separated [default: as extracted].")
@click.option("--count", type=click.IntRange(1), help="Photos or sets on offer.")
@click.option("--price", help='"AMOUNT CURRENCY bundle|item", e.g. "3000 CNY bundle".')
@click.option("--note", help="Why (kept with the label).")
@click.option("--by", default=None, help="Who [default: $USER].")
@json_option
@pass_app
def label(app: AppContext, listing_id: int, verdict: str, types: str | None, count: int | None,
          price: str | None, note: str | None, by: str | None, as_json: bool) -> None:
    """Correct one listing: shown instead of the extraction, audited, learned by `model fit`."""
    from faceleak.learning import LabelUsageError, label_listing
    from faceleak.store.labels import LabelError
    from faceleak.store.models import Listing
    from faceleak.store.serialize import listing_json

    chosen_types, chosen_price = parse_types(types), parse_price(price)
    with app.sessions().begin() as session:
        try:
            row, alerts = label_listing(
                session, listing_id, is_offer=verdict == "offer", by=by or getpass.getuser(),
                config=app.config, types=chosen_types, count=count, price=chosen_price,
                note=note)
        except LabelUsageError as exc:
            raise click.UsageError(str(exc)) from None
        except LabelError as exc:
            raise CommandError(str(exc)) from None
        shown = listing_json(session.get(Listing, listing_id))
    if as_json:
        print_json(shown)
        return
    raised = f"; {len(alerts)} alert(s) raised" if alerts else ""
    message(f"listing {listing_id} labelled {verdict} by {row.by} (label {row.id}){raised}")


@click.group("model")
def model_group() -> None:
    """The offer model: refit it on the corpus plus this database's labels, or show it."""


@model_group.command("fit")
@json_option
@pass_app
def model_fit(app: AppContext, as_json: bool) -> None:
    """Refit on the bundled corpus plus every label; print cross-validated scores."""
    from faceleak.learning import fit_with_labels

    model = fit_with_labels(app.sessions(), progress=message)
    if as_json:
        print_json(_model_json(model, "database"))
        return
    _print_model(model, "database")


@model_group.command("show")
@json_option
@pass_app
def model_show(app: AppContext, as_json: bool) -> None:
    """The model that scores crawls: version, training size, cross-validated scores."""
    from faceleak.crawler.extract.classifier import bundled_model
    from faceleak.crawler.offer_model import active_model
    from faceleak.store.labels import latest_model

    try:
        sessions = app.sessions()
    except CommandError:  # no database yet: crawls would score with the bundled model
        model, origin = bundled_model(), "bundled"
    else:
        with sessions() as session:
            model = active_model(session)
            origin = "database" if latest_model(session) is not None else "bundled"
    if as_json:
        print_json(_model_json(model, origin))
        return
    _print_model(model, origin)


def _model_json(model, origin: str) -> dict:
    return {"version": model.version, "origin": origin, "trained_on": model.trained_on,
            "analyst_labels": model.meta.get("analyst_labels", 0), "scores": model.scores,
            "weights": model.weights, "intercept": model.intercept}


def _print_model(model, origin: str) -> None:
    s = model.scores
    click.echo(f"model {model.version} ({origin}), trained on {model.trained_on} posts "
               f"({model.meta.get('analyst_labels', 0)} analyst labels)")
    if s:
        click.echo(f"{s.get('method', 'cross-validated')}: precision {s['precision']:.3f}  "
                   f"recall {s['recall']:.3f}  photo_count {s['photo_count']:.3f}  "
                   f"price {s['price']:.3f}  data_types {s['data_types']:.3f}  "
                   f"contacts {s['contacts']:.3f}")


@click.command()
@click.option("--since", help="Only listings first seen within (30d, 12h) or since an ISO date.")
@click.option("--source", help="Only this source.")
@json_option
@pass_app
def rescore(app: AppContext, since: str | None, source: str | None, as_json: bool) -> None:
    """Run the current model over stored listings; offers found only now raise new_offer."""
    from faceleak.learning import rescore as run_rescore

    result = run_rescore(app.sessions(), app.config, since=parse_since(since), source=source,
                         progress=message)
    if as_json:
        print_json({"examined": result.examined, "changed": result.changed,
                    "new_offers": result.new_offers, "alerts": result.alerts})
        return
    message(f"{result.examined} listings rescored: {result.changed} changed, "
            f"{result.new_offers} new offers, {result.alerts} alerts raised")


@click.command()
@click.option("--alert", "alert_id", type=int, help="Only this alert (and its listing's labels).")
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@json_option
@pass_app
def audit(app: AppContext, alert_id: int | None, limit: int, as_json: bool) -> None:
    """The triage and label trail, newest first: who changed what, when and why."""
    from faceleak.output import clean, print_table
    from faceleak.store.labels import trail
    from faceleak.store.serialize import iso

    with app.sessions()() as session:
        rows = trail(session, alert_id=alert_id, limit=limit)
    if as_json:
        print_json([{**row, "at": iso(row["at"])} for row in rows])
        return
    print_table(
        ["at", "kind", "about", "by", "change", "note"],
        [[iso(r["at"])[:19], r["kind"],
          f"alert {r['alert']}" if r["alert"] is not None else f"listing {r['listing']}",
          clean(r["by"], 30), f"{r['from']} -> {r['to']}", clean(r["note"] or "", 60)]
         for r in rows],
    )
    message(f"{len(rows)} entries")


def register(group: click.Group) -> None:
    for command in (label, model_group, rescore, audit):
        group.add_command(command)

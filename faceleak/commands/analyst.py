"""Commands analysts use to query and triage.

listings, listing, similar, sellers, alerts, alert, export.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from faceleak.context import AppContext, CommandError
from faceleak.output import clean, json_option, message, print_json, print_table

pass_app = click.make_pass_decorator(AppContext)
ALERT_STATUSES = ("open", "acked", "resolved", "false_positive", "all")
_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str | None) -> datetime | None:
    """``7d``, ``12h``, ``30m``, ``2w`` ago, or an ISO date/datetime (UTC if no zone)."""
    if value is None:
        return None
    m = _DURATION.match(value.strip())
    if m:
        return datetime.now(UTC) - timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r}: use 30m, 12h, 7d, 2w or an ISO date", param_hint="'--since'"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def known_types(types: tuple[str, ...]) -> tuple[str, ...]:
    """``--type`` values, checked against the one vocabulary of data types."""
    from faceleak.crawler.extract.model import DATA_TYPES

    unknown = [t for t in types if t not in DATA_TYPES]
    if unknown:
        raise click.BadParameter(f"unknown data type {unknown[0]!r} (choose from "
                                 f"{', '.join(DATA_TYPES)})", param_hint="'--type'")
    return types


def _price_text(p: dict | None) -> str:
    if not p:
        return ""
    per = "/item" if p["per"] == "item" else ""
    return f"{p['amount']:g} {p['currency']}{per}"


@click.command()
@click.option("--offers", is_flag=True, help="Only posts judged to be offers.")
@click.option("--source", help="Only this source.")
@click.option("--seller", help="Only this seller.")
@click.option("--since", help="First seen within (7d, 12h, 30m) or since an ISO date.")
@click.option("--type", "types", multiple=True, metavar="T",
              callback=lambda _ctx, _param, value: known_types(value),
              help="Only listings selling this data type (repeat: all of them).")
@click.option("--min-photos", type=click.IntRange(0), help="Only listings of at least N photos.")
@click.option("--contact", metavar="VALUE",
              help="Only listings naming this contact (case-insensitive, @ optional).")
@click.option("--search", metavar="TEXT", help="Full text: every word in the title or text.")
@click.option("--cluster", type=int, metavar="N", help="Only listings showing a sample of N.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@json_option
@pass_app
def listings(
    app: AppContext,
    offers: bool,
    source: str | None,
    seller: str | None,
    since: str | None,
    types: tuple[str, ...],
    min_photos: int | None,
    contact: str | None,
    search: str | None,
    cluster: int | None,
    limit: int,
    as_json: bool,
) -> None:
    """Listings, newest first."""
    from faceleak.store.queries import list_listings
    from faceleak.store.serialize import listing_json

    since_at = parse_since(since)
    with app.read_sessions()() as session:
        rows = [
            listing_json(x)
            for x in list_listings(
                session,
                offers_only=offers,
                source=source,
                seller=seller,
                since=since_at,
                limit=limit,
                types=types,
                min_photos=min_photos,
                contact=contact,
                search=search,
                cluster=cluster,
            )
        ]
    if as_json:
        print_json(rows)
        return
    print_table(
        ["id", "source", "seller", "offer", "types", "photos", "price", "title / text"],
        [
            (
                r["id"],
                r["source"],
                r["seller"],
                f"{r['offer_score']:.2f}" if r["is_offer"] else "-",
                ",".join(r["data_types"]),
                r["photo_count"],
                _price_text(r["price"]),
                clean(r["title"] or r["text"], 70),
            )
            for r in rows
        ],
    )
    message(f"{len(rows)} listings")


@click.command()
@click.argument("listing_id", type=int)
@json_option
@pass_app
def listing(app: AppContext, listing_id: int, as_json: bool) -> None:
    """One listing with its images, version history, reasons and related listings."""
    from faceleak.store.queries import get_listing, related_listings
    from faceleak.store.serialize import listing_json

    with app.read_sessions()() as session:
        item = get_listing(session, listing_id)
        if item is None:
            raise CommandError(f"no listing {listing_id}")
        data = listing_json(item)
        data["versions"] = [
            {
                "version": v.version,
                "seen_at": v.seen_at.isoformat(),
                "changed_fields": list(v.changed_fields or []),
            }
            for v in item.versions
        ]
        data["related"] = [
            {
                "id": other.id,
                "source": other.source.name,
                "seller": other.seller.name if other.seller else None,
                "clusters": sorted(clusters),
            }
            for other, clusters in related_listings(session, item)
        ]
    if as_json:
        print_json(data)
        return
    out = click.echo
    out(f"#{data['id']} [{clean(data['source'])}] {clean(data['title'] or '(no title)')}")
    out(f"url:       {clean(data['url'])}")
    out(
        f"seller:    {clean(data['seller'])}   posted: {data['posted_at']}   "
        f"seen: {data['first_seen']} .. {data['last_seen']}"
    )
    verdict = "OFFER" if data["is_offer"] else "not an offer"
    out(f"verdict:   {verdict} (score {data['offer_score']:.2f})")
    for reason in data["reasons"]:
        out(f"  because  {clean(reason)}")
    out(
        f"types:     {clean(', '.join(data['data_types'])) or '-'}"
        f"   photos: {data['photo_count'] or '-'}"
        f"   price: {_price_text(data['price']) or '-'}"
        + (f" (~{data['price']['usd']:.2f} USD)" if data["price"] and data["price"]["usd"] else "")
    )
    for c in data["contacts"]:
        out(f"contact:   {clean(c['kind'])}: {clean(c['value'])}")
    out("text:")
    for line in clean(data["text"], newlines=True).splitlines():
        out(f"  {line}")
    for img in data["images"]:
        out(
            f"image:     {clean(img['url'])} {img['width']}x{img['height']} faces={img['faces']} "
            f"cluster={img['cluster']} hash={img['hash']}"
        )
    for v in data["versions"]:
        out(f"version {v['version']}: {v['seen_at']} {', '.join(v['changed_fields'])}")
    for r in data["related"]:
        out(
            f"related:   #{r['id']} [{clean(r['source'])}] seller {clean(r['seller'])} "
            f"shares cluster(s) {', '.join(map(str, r['clusters']))}"
        )


@click.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--max-distance",
    type=click.IntRange(0, 256),
    default=None,
    help="Hamming radius of the 64-bit candidates, each confirmed by the 256-bit hash "
    "[default: the calibrated match radius].",
)
@json_option
@pass_app
def similar(
    app: AppContext, paths: tuple[Path, ...], max_distance: int | None, as_json: bool
) -> None:
    """Stored sample images near the given image files."""
    from faceleak.crawler.media import CONFIRM_RADIUS, MATCH_RADIUS, BadImage, digest_image
    from faceleak.store.matching import extra_queries
    from faceleak.store.queries import similar_images

    radius = MATCH_RADIUS if max_distance is None else max_distance
    results = []
    failed = False
    with app.read_sessions()() as session:
        for path in paths:
            try:
                digest = digest_image(path.read_bytes(), count_faces=False)
            except BadImage as exc:
                message(f"{path}: not usable: {exc}")
                failed = True
                continue
            matches = [
                {
                    "sha256": image.sha256,
                    "url": image.url,
                    "distance": distance,
                    "cluster": image.cluster_id,
                    "listings": [x.id for x in found],
                }
                for image, distance, found in similar_images(
                    session,
                    digest.hash,
                    digest.hash_mirror,
                    radius,
                    fine=digest.fine,
                    fine_mirror=digest.fine_mirror,
                    confirm_radius=CONFIRM_RADIUS,
                    regions=extra_queries(digest.regions, digest.probes),
                )
            ]
            results.append({"path": str(path), "hash": digest.hash.hex(), "matches": matches})
    if as_json:
        print_json(results)
    else:
        for r in results:
            click.echo(f"{clean(r['path'])} (hash {r['hash']}): {len(r['matches'])} match(es)")
            for m in r["matches"]:
                click.echo(
                    f"  distance {m['distance']:>3}  cluster {m['cluster']}  listings "
                    f"{', '.join(map(str, m['listings']))}  {clean(m['url'])}"
                )
    if failed:
        raise SystemExit(1)


@click.command()
@json_option
@pass_app
def sellers(app: AppContext, as_json: bool) -> None:
    """Sellers, their listings, and sellers linked through shared samples."""
    from faceleak.store.queries import sellers_overview

    with app.read_sessions()() as session:
        rows = sellers_overview(session)
    if as_json:
        print_json(rows)
        return
    print_table(
        ["seller", "source", "listings", "offers", "linked to (shared clusters)"],
        [
            (
                r["seller"] + (f" ({r['display_name']})" if r["display_name"] else ""),
                r["source"],
                r["listings"],
                r["offers"],
                "; ".join(
                    f"{lk['seller']}@{lk['source']} ({','.join(map(str, lk['clusters']))})"
                    for lk in r["linked"]
                ),
            )
            for r in rows
        ],
    )


@click.command()
@json_option
@pass_app
def contacts(app: AppContext, as_json: bool) -> None:
    """Contact values shared across sellers or sources (the same handle, other names)."""
    from faceleak.store.pivots import shared_contacts

    with app.read_sessions()() as session:
        rows = shared_contacts(session)
    if as_json:
        print_json(rows)
        return
    print_table(
        ["kind", "value", "sellers", "listings"],
        [(r["kind"], r["value"],
          "; ".join(f"{s['seller'] or '?'}@{s['source']}" for s in r["sellers"]),
          ", ".join(map(str, r["listings"]))) for r in rows],
    )
    message(f"{len(rows)} shared contacts")


@click.command("alerts")
@click.option("--status", type=click.Choice(ALERT_STATUSES), default="open", show_default=True)
@click.option("--limit", type=click.IntRange(1, 100_000), default=100, show_default=True)
@json_option
@pass_app
def alerts_cmd(app: AppContext, status: str, limit: int, as_json: bool) -> None:
    """Alerts, newest first (default: open)."""
    from faceleak.store.queries import list_alerts
    from faceleak.store.serialize import alert_json

    with app.read_sessions()() as session:
        rows = [alert_json(a) for a in list_alerts(session, status=status, limit=limit)]
    if as_json:
        print_json(rows)
        return
    print_table(
        ["id", "created", "severity", "event", "status", "rule", "summary"],
        [
            (
                r["id"],
                r["created_at"][:19],
                r["severity"],
                r["event"],
                r["status"],
                r["rule"],
                clean(r["summary"], 100),
            )
            for r in rows
        ],
    )
    message(f"{len(rows)} alerts ({status})")


@click.group("alert")
def alert_group() -> None:
    """Triage one alert; every change is recorded in the audit trail."""


def _triage_command(action: str, help_text: str) -> click.Command:
    @click.command(action, help=help_text)
    @click.argument("alert_id", type=int)
    @click.option("--note", help="Why (kept in the audit trail).")
    @click.option("--by", default=None, help="Who [default: $USER].")
    @pass_app
    def command(app: AppContext, alert_id: int, note: str | None, by: str | None) -> None:
        import getpass

        from faceleak.alerts import TriageError
        from faceleak.learning import triage_alert

        who = by or getpass.getuser()
        with app.sessions().begin() as session:
            try:
                alert = triage_alert(session, alert_id, action, by=who, note=note)
            except TriageError as exc:
                raise CommandError(str(exc)) from None
            message(f"alert {alert.id} is now {alert.status}")

    return command


for _action, _help in (
    ("ack", "Acknowledge: someone is looking at it."),
    ("resolve", "Resolved: handled."),
    ("false-positive", "Not an offer of face data after all."),
    ("reopen", "Back to open."),
):
    alert_group.add_command(_triage_command(_action, _help))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "stix"]), required=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="File [default: stdout]."
)
@click.option("--offers", is_flag=True, help="Only offers.")
@click.option("--since", help="Only listings seen and alerts raised within (7d, 12h) or since "
              "an ISO date.")
@pass_app
def export(app: AppContext, fmt: str, output: Path | None, offers: bool,
           since: str | None) -> None:
    """Listings and alerts for other tools (JSON, CSV or a STIX 2.1 bundle)."""
    from faceleak.export import write_export

    since_at = parse_since(since)
    with app.read_sessions()() as session:
        text = write_export(session, fmt, offers_only=offers, since=since_at)
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:  # no such folder, no permission, disk full: one line
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        message(f"wrote {output}")


def register(group: click.Group) -> None:
    for command in (listings, listing, similar, sellers, contacts, alerts_cmd, alert_group,
                    export):
        group.add_command(command)

"""Watchlists: hash banks of an organisation's own photos. Only hashes are stored."""

from __future__ import annotations

from pathlib import Path

import click

from faceleak.context import AppContext, CommandError
from faceleak.output import json_option, message, print_json, print_table

pass_app = click.make_pass_decorator(AppContext)
NAME_LIMIT = 64  # the watchlists.name column
POOL_MIN = 16


@click.group("watchlist")
def watchlist_group() -> None:
    """Match every sample against an organisation's own photos (hashes only)."""


@watchlist_group.command("add")
@click.argument("name")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@json_option
@pass_app
def add(app: AppContext, name: str, paths: tuple[Path, ...], as_json: bool) -> None:
    """Hash PATHs into watchlist NAME and match the images already stored."""
    if not name.strip() or len(name) > NAME_LIMIT:
        raise click.BadParameter(f"1 to {NAME_LIMIT} characters", param_hint="'NAME'")
    from faceleak.alerts import raise_watchlist_matches
    from faceleak.crawler.media import CONFIRM_RADIUS, MATCH_RADIUS, BadImage, digest_images
    from faceleak.store import upgrade
    from faceleak.store.matching import MatchRule
    from faceleak.store.watchlists import add_watchlist, match_stored_images

    digests, bad = [], []
    # An organisation's photos come by the hundred: every core digests them (a process pool
    # from POOL_MIN images on; fewer are not worth starting one for).
    workers = None if len(paths) >= POOL_MIN else 1
    results = digest_images([p.read_bytes() for p in paths], count_faces=False, workers=workers)
    for path, d in zip(paths, results, strict=True):
        if isinstance(d, BadImage):
            bad.append(f"{path}: {d}")
            continue
        digests.append((path.name, d.sha256, d.hash, d.hash_mirror, d.fine, d.fine_mirror))
    for line in bad:
        message(f"skipped {line}")
    if not digests:
        raise CommandError("no usable image given")
    upgrade(app.engine)
    with app.sessions().begin() as session:
        watchlist = add_watchlist(session, name, digests)
        rule = MatchRule(radius=MATCH_RADIUS, confirm=CONFIRM_RADIUS)
        matches = match_stored_images(session, watchlist, rule)
        raised = raise_watchlist_matches(session, watchlist.name, matches, app.config)
        result = {
            "watchlist": name,
            "added": len(digests),
            "skipped": len(bad),
            "stored_matches": [
                {"image": img.sha256, "entry": entry.label, "distance": dist}
                for img, entry, dist in matches
            ],
            "alerts": [a.id for a in raised],
        }
    if as_json:
        print_json(result)
    else:
        message(
            f"watchlist {name}: {len(digests)} hashes added, {len(matches)} stored images match, "
            f"{len(raised)} alerts raised"
        )
    if bad:
        raise SystemExit(1)


@watchlist_group.command("list")
@json_option
@pass_app
def list_(app: AppContext, as_json: bool) -> None:
    """Watchlists and how many hashes each holds."""
    from faceleak.store.watchlists import list_watchlists

    with app.read_sessions()() as session:
        rows = [
            {"name": w.name, "hashes": len(w.entries), "created_at": w.created_at.isoformat()}
            for w in list_watchlists(session)
        ]
    if as_json:
        print_json(rows)
    else:
        print_table(
            ["name", "hashes", "created"], [(r["name"], r["hashes"], r["created_at"]) for r in rows]
        )


@watchlist_group.command("remove")
@click.argument("name")
@pass_app
def remove(app: AppContext, name: str) -> None:
    """Delete watchlist NAME and its hashes."""
    from faceleak.store.watchlists import remove_watchlist

    with app.sessions().begin() as session:
        if not remove_watchlist(session, name):
            raise CommandError(f"no watchlist {name!r}")
    message(f"watchlist {name} removed")


def register(group: click.Group) -> None:
    group.add_command(watchlist_group)

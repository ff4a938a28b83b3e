"""The console's pages: each reads through the store's queries and serializers (the CLI's),
and each form calls the function the matching command calls (triage, label).

GET handlers are plain functions (Starlette runs them in a thread: the store is synchronous);
POST handlers read the form, check its CSRF token, then do the work in a thread.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import click
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from faceleak.console.charts import line_chart, link_graph
from faceleak.console.diff import history
from faceleak.console.highlight import segments
from faceleak.console.render import page
from faceleak.console.security import (
    AUTH_COOKIE,
    ConsoleRefused,
    check_form,
    safe_next,
    session_value,
)

ALERT_FILTERS = ("status", "event", "severity", "source", "rule")
LISTING_LIMIT = 100
ALERT_LIMIT = 100  # newest first; ?limit=N (up to 1000) for more


def _state(request: Request) -> Any:
    return request.app.state


def _read(request: Request) -> Any:
    return _state(request).read_sessions()


def _int(value: str | None, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ConsoleRefused(400, f"{field} must be a whole number, not {value!r}") from None


def _refused(request: Request, exc: ConsoleRefused) -> Response:
    return page(request, "error.html", exc.status, message=str(exc))


# ---- alerts ---------------------------------------------------------------------------------

def alerts_queue(request: Request) -> Response:
    from faceleak.alerts.triage import TRANSITIONS
    from faceleak.store.queries import ALERT_STATUSES, alert_facets, list_alerts
    from faceleak.store.serialize import alert_json

    chosen = {k: request.query_params.get(k) or None for k in ALERT_FILTERS}
    chosen["status"] = chosen["status"] or "open"
    try:
        limit = max(1, min(_int(request.query_params.get("limit"), "limit") or ALERT_LIMIT, 1000))
    except ConsoleRefused as exc:
        return _refused(request, exc)
    if chosen["status"] not in (*ALERT_STATUSES, "all"):
        return _refused(request, ConsoleRefused(400, f"unknown status {chosen['status']!r}"))
    with _read(request) as session:
        rows = [alert_json(a) for a in list_alerts(
            session, status=chosen["status"], limit=limit, event=chosen["event"],
            severity=chosen["severity"], source=chosen["source"], rule=chosen["rule"])]
        facets = alert_facets(session)
    allowed = {a: sorted(src) for a, (src, _) in TRANSITIONS.items()}
    return page(request, "alerts.html", alerts=rows, chosen=chosen, facets=facets, limit=limit,
                statuses=(*ALERT_STATUSES, "all"), allowed=allowed,
                here=request.url.path + ("?" + request.url.query if request.url.query else ""))


def alert_page(request: Request) -> Response:
    from faceleak.alerts.triage import TRANSITIONS
    from faceleak.store.labels import trail
    from faceleak.store.models import Alert
    from faceleak.store.serialize import alert_json

    alert_id = request.path_params["alert_id"]
    with _read(request) as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            return _refused(request, ConsoleRefused(404, f"no alert {alert_id}"))
        data = alert_json(alert)
        entries = trail(session, alert_id=alert_id)
    allowed = {a: sorted(src) for a, (src, _) in TRANSITIONS.items()}
    return page(request, "alert.html", alert=data, trail=entries, allowed=allowed,
                here=f"/alerts/{alert_id}")


async def triage_action(request: Request) -> Response:
    from faceleak.alerts import ACTIONS, TriageError
    from faceleak.learning import triage_alert

    alert_id = request.path_params["alert_id"]
    form = await request.form()
    try:
        check_form(request, form)
        action = str(form.get("action", ""))
        if action not in ACTIONS:
            raise ConsoleRefused(400, f"unknown action {action!r}")
        by = str(form.get("by") or "").strip() or _state(request).default_by
        note = str(form.get("note") or "").strip() or None

        def work() -> None:
            with _state(request).sessions.begin() as session:
                triage_alert(session, alert_id, action, by=by, note=note)

        try:
            await run_in_threadpool(work)
        except TriageError as exc:
            raise ConsoleRefused(409, str(exc)) from None
    except ConsoleRefused as exc:
        return _refused(request, exc)
    return RedirectResponse(safe_next(form.get("next"), f"/alerts/{alert_id}"), 303)


# ---- listings -------------------------------------------------------------------------------

def _listing_filter(request: Request) -> dict:
    q = request.query_params
    return {
        "search": q.get("q") or None,
        "types": tuple(t for t in q.getlist("type") if t),
        "min_photos": _int(q.get("min_photos"), "min photos"),
        "contact": q.get("contact") or None,
        "cluster": _int(q.get("cluster"), "cluster"),
        "source": q.get("source") or None,
        "seller": q.get("seller") or None,
        "offers_only": q.get("offers") == "1",
    }


def listings_page(request: Request) -> Response:
    from faceleak.crawler.extract.model import DATA_TYPES
    from faceleak.store.queries import list_listings
    from faceleak.store.serialize import listing_json

    try:
        wanted = _listing_filter(request)
    except ConsoleRefused as exc:
        return _refused(request, exc)
    unknown = [t for t in wanted["types"] if t not in DATA_TYPES]
    if unknown:
        return _refused(request, ConsoleRefused(400, f"unknown data type {unknown[0]!r}"))
    with _read(request) as session:
        rows = [listing_json(x) for x in list_listings(session, limit=LISTING_LIMIT, **wanted)]
    return page(request, "listings.html", listings=rows, wanted=wanted, data_types=DATA_TYPES,
                limit=LISTING_LIMIT)


def listing_page(request: Request) -> Response:
    from faceleak.crawler.extract.model import DATA_TYPES
    from faceleak.store.labels import labels_of
    from faceleak.store.pivots import cluster_listings
    from faceleak.store.queries import get_listing, related_listings
    from faceleak.store.serialize import listing_json

    listing_id = request.path_params["listing_id"]
    with _read(request) as session:
        item = get_listing(session, listing_id)
        if item is None:
            return _refused(request, ConsoleRefused(404, f"no listing {listing_id}"))
        data = listing_json(item)
        versions = history(list(item.versions))
        related = [
            {"id": other.id, "source": other.source.name,
             "seller": other.seller.name if other.seller else None,
             "seller_id": other.seller_id, "clusters": clusters}
            for other, clusters in related_listings(session, item)
        ]
        clusters = {img["cluster"] for img in data["images"] if img["cluster"] is not None}
        members = {c: [i for i in cluster_listings(session, c) if i != listing_id]
                   for c in clusters}
        labels = labels_of(session, listing_id)
        seller_id = item.seller_id
    return page(request, "listing.html", listing=data, versions=versions, related=related,
                retained=retained(request, data["images"]),
                members=members, labels=labels, seller_id=seller_id, data_types=DATA_TYPES,
                marked=segments(data["text"], data["reasons"]))


async def label_action(request: Request) -> Response:
    from faceleak.commands.learn import parse_price, parse_types
    from faceleak.learning import label_listing
    from faceleak.store.labels import LabelError

    listing_id = request.path_params["listing_id"]
    form = await request.form()
    try:
        check_form(request, form)
        verdict = form.get("verdict")
        if verdict not in ("offer", "not-offer"):
            raise ConsoleRefused(400, "choose offer or not-offer")
        try:
            types = parse_types(",".join(str(t) for t in form.getlist("types"))) \
                if verdict == "offer" else None
            price = parse_price(str(form.get("price"))) \
                if verdict == "offer" and form.get("price") else None
        except click.BadParameter as exc:
            raise ConsoleRefused(400, exc.format_message()) from None
        count = _int(str(form.get("count") or ""), "count") if verdict == "offer" else None
        by = str(form.get("by") or "").strip() or _state(request).default_by
        note = str(form.get("note") or "").strip() or None

        def work() -> None:
            with _state(request).sessions.begin() as session:
                label_listing(session, listing_id, is_offer=verdict == "offer", by=by,
                              config=_state(request).config, types=types,
                              count=count, price=price, note=note)

        try:
            await run_in_threadpool(work)
        except LabelError as exc:
            raise ConsoleRefused(400, str(exc)) from None
    except ConsoleRefused as exc:
        return _refused(request, exc)
    return RedirectResponse(f"/listings/{listing_id}#label", 303)


# ---- sellers and contacts -------------------------------------------------------------------

def sellers_page(request: Request) -> Response:
    from faceleak.store.pivots import seller_ids
    from faceleak.store.queries import sellers_overview

    with _read(request) as session:
        rows = sellers_overview(session)
        ids = seller_ids(session)
    for row in rows:
        row["id"] = ids.get((row["source"], row["seller"]))
        for link in row["linked"]:
            link["id"] = ids.get((link["source"], link["seller"]))
    return page(request, "sellers.html", sellers=rows)


def seller_page(request: Request) -> Response:
    from faceleak.store.pivots import get_seller, linked_sellers, seller_contacts
    from faceleak.store.queries import list_listings
    from faceleak.store.serialize import listing_json

    seller_id = request.path_params["seller_id"]
    with _read(request) as session:
        seller = get_seller(session, seller_id)
        if seller is None:
            return _refused(request, ConsoleRefused(404, f"no seller {seller_id}"))
        name, source, display = seller.name, seller.source.name, seller.display_name
        rows = [listing_json(x) for x in list_listings(session, seller_id=seller_id,
                                                          limit=LISTING_LIMIT)]
        contacts = seller_contacts(session, seller_id)
        linked = linked_sellers(session, seller_id)
    graph = link_graph(name, [
        (f"{link['seller']} @{link['source']}", f"/sellers/{link['id']}",
         ", ".join([*(f"sample {c}" for c in link["clusters"]), *link["contacts"]])[:40])
        for link in linked
    ])
    return page(request, "seller.html",
                seller={"id": seller_id, "name": name, "source": source, "display": display},
                listings=rows, contacts=contacts, linked=linked, graph=graph)


def contacts_page(request: Request) -> Response:
    from faceleak.store.pivots import shared_contacts

    value = (request.query_params.get("value") or "").strip()
    if value:
        return RedirectResponse("/contact?" + urlencode({"value": value}), 303)
    with _read(request) as session:
        rows = shared_contacts(session)
    return page(request, "contacts.html", contacts=rows)


def contact_page(request: Request) -> Response:
    from faceleak.store.pivots import contact_users, seller_ids

    value = (request.query_params.get("value") or "").strip()
    if not value:
        return RedirectResponse("/contacts", 303)
    with _read(request) as session:
        users = contact_users(session, value)
        ids = seller_ids(session)
    return page(request, "contact.html", nav="contacts", value=value, users=users,
                sources=sorted({u["source"] for u in users}), ids=ids)


# ---- trends ---------------------------------------------------------------------------------

TREND_WEEKS = 26


def trends_page(request: Request) -> Response:
    from datetime import UTC, datetime, timedelta

    try:
        weeks_back = _int(request.query_params.get("weeks"), "weeks") or TREND_WEEKS
    except ConsoleRefused as exc:
        return _refused(request, exc)
    since = datetime.now(UTC) - timedelta(weeks=max(1, min(weeks_back, 520)))
    with _read(request) as session:
        stats = _state(request).trends.get(session, since)
    weeks = [w["week"] for w in stats["weeks"]]
    sources = sorted({s for w in stats["weeks"] for s in w["by_source"]})
    types = sorted({t for w in stats["weeks"] for t in w["by_type"]})
    priced = sorted({t for w in stats["weeks"] for t in w["usd_per_photo"]})
    charts = [
        line_chart("Offers per week by source", weeks,
                   {s: [w["by_source"].get(s, 0) for w in stats["weeks"]] for s in sources}),
        line_chart("Offers per week by data type", weeks,
                   {t: [w["by_type"].get(t, 0) for w in stats["weeks"]] for t in types}),
        line_chart("Median price per photo (USD) by data type", weeks,
                   {t: [(w["usd_per_photo"].get(t) or {}).get("median")
                        for w in stats["weeks"]] for t in priced}, unit="$"),
    ]
    return page(request, "trends.html", stats=stats, charts=charts, weeks_back=weeks_back)


# ---- login ----------------------------------------------------------------------------------

async def login(request: Request) -> Response:
    import hmac

    token = _state(request).token
    if request.method == "GET" or token is None:
        return page(request, "login.html", nav="login", failed=False, needed=token is not None)
    form = await request.form()
    given = str(form.get("token") or "")
    try:
        check_form(request, form)
    except ConsoleRefused as exc:
        return _refused(request, exc)
    if not hmac.compare_digest(given, token):
        return page(request, "login.html", 401, nav="login", failed=True, needed=True)
    response = RedirectResponse("/alerts", 303)
    response.set_cookie(AUTH_COOKIE, session_value(token), httponly=True, samesite="strict",
                        path="/")
    return response


# ---- retained samples -----------------------------------------------------------------------

def _retained_sample(request: Request, listing_id: int, sha256: str) -> tuple[int, bytes]:
    """The image id and original bytes of a sample of this listing, from the evidence vault.
    Refused unless retention is on, the sample belongs to the listing and the vault holds it."""
    from sqlalchemy import select

    from faceleak.crawler.media.evidence import EvidenceError
    from faceleak.store.models import Image, Sighting

    vault = _state(request).vault
    if vault is None:
        raise ConsoleRefused(404, "evidence retention is off: the console shows no images")
    with _read(request) as session:
        image_id = session.scalar(
            select(Image.id).join(Sighting, Sighting.image_id == Image.id)
            .where(Sighting.listing_id == listing_id, Image.sha256 == sha256).limit(1))
    if image_id is None:
        raise ConsoleRefused(404, f"listing {listing_id} has no sample {sha256[:16]}")
    try:
        return image_id, vault.get(sha256)
    except EvidenceError as exc:
        raise ConsoleRefused(404, str(exc)) from None


def _jpeg_response(data: bytes) -> Response:
    return Response(data, media_type="image/jpeg",
                    headers={"Cache-Control": "no-store", "Content-Disposition": "inline"})


def blurred_sample(request: Request) -> Response:
    from faceleak.console.thumbnails import ThumbnailError, blurred_thumbnail

    try:
        _, original = _retained_sample(request, request.path_params["listing_id"],
                                       request.path_params["sha256"])
        return _jpeg_response(blurred_thumbnail(original))
    except ThumbnailError as exc:
        return Response(str(exc), status_code=422, media_type="text/plain")
    except ConsoleRefused as exc:
        return Response(str(exc), status_code=exc.status, media_type="text/plain")


async def reveal_sample(request: Request) -> Response:
    """One sample unblurred, after the reveal is written to the audit trail (who, when, which)."""
    from faceleak.console.thumbnails import ThumbnailError, clear_thumbnail
    from faceleak.store.models import Reveal

    listing_id, sha256 = request.path_params["listing_id"], request.path_params["sha256"]
    form = await request.form()
    try:
        check_form(request, form)
        image_id, original = await run_in_threadpool(_retained_sample, request, listing_id,
                                                     sha256)
        try:
            thumbnail = clear_thumbnail(original)
        except ThumbnailError as exc:
            raise ConsoleRefused(422, str(exc)) from None
        by = str(form.get("by") or "").strip() or _state(request).default_by

        def work() -> None:
            with _state(request).sessions.begin() as session:
                session.add(Reveal(listing_id=listing_id, image_id=image_id, sha256=sha256,
                                   by=by))

        await run_in_threadpool(work)
    except ConsoleRefused as exc:
        return _refused(request, exc)
    return _jpeg_response(thumbnail)


def retained(request: Request, images: list[dict]) -> set[str]:
    """The sha256s of these samples whose originals the vault holds (empty when off)."""
    vault = _state(request).vault
    if vault is None:
        return set()
    return {img["sha256"] for img in images if img["sha256"] in vault}

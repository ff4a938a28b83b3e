"""The analyst console (`faceleak serve`): server-rendered pages over the CLI's store queries.

Starlette + Jinja2, plain HTML forms and one small static script (keyboard shortcuts, copy
buttons); no build step. See docs/console.md for why, and for the security model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from faceleak.console import pages
from faceleak.console.security import TOKEN_ENV, Guard, is_loopback
from faceleak.store.trends import TrendsCache

STATIC = Path(__file__).resolve().parent / "static"

__all__ = ["TOKEN_ENV", "create_app", "is_loopback"]


def create_app(*, sessions: Any, read_sessions: Any, config: Any, token: str | None,
               default_by: str, vault: Any = None) -> Starlette:
    """The console over the given session factories; ``token`` None means loopback-only.
    With evidence retention on, ``vault`` (default: the configured one) holds the originals
    the console shows blurred; with it off the console shows no image at all."""
    routes = [
        Route("/", lambda request: RedirectResponse("/alerts", 303)),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/alerts", pages.alerts_queue),
        Route("/alerts/{alert_id:int}", pages.alert_page),
        Route("/alerts/{alert_id:int}/triage", pages.triage_action, methods=["POST"]),
        Route("/listings", pages.listings_page),
        Route("/listings/{listing_id:int}", pages.listing_page),
        Route("/listings/{listing_id:int}/label", pages.label_action, methods=["POST"]),
        Route("/listings/{listing_id:int}/samples/{sha256:str}/blurred.jpg",
              pages.blurred_sample),
        Route("/listings/{listing_id:int}/samples/{sha256:str}/reveal", pages.reveal_sample,
              methods=["POST"]),
        Route("/sellers", pages.sellers_page),
        Route("/sellers/{seller_id:int}", pages.seller_page),
        Route("/contacts", pages.contacts_page),
        Route("/contact", pages.contact_page),
        Route("/trends", pages.trends_page),
        Route("/login", pages.login, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, token=token)])
    app.state.sessions = sessions
    app.state.read_sessions = read_sessions
    app.state.config = config
    app.state.token = token
    app.state.default_by = default_by
    app.state.trends = TrendsCache()  # exact invalidation: store/trends.py
    app.state.evidence_on = bool(getattr(getattr(config, "evidence", None), "enabled", False))
    if app.state.evidence_on and vault is None:
        from faceleak.crawler.media.evidence import EvidenceVault

        vault = EvidenceVault.from_config(config.evidence)
    app.state.vault = vault if app.state.evidence_on else None
    return app

"""Templates: Jinja2 with autoescape, and every printed value made inert first.

``finalize`` runs on every ``{{ value }}`` before escaping, so no template can forget it:
control characters (terminal escapes among them) become visible control pictures
(ESC is shown as ␛), and bidi overrides, which can make text read other than it is, go.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟ (ESC is ␛)
    return "\u2421" if code == 0x7F else "\ufffd"


def inert(value: Any) -> Any:
    """A value as it may be shown: controls visible, bidi overrides gone (escaping follows)."""
    if value is None:
        return ""
    if isinstance(value, Markup):  # built by us from escaped parts (highlight, charts)
        return value
    if isinstance(value, str):
        return _BIDI.sub("", _CONTROLS.sub(_picture, value.replace("\r\n", "\n")))
    return value


def field_value(value: Any) -> str:
    """A snapshot field for people: lists joined, a price as "3000 CNY per bundle"."""
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v.get("value", v)) if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, dict) and "amount" in value:
        return f"{value['amount']:g} {value.get('currency', '')} per {value.get('per', 'bundle')}"
    return str(value)


ENV = Environment(
    loader=PackageLoader("faceleak.console", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    finalize=inert,
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["field"] = field_value


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("nav", template.split(".")[0])
    html = ENV.get_template(template).render(
        request=request, csrf=getattr(request.state, "csrf", ""),
        evidence_on=request.app.state.evidence_on, default_by=request.app.state.default_by,
        **context,
    )
    return HTMLResponse(html, status_code=status)

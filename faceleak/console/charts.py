"""Charts drawn on the server as SVG (no script, no chart library, nothing fetched).

Pure functions from numbers to markup: every label is escaped, every colour is a
presentation attribute (the Content-Security-Policy allows no inline ``style``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from faceleak.console.render import inert

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf",
           "#7f7f7f")
W, H, LEFT, BOTTOM, TOP, RIGHT = 720, 260, 56, 40, 16, 160


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _fmt(value: float) -> str:
    return f"{value:g}" if value >= 0.01 or value == 0 else f"{value:.2g}"


def line_chart(title: str, xs: Sequence[str], series: dict[str, Sequence[float | None]],
               unit: str = "") -> Markup:
    """A line per series over the x labels; ``None`` leaves a gap. Accessible title and legend."""
    values = [v for s in series.values() for v in s if v is not None]
    top = _nice_max(max(values, default=0))
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / max(len(xs) - 1, 1)

    def point(i: int, v: float) -> tuple[float, float]:
        return LEFT + i * step, TOP + plot_h * (1 - v / top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
             f'class="chart" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for k in range(5):  # grid and y labels
        v = top * k / 4
        y = TOP + plot_h * (1 - k / 4)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#ddd"/><text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'font-size="11" fill="#555">{escape(_fmt(v))}{escape(unit)}</text>')
    label_every = max(1, math.ceil(len(xs) / 8))
    for i, x in enumerate(xs):
        if i % label_every == 0:
            parts.append(f'<text x="{LEFT + i * step:.1f}" y="{H - BOTTOM + 16}" font-size="11" '
                         f'text-anchor="middle" fill="#555">{escape(x)}</text>')
    for n, (name, ys) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(ys):
            if v is None:
                runs.append([])
            else:
                runs[-1].append(point(i, v))
        for run in runs:
            if len(run) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                             f'stroke-width="2"/>')
            for x, y in run:
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        ly = TOP + 14 + n * 16
        parts.append(f'<rect x="{W - RIGHT + 12}" y="{ly - 9}" width="10" height="10" '
                     f'fill="{colour}"/><text x="{W - RIGHT + 28}" y="{ly}" font-size="12" '
                     f'fill="#222">{escape(inert(name))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def link_graph(centre: str, others: Sequence[tuple[str, str, str]]) -> Markup:
    """The seller in the middle, linked sellers around it; each edge says what they share.

    ``others``: (label, href, shared) per linked seller; hrefs are paths on this server.
    """
    centre = inert(centre)
    others = [(inert(label), href, inert(shared)) for label, href, shared in others]
    width, height, radius = 700, 400, 125
    cx, cy = width / 2, height / 2
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'role="img" class="graph" aria-label="sellers linked to {escape(centre)}">'
             f'<title>sellers linked to {escape(centre)}</title>']
    count = max(len(others), 1)
    nodes = []
    for i, (label, href, shared) in enumerate(others):
        angle = 2 * math.pi * i / count - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + radius * cos, cy + radius * sin
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        nodes.append((x, y, label, href, anchor, cos, sin))
        ex, ey = cx + radius * 0.55 * cos, cy + radius * 0.55 * sin
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#999" '
                     f'stroke-width="1.5"/><text x="{ex:.1f}" y="{ey - 3:.1f}" font-size="10" '
                     f'text-anchor="middle" fill="#555">{escape(shared)}</text>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="24" fill="#d62728"/><text x="{cx}" '
                 f'y="{cy + 40}" font-size="13" text-anchor="middle" font-weight="bold" '
                 f'fill="#222">{escape(centre)}</text>')
    for x, y, label, href, anchor, cos, sin in nodes:
        lx = x + 24 * cos if anchor != "middle" else x
        ly = y + (32 if sin >= 0 else -24) if anchor == "middle" else y + 4
        parts.append(f'<a href="{escape(href)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="16" '
                     f'fill="#1f77b4"/><text x="{lx:.1f}" y="{ly:.1f}" font-size="12" '
                     f'text-anchor="{anchor}" fill="#1f4e8c">{escape(label)}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))

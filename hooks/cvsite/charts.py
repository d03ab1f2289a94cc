"""Progress charts of the benchmark pages, drawn at build time as static SVG (no script).

One dot per result at (paper year, value) and the best-so-far line: the best value reported up to
each year. Every label is escaped here, and the SVG goes into the page after sanitizing (as the
lineage diagrams do), only on its own benchmark's page, so it is built from catalogue data alone.
Colours come from the theme's CSS variables (docs/stylesheets/extra.css), so dark mode works; the
viewBox lets it shrink to a phone's width.
"""

from __future__ import annotations

import math
import re
from html import escape

from .link import Site, Standing
from .model import Benchmark

W, H = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 58, 30, 40, 44


def fmt(value: float | int, unit: str) -> str:
    """A value with its unit, as the pages print it: 44.4%, 3.17, 9×, 260 Hz, 1,000,000,000."""
    if unit == "count" or (isinstance(value, int) or float(value).is_integer()) and abs(value) >= 10_000:
        number = f"{value:,.0f}"
    else:
        number = f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if unit == "%":
        return f"{number}%"
    if unit == "×":
        return f"{number}×"
    if unit in ("fps", "Hz", "dB", "px", "m", "s", "ms"):
        return f"{number} {unit}"
    return number


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    span = high - low or abs(high) or 1.0
    raw = span / count
    step = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * step:
            step *= factor
            break
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def best_so_far(rows: list[Standing]) -> list[tuple[int, float]]:
    """(year, best value reported in that year or before), one point per year that has a result."""
    better = max if rows and rows[0].benchmark.higher_is_better else min
    out: list[tuple[int, float]] = []
    for year in sorted({r.paper.year for r in rows}):
        best = better(r.result.value for r in rows if r.paper.year <= year)
        out.append((year, best))
    return out


def svg(bench: Benchmark, rows: list[Standing]) -> str:
    """The chart of one benchmark, or "" when it has no results."""
    if not rows:
        return ""
    years = [r.paper.year for r in rows]
    values = [r.result.value for r in rows]
    y0, y1 = min(years), max(years)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1
    ticks = _ticks(min(values), max(values))
    v0, v1 = ticks[0], ticks[-1]
    if v0 == v1:
        v0, v1 = v0 - 1, v1 + 1
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(year: float) -> float:
        return LEFT + (year - y0) / (y1 - y0) * plot_w

    def y(value: float) -> float:
        return TOP + (1 - (value - v0) / (v1 - v0)) * plot_h

    direction = "higher is better" if bench.higher_is_better else "lower is better"
    frontier = best_so_far(rows)
    first, last = frontier[0], frontier[-1]
    desc = (
        f"{len(rows)} results reported by papers from {min(years)} to {max(years)}, one dot each, with the best so far as a line "
        f"({direction}): from {fmt(first[1], bench.unit)} in {first[0]} to {fmt(last[1], bench.unit)} in {last[0]}. "
        "The table below lists the same results."
    )
    key = escape(bench.id)
    parts = [
        f'<svg class="benchmark-chart-svg" viewBox="0 0 {W} {H}" role="img" aria-labelledby="chart-title-{key} chart-desc-{key}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title-{key}">{escape(bench.name)}: reported results by year</title>',
        f'<desc id="chart-desc-{key}">{escape(desc)}</desc>',
    ]
    for tick in ticks:  # value axis: grid lines and labels
        ty = y(tick)
        parts.append(f'<line class="chart-grid" x1="{LEFT}" x2="{W - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}"/>')
        parts.append(f'<text class="chart-tick" x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{escape(fmt(tick, bench.unit))}</text>')
    year_step = max(1, math.ceil((y1 - y0) / 8))
    for year in range(y0, y1 + 1, year_step):  # year axis
        parts.append(f'<text class="chart-tick" x="{x(year):.1f}" y="{H - BOTTOM + 18}" text-anchor="middle">{year}</text>')
    parts.append(f'<line class="chart-axis" x1="{LEFT}" x2="{W - RIGHT}" y1="{H - BOTTOM}" y2="{H - BOTTOM}"/>')
    parts.append(f'<text class="chart-axis-label" x="{LEFT + plot_w / 2:.0f}" y="{H - 4}" text-anchor="middle">year of the paper</text>')
    if len(frontier) > 1:  # best so far: a step line, flat until a year that improves it
        points = [f"{x(frontier[0][0]):.1f},{y(frontier[0][1]):.1f}"]
        for (_, prev), (year, value) in zip(frontier, frontier[1:], strict=False):
            points.append(f"{x(year):.1f},{y(prev):.1f}")
            points.append(f"{x(year):.1f},{y(value):.1f}")
        parts.append(f'<polyline class="chart-best" points="{" ".join(points)}"/>')
    for row in sorted(rows, key=lambda r: r.rank, reverse=True):  # best drawn last, on top
        label = f"{row.paper.short_name} ({row.paper.year}): {fmt(row.result.value, bench.unit)}"
        if row.result.setting:
            label += f", {row.result.setting}"
        css = "chart-point chart-point-best" if row.rank == 1 else "chart-point"
        parts.append(
            f'<circle class="{css}" cx="{x(row.paper.year):.1f}" cy="{y(row.result.value):.1f}" r="5">'
            f"<title>{escape(label)}</title></circle>"
        )
    best = rows[0]  # named above the plot, where it cannot cover a dot; the filled dot is this result
    parts.append(
        f'<circle class="chart-point chart-point-best" cx="{LEFT + 5}" cy="14" r="5"/>'
        f'<text class="chart-label" x="{LEFT + 16}" y="19">Best: {escape(best.paper.short_name)} ({best.paper.year}), '
        f"{escape(fmt(best.result.value, bench.unit))}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


PLACEHOLDER = re.compile(r'<div class="benchmark-chart" id="chart-([a-z0-9-]+)"></div>')


def fill(html: str, site: Site, page_url: str) -> str:
    """On a benchmark page, replace its own chart placeholder with the chart; other pages are left alone."""
    match = re.fullmatch(r"benchmarks/([a-z0-9-]+)/", page_url)
    if not match or match.group(1) not in site.benchmarks:
        return html
    bench_id = match.group(1)

    def chart(found: re.Match) -> str:
        if found.group(1) != bench_id:
            return ""
        drawing = svg(site.benchmarks[bench_id], site.standings[bench_id])
        return f'<figure class="benchmark-chart">{drawing}</figure>' if drawing else ""

    return PLACEHOLDER.sub(chart, html, count=1)

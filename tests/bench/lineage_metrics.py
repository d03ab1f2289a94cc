"""Measure the lineage diagrams of a built site: width, edges, edges that pass through a box other
than their two ends, and pairs of edges that cross (edges sharing a box are not counted).

    .venv/bin/python tests/bench/lineage_metrics.py site/     # a built site directory

Prints a Markdown table. The desktop layout is measured (the first SVG of each figure); a topic split
into parts (figures) counts the edges and crossings of all its parts, and the width of the widest.
The edge paths are sampled along their Bézier curves, so the counts are geometric, not read from
the layout.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TOPICS = {"Detection": "object-detection", "Classification": "image-classification", "Segmentation": "image-segmentation"}
_SVG = re.compile(r'<figure class="lineage"[^>]*>(?:<figcaption>.*?</figcaption>)?(<svg.*?</svg>)', re.S)
_EDGE = re.compile(r'<path class="lineage-edge" data-from="([^"]+)" data-to="([^"]+)" d="([^"]+)"')
_BOX = re.compile(  # the id is the end of the box's link: ../../papers/<id>/ or #<id>
    r'<a xlink:href="[^"]*?([a-z0-9-]+)/?"><title>.*?</title>'
    r'<rect class="[^"]*" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"',
    re.S,
)


def _points(d: str, steps: int = 24) -> list[tuple[float, float]]:
    """The path as a polyline: M, L and C commands (absolute), curves sampled."""
    tokens = re.findall(r"[MLC]|-?[\d.]+", d)
    out: list[tuple[float, float]] = []
    i, command = 0, ""
    while i < len(tokens):
        if tokens[i] in "MLC":
            command, i = tokens[i], i + 1
        if command in "ML":
            out.append((float(tokens[i]), float(tokens[i + 1])))
            i += 2
        else:
            (x0, y0), (x1, y1, x2, y2, x3, y3) = out[-1], map(float, tokens[i : i + 6])
            i += 6
            for k in range(1, steps + 1):
                t = k / steps
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                out.append((a * x0 + b * x1 + c * x2 + e * x3, a * y0 + b * y1 + c * y2 + e * y3))
    return out


def _cross(p, q, r, s) -> bool:  # noqa: ANN001 - segments pq and rs properly intersect
    def side(a, b, c):  # noqa: ANN001
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2, d3, d4 = side(r, s, p), side(r, s, q), side(p, q, r), side(p, q, s)
    return d1 * d2 < 0 and d3 * d4 < 0


def measure(svg: str) -> dict:
    width = float(re.search(r'width="([\d.]+)"', svg).group(1))
    boxes = {m[0]: tuple(map(float, m[1:])) for m in _BOX.findall(svg)}
    edges = [(a, b, _points(d)) for a, b, d in _EDGE.findall(svg)]
    through = 0
    for a, b, points in edges:
        inside = any(
            x + 1 < px < x + w - 1 and y + 1 < py < y + h - 1
            for key, (x, y, w, h) in boxes.items()
            if key not in (a, b)
            for px, py in points
        )
        through += inside
    crossings = 0
    for i, (a, b, p) in enumerate(edges):
        for c, d, q in edges[i + 1 :]:
            if {a, b} & {c, d}:
                continue
            if any(_cross(p[j], p[j + 1], q[k], q[k + 1]) for j in range(len(p) - 1) for k in range(len(q) - 1)):
                crossings += 1
    return {"width": width, "edges": len(edges), "through": through, "crossings": crossings}


def main(site: Path) -> None:
    print("| Topic | Width | Edges | Edges through other boxes | Crossing pairs |")
    print("|---|---|---|---|---|")
    for name, topic in TOPICS.items():
        html = (site / "topics" / topic / "index.html").read_text(encoding="utf-8")
        parts = [measure(svg) for svg in _SVG.findall(html)]
        width = max(m["width"] for m in parts)
        edges, through, crossings = (sum(m[k] for m in parts) for k in ("edges", "through", "crossings"))
        split = f" ({len(parts)} parts)" if len(parts) > 1 else ""
        print(f"| {name} | {width:,.0f} px{split} | {edges} | {through} | {crossings} |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "site"))

"""Lineage diagrams drawn at build time as static SVG (no script): one column per year, one box per
paper (or formula), an arrow from each entry to what builds on it. Labels are escaped here; the
SVG goes into the page after sanitizing, so it is built only from the catalogue's ids and names.
"""

from __future__ import annotations

import dataclasses
import re
from html import escape
from posixpath import relpath

from .link import Site

COLUMN, ROW, BOX_W, BOX_H, PAD = 164, 46, 140, 30, 12


@dataclasses.dataclass(frozen=True)
class Node:
    id: str
    label: str
    column: int | str  # papers: the year; formulas: the depth in the chain
    url: str  # final, relative to the page the diagram is on
    title: str = ""
    external: bool = False  # from another topic: drawn muted


def short(label: str, limit: int = 22) -> str:
    """A box label: without a trailing parenthesis, and cut at a word if still too long."""
    label = re.sub(r"\s*\([^)]*\)$", "", label)
    return label if len(label) <= limit else label[: limit - 1].rsplit(" ", 1)[0] + "…"


def layout(nodes: list[Node], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Top-left corner of every box: one column per `column` value, left to right; within a column,
    boxes are ordered by the mean row of their parents (the barycentre rule), which untangles edges."""
    columns = sorted({n.column for n in nodes}, key=lambda c: (str(type(c)), c))
    parents: dict[str, list[str]] = {}
    for source, target in edges:
        parents.setdefault(target, []).append(source)
    row: dict[str, float] = {}
    positions = {}
    for col, column in enumerate(columns):
        members = [n for n in nodes if n.column == column]
        placed = [row[p] for n in members for p in parents.get(n.id, []) if p in row]
        default = sum(placed) / len(placed) if placed else 0.0

        def barycentre(node: Node, default: float = default) -> float:
            rows = [row[p] for p in parents.get(node.id, []) if p in row]
            return sum(rows) / len(rows) if rows else default

        for i, node in enumerate(sorted(members, key=barycentre)):
            row[node.id] = i
            positions[node.id] = (PAD + col * COLUMN, PAD + 18 + i * ROW)
    return positions


def svg(nodes: list[Node], edges: list[tuple[str, str]], label: str, key: str) -> str:
    """The diagram; edges are (earlier, later) pairs of node ids."""
    if not nodes:
        return ""
    pos = layout(nodes, edges)
    width = max(x for x, _ in pos.values()) + BOX_W + PAD
    height = max(y for _, y in pos.values()) + BOX_H + PAD
    parts = [
        '<svg class="lineage-diagram" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="group" aria-label="{escape(label)}">'
    ]
    headings = {}
    for node in nodes:
        headings.setdefault(node.column, pos[node.id][0])
    for column, x in headings.items():
        parts.append(f'<text class="lineage-year" x="{x + BOX_W / 2:.0f}" y="{PAD + 6}" text-anchor="middle">{escape(str(column))}</text>')
    for source, target in edges:
        (x1, y1), (x2, y2) = pos[source], pos[target]
        if x2 > x1:  # to a later column: from the right edge to the left edge
            a, b = (x1 + BOX_W, y1 + BOX_H / 2), (x2, y2 + BOX_H / 2)
            bend = (b[0] - a[0]) / 2
            d = f"M{a[0]:.0f},{a[1]:.0f} C{a[0] + bend:.0f},{a[1]:.0f} {b[0] - bend:.0f},{b[1]:.0f} {b[0]:.0f},{b[1]:.0f}"
        else:  # same column: a loop on the right side
            a, b = (x1 + BOX_W, y1 + BOX_H / 2), (x2 + BOX_W, y2 + BOX_H / 2)
            d = f"M{a[0]:.0f},{a[1]:.0f} C{a[0] + 24:.0f},{a[1]:.0f} {b[0] + 24:.0f},{b[1]:.0f} {b[0]:.0f},{b[1]:.0f}"
        parts.append(f'<path class="lineage-edge" data-from="{source}" data-to="{target}" d="{d}" marker-end="url(#arrow-{key})"/>')
    for node in nodes:
        x, y = pos[node.id]
        tip = f"<title>{escape(node.title or node.label)}</title>"
        css = "lineage-node lineage-external" if node.external else "lineage-node"
        parts.append(
            f'<a xlink:href="{escape(node.url)}">{tip}<rect class="{css}" x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text class="lineage-label" x="{x + BOX_W / 2:.0f}" y="{y + BOX_H / 2 + 4:.0f}" text-anchor="middle">'
            f"{escape(short(node.label))}</text></a>"
        )
    parts.insert(
        1,
        f'<defs><marker id="arrow-{key}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="lineage-arrowhead"/></marker></defs>',
    )
    parts.append("</svg>")
    return "".join(parts)


PLACEHOLDER = re.compile(r'<div class="lineage" id="lineage-([a-z0-9-]+)"></div>')


def _href(target: str, page_url: str) -> str:
    """A link from the page at page_url (e.g. `topics/x/`) to the directory URL target (e.g. `papers/y/`)."""
    return relpath(target, page_url or ".") + "/"


def for_topic(site: Site, topic_id: str, page_url: str) -> str:
    """The topic's papers linked by `builds_on`, with the papers of other topics they connect to
    (e.g. Faster R-CNN in the segmentation diagram, as Mask R-CNN builds on it)."""
    own = {p.id for p in site.papers_by_topic.get(topic_id, [])}
    edges = sorted({(ref, p.id) for p in site.catalogue.papers for ref in p.builds_on if ref in own or p.id in own})
    linked = {i for edge in edges for i in edge}
    papers = sorted((site.papers[i] for i in linked), key=lambda p: (p.year, p.topic != topic_id, p.short_name.lower()))
    nodes = [Node(p.id, p.short_name, p.year, _href(f"papers/{p.id}/", page_url), p.title, external=p.topic != topic_id) for p in papers]
    return svg(nodes, edges, f"Lineage of the {site.topics[topic_id].title.lower()} papers", topic_id)


def for_formulas(site: Site, page_url: str) -> str:
    formulas = [f for f in site.catalogue.formulas if f.kind == "loss"]
    depth: dict[str, int] = {}

    def level(formula_id: str) -> int:
        if formula_id not in depth:
            parents = site.formulas[formula_id].builds_on
            depth[formula_id] = 1 + max((level(p) for p in parents), default=-1)
        return depth[formula_id]

    edges = [(ref, f.id) for f in formulas for ref in f.builds_on if site.formulas[ref].kind == "loss"]
    linked = {i for edge in edges for i in edge}
    nodes = [Node(f.id, f.name, f"step {level(f.id) + 1}", f"#{f.id}", f.name) for f in formulas if f.id in linked]
    nodes.sort(key=lambda n: (n.column, n.id))
    return svg(nodes, edges, "Lineage of the losses", "formulas")


def fill(html: str, site: Site, page_url: str) -> str:
    """Replace the template's lineage placeholders with diagrams."""

    def diagram(match: re.Match) -> str:
        key = match.group(1)
        drawing = for_formulas(site, page_url) if key == "formulas" else for_topic(site, key, page_url)
        # tabindex: a wide diagram scrolls sideways, and keyboard users must be able to scroll it too
        return f'<figure class="lineage" tabindex="0">{drawing}</figure>' if drawing else ""

    return PLACEHOLDER.sub(diagram, html)

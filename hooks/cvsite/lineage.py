"""Lineage diagrams drawn at build time as static SVG (no script): one box per paper (or formula), an
arrow from each entry to what builds on it, older entries above newer ones.

The layout is grandalf's layered (Sugiyama) layout: we choose the layers, grandalf orders each layer
to reduce crossings and places the boxes; we draw the SVG from its coordinates. An edge that spans
several layers goes through grandalf's dummy points, which sit in gaps between boxes, and each piece
of an edge stays between two layers or inside such a gap, so no edge passes through a box.

Each diagram comes in two widths: at most `WIDE` boxes a row for a desktop column, `NARROW` for a
phone; the stylesheet shows one. Labels are escaped here; the SVG goes into the page after
sanitizing, so it is built only from the catalogue's ids and names.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import json
import random
import re
from html import escape
from pathlib import Path
from posixpath import relpath

from grandalf.graphs import Edge, Vertex, graph_core
from grandalf.layouts import DummyVertex, Layer, SugiyamaLayout

from . import cache
from .link import Site

BOX_W, BOX_H, XSPACE, YSPACE, PAD = 124, 34, 14, 30, 8
DUMMY_W, DUMMY_SPACE = 2, 6  # the gap a long edge takes in a row it crosses; parallel long edges sit 6 px apart
WIDE, NARROW = 4, 2  # boxes a row: 4 fit a 688 px desktop column, 2 a 390 px phone
MAX_WIDTH = {WIDE: 688, NARROW: 340}  # the width each variant must fit


@dataclasses.dataclass(frozen=True)
class Node:
    id: str
    label: str
    year: int | str  # papers: the year; formulas: the depth in the chain
    url: str  # final, relative to the page the diagram is on
    title: str = ""
    external: bool = False  # from another topic: drawn muted
    current: bool = False  # the paper whose page this is


def short(label: str, limit: int = 19) -> str:
    """A box label: without a trailing parenthesis, and cut at a word if still too long."""
    label = re.sub(r"\s*\([^)]*\)$", "", label)
    return label if len(label) <= limit else label[: limit - 1].rsplit(" ", 1)[0] + "…"


def layers(nodes: list[Node], edges: list[tuple[str, str]], per_row: int, slack: float = 0) -> dict[str, int]:
    """The row of every node: below all its parents; a node without parents just above its first
    child; never more than `per_row` boxes a row (the newest move down a row, and their children with them)."""
    parents: dict[str, list[str]] = {n.id: [] for n in nodes}
    children: dict[str, list[str]] = {n.id: [] for n in nodes}
    for a, b in edges:
        parents[b].append(a)
        children[a].append(b)
    order = {n.id: i for i, n in enumerate(nodes)}
    nodes = _topological(nodes, parents)
    rank: dict[str, int] = {}
    for n in nodes:
        rank[n.id] = max((rank[p] + 1 for p in parents[n.id]), default=0)
    for n in reversed(nodes):  # sources sink to just above their first child
        if not parents[n.id] and children[n.id]:
            rank[n.id] = min(rank[c] for c in children[n.id]) - 1
    lowest = min(rank.values())
    rank = {k: v - lowest for k, v in rank.items()}
    budget = MAX_WIDTH[per_row] - 2 * PAD - slack
    row = 0
    while row <= max(rank.values()):
        while True:
            members = sorted((k for k, v in rank.items() if v == row), key=order.get)
            passing = sum(1 for a, b in edges if rank[a] < row < rank[b])  # long edges take a gap in the row
            used = len(members) * (BOX_W + XSPACE) + passing * (DUMMY_W + DUMMY_SPACE) + XSPACE
            if len(members) <= 1 or (len(members) <= per_row and used <= budget):
                break
            rank[members[-1]] += 1  # the newest moves down a row, and what builds on it with it
            for n in nodes:
                rank[n.id] = max([rank[n.id]] + [rank[p] + 1 for p in parents[n.id]])
        row += 1
    return rank


def _topological(nodes: list[Node], parents: dict[str, list[str]]) -> list[Node]:
    """Parents first; otherwise the given order (by year)."""
    done: set[str] = set()
    out: list[Node] = []
    pending = list(nodes)
    while pending:
        ready = next(n for n in pending if all(p in done for p in parents[n.id]))
        pending.remove(ready)
        done.add(ready.id)
        out.append(ready)
    return out


class _Layout(SugiyamaLayout):
    """grandalf's layout with our layers instead of its longest-path ranking."""

    def __init__(self, graph: graph_core, ranks: dict[Vertex, int]):
        super().__init__(graph)
        self._ranks = ranks
        self.xspace, self.yspace = XSPACE, YSPACE
        self.dw, self.dh = DUMMY_W, BOX_H  # dummy points (long edges) are narrow

    def rank_all(self, roots, optimize=False):  # noqa: ANN001, ARG002 - grandalf's signature
        self.layers = [Layer([]) for _ in range(max(self._ranks.values()) + 1)]
        for vertex, rank in sorted(self._ranks.items(), key=lambda item: item[1]):
            self.grx[vertex].rank = rank
            self.layers[rank].append(vertex)


class _View:
    def __init__(self, w: float, h: float):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


class _EdgeView:
    def setpath(self, points):  # noqa: ANN001
        self.points = points


def _components(nodes: list[Node], edges: list[tuple[str, str]]) -> list[tuple[list[Node], list[tuple[str, str]]]]:
    """The connected parts of the graph, in the order of their first node."""
    part = {n.id: n.id for n in nodes}

    def find(i: str) -> str:
        while part[i] != i:
            part[i] = part[part[i]]
            i = part[i]
        return i

    for a, b in edges:
        part[find(a)] = find(b)
    groups: dict[str, tuple[list[Node], list[tuple[str, str]]]] = {}
    for n in nodes:
        groups.setdefault(find(n.id), ([], []))[0].append(n)
    for a, b in edges:
        groups[find(a)][1].append((a, b))
    return list(groups.values())


@dataclasses.dataclass
class _Part:
    """One connected part laid out: left x of each box and of each long edge's gap in the rows it crosses."""

    x: dict[str, float]
    row: dict[str, int]
    routes: dict[tuple[str, str], list[float]]
    width: float
    rows: int
    crossings: int


def _layout_part(nodes: list[Node], edges: list[tuple[str, str]], per_row: int, slack: float) -> _Part:
    rank = layers(nodes, edges, per_row, slack)
    vertices = {n.id: Vertex(n.id) for n in nodes}
    for v in vertices.values():
        v.view = _View(BOX_W, BOX_H)
    graph_edges = {(a, b): Edge(vertices[a], vertices[b]) for a, b in edges}
    # one connected part, built with its edges in our order (grandalf's Graph collects a part's edges
    # in a set, whose order changes from run to run: the build would not be reproducible)
    graph = graph_core(list(vertices.values()), list(graph_edges.values()))
    layout = _Layout(graph, {v: rank[k] for k, v in vertices.items()})
    layout.init_all()
    for _ in range(4):  # grandalf's crossing reduction: the order of the boxes in each row
        for _step in layout.ordering_step():
            pass
    xs, crossings = _coordinates(layout)
    left = min(xs.values())
    routes = {}
    for (a, b), e in graph_edges.items():
        ctrl = layout.ctrls.get(e, {})
        routes[(a, b)] = [xs[ctrl[r]] + DUMMY_W / 2 - left for r in sorted(ctrl)[1:-1]]
    width = max(xs[v] + v.view.w for v in xs) - left
    return _Part({k: xs[v] - left for k, v in vertices.items()}, rank, routes, width, len(layout.layers), crossings)


def _best_part(nodes: list[Node], edges: list[tuple[str, str]], per_row: int) -> _Part:
    """The part laid out with a few budgets of room a row (the estimate misses the gaps between long
    edges and boxes): the one that fits with the fewest crossings, then the fewest rows, wins. The
    layout depends only on the shape of the part, so equal shapes are laid out once (cached)."""
    index = {n.id: i for i, n in enumerate(nodes)}
    shape = _shaped(len(nodes), tuple((index[a], index[b]) for a, b in edges), per_row)
    ids = [n.id for n in nodes]
    return _Part(
        {ids[i]: x for i, x in shape.x.items()},
        {ids[i]: r for i, r in shape.row.items()},
        {(ids[a], ids[b]): xs for (a, b), xs in shape.routes.items()},
        shape.width,
        shape.rows,
        shape.crossings,
    )


# A shape's layout depends on this module's code and on grandalf: they are the cache's version.
_CACHE = cache.DiskCache("lineage", cache.fingerprint(Path(__file__).read_bytes(), importlib.metadata.version("grandalf")))


@functools.lru_cache(maxsize=4096)
def _shaped(count: int, edges: tuple[tuple[int, int], ...], per_row: int) -> _Part:
    key = json.dumps([count, edges, per_row])
    stored = _CACHE.get(key)
    if stored is None:
        part = _laid_out(count, edges, per_row)
        stored = [list(part.x.items()), list(part.row.items()), [[list(k), v] for k, v in part.routes.items()],
                  part.width, part.rows, part.crossings]  # lists: the orders stay as computed
        _CACHE.put(key, stored)
    x, row, routes, width, rows, crossings = stored
    return _Part({int(k): v for k, v in x}, {int(k): v for k, v in row}, {(a, b): v for (a, b), v in routes}, width, rows, crossings)


def _laid_out(count: int, edges: tuple[tuple[int, int], ...], per_row: int) -> _Part:
    nodes = [Node(str(i), "", 0, "") for i in range(count)]
    pairs = [(str(a), str(b)) for a, b in edges]
    room = MAX_WIDTH[per_row] - 2 * PAD
    tries: list[_Part] = []
    for slack in range(0, 200, 40):
        tries.append(_layout_part(nodes, pairs, per_row, slack))
        if tries[-1].width <= room and tries[-1].crossings == 0:
            break
    part = min(tries, key=lambda t: (t.width > room, t.crossings, t.rows, t.width))
    return _Part(
        {int(k): x for k, x in part.x.items()},
        {int(k): r for k, r in part.row.items()},
        {(int(a), int(b)): xs for (a, b), xs in part.routes.items()},
        part.width,
        part.rows,
        part.crossings,
    )


def place(nodes: list[Node], edges: list[tuple[str, str]], per_row: int) -> tuple[dict[str, tuple[float, float]], dict, float, float]:
    """Top-left corner of every box, the route of every edge (points between rows), width, height.

    Parts sit side by side while they fit, else below."""
    room = MAX_WIDTH[per_row] - 2 * PAD
    corners: dict[str, tuple[float, float]] = {}
    routes: dict[tuple[str, str], list[float]] = {}
    band_x, band_row, band_rows = 0.0, 0, 0
    for part_nodes, part_edges in _components(nodes, edges):
        part = _best_part(part_nodes, part_edges, per_row)
        if band_x and band_x + part.width > room:
            band_x, band_row, band_rows = 0.0, band_row + band_rows, 0
        for k, x in part.x.items():
            corners[k] = (PAD + band_x + x, PAD + (band_row + part.row[k]) * (BOX_H + YSPACE))
        for key, xs in part.routes.items():
            routes[key] = [PAD + band_x + x for x in xs]
        band_x += part.width + XSPACE
        band_rows = max(band_rows, part.rows)
    width = max([x + BOX_W for x, _ in corners.values()] + [x + DUMMY_W for xs in routes.values() for x in xs]) + PAD
    height = max(y for _, y in corners.values()) + BOX_H + PAD
    # an edge: from the bottom of its source, through each dummy point (the gap it takes in each row
    # in between), to the top of its target
    paths = {}
    for (a, b), xs in routes.items():
        (xa, ya), (xb, yb) = corners[a], corners[b]
        points = [(xa + BOX_W / 2, ya + BOX_H)]
        for i, x in enumerate(xs, start=1):
            top = ya + i * (BOX_H + YSPACE)
            points += [(x, top), (x, top + BOX_H)]
        points.append((xb + BOX_W / 2, yb))
        paths[(a, b)] = points
    _spread_ports(paths)
    return corners, paths, width, height


def _spread_ports(paths: dict[tuple[str, str], list[tuple[float, float]]]) -> None:
    """Edges leaving (or reaching) a box start (or end) at points spread along its bottom (or top),
    in the order of where they go, instead of all at its centre: fewer overlaps, separate arrowheads."""
    out: dict[str, list[tuple[str, str]]] = {}
    into: dict[str, list[tuple[str, str]]] = {}
    for a, b in paths:
        out.setdefault(a, []).append((a, b))
        into.setdefault(b, []).append((a, b))
    for groups, end, toward, step in ((out, 0, 1, 8), (into, -1, -2, 12)):  # arrowheads need more room
        for keys in groups.values():
            if len(keys) < 2:
                continue
            keys.sort(key=lambda k: paths[k][toward][0])
            span = min(BOX_W - 24, step * (len(keys) - 1))
            for i, k in enumerate(keys):
                x, y = paths[k][end]
                paths[k][end] = (x - span / 2 + span * i / (len(keys) - 1), y)


def _crossings(upper: list, lower: list, neighbours: dict) -> int:
    """Pairs of edges between two adjacent rows that cross (edges sharing an end do not)."""
    at = {v: i for i, v in enumerate(lower)}
    ends = sorted((i, at[w]) for i, v in enumerate(upper) for w in neighbours[v][1])
    return sum(1 for k, (a, b) in enumerate(ends) for c, d in ends[k + 1 :] if a < c and b > d)


def _fewer_crossings(rows: list[list], neighbours: dict, restarts: int = 6) -> tuple[list[list], int]:
    """Improve grandalf's order: from it and from a few shuffled orders (seeded: the build is
    reproducible), barycentre sweeps down and up, then swaps of neighbours in a row while a swap
    removes crossings. The order with the fewest crossings wins."""

    def total(rows: list[list]) -> int:
        return sum(_crossings(a, b, neighbours) for a, b in zip(rows, rows[1:], strict=False))

    def refine(start: list[list]) -> tuple[list[list], int]:
        best, best_count = [list(r) for r in start], total(start)
        current = [list(r) for r in start]
        for sweep in range(12):
            down = sweep % 2 == 0
            for i in range(1, len(current)) if down else range(len(current) - 2, -1, -1):
                other = {v: k for k, v in enumerate(current[i - 1 if down else i + 1])}
                side = 0 if down else 1

                def barycentre(item: tuple[int, object], other: dict = other, side: int = side) -> float:
                    k, v = item
                    near = [other[w] for w in neighbours[v][side]]
                    return sum(near) / len(near) if near else k

                current[i] = [v for _, v in sorted(enumerate(current[i]), key=barycentre)]
            count = total(current)
            if count < best_count:
                best, best_count = [list(r) for r in current], count
        improved = True
        while improved:
            improved = False
            for i, row in enumerate(best):
                for j in range(len(row) - 1):
                    swapped = row[:j] + [row[j + 1], row[j]] + row[j + 2 :]
                    if local(best, i, swapped) < local(best, i, row):
                        best[i] = row = swapped
                        improved = True
        return best, total(best)

    def local(rows: list[list], i: int, row: list) -> int:
        above = _crossings(rows[i - 1], row, neighbours) if i else 0
        return above + (_crossings(row, rows[i + 1], neighbours) if i + 1 < len(rows) else 0)

    shuffle = random.Random(0)
    starts = [rows]
    for _ in range(restarts if sum(map(len, rows)) < 200 else 0):  # big parts: grandalf's order only
        starts.append([shuffle.sample(r, len(r)) for r in rows])
    return min((refine(start) for start in starts), key=lambda result: result[1])


def _coordinates(layout: _Layout) -> tuple[dict, int]:
    """The left x of every box and dummy point: rows in grandalf's order, each item pulled towards the
    mean of its neighbours in the row above (then below, then above again), never closer than XSPACE."""
    rows = [list(layer) for layer in layout.layers]
    neighbours: dict = {v: ([], []) for row in rows for v in row}  # (above, below)
    for e in layout.g.sE:
        ctrl = layout.ctrls.get(e) or {layout.grx[e.v[0]].rank: e.v[0], layout.grx[e.v[1]].rank: e.v[1]}
        chain = [ctrl[r] for r in sorted(ctrl)]
        for upper, lower in zip(chain, chain[1:], strict=False):
            neighbours[lower][0].append(upper)
            neighbours[upper][1].append(lower)
    rows, crossings = _fewer_crossings(rows, neighbours)

    def gap(a, b) -> float:  # noqa: ANN001
        return DUMMY_SPACE if isinstance(a, DummyVertex) and isinstance(b, DummyVertex) else XSPACE

    def packed(row: list) -> float:
        return sum(v.view.w for v in row) + sum(gap(a, b) for a, b in zip(row, row[1:], strict=False))

    width = max(map(packed, rows))
    x: dict = {}
    for row in rows:  # start packed and centred
        start = (width - packed(row)) / 2
        for i, v in enumerate(row):
            x[v] = start
            start += v.view.w + (gap(v, row[i + 1]) if i + 1 < len(row) else 0)

    def centre(v) -> float:  # noqa: ANN001
        return x[v] + v.view.w / 2

    for side, sweep in ((0, rows[1:]), (1, rows[-2::-1]), (0, rows[1:])):
        for row in sweep:
            wanted = [
                (sum(map(centre, neighbours[v][side])) / len(neighbours[v][side]) - v.view.w / 2) if neighbours[v][side] else x[v]
                for v in row
            ]
            placed, edge = [], 0.0
            for i, (v, want) in enumerate(zip(row, wanted, strict=True)):
                placed.append(max(want, edge))
                edge = placed[-1] + v.view.w + (gap(v, row[i + 1]) if i + 1 < len(row) else 0)
            edge = width
            for i in range(len(row) - 1, -1, -1):  # pushed back from the right where it overflowed
                placed[i] = min(placed[i], edge - row[i].view.w)
                edge = placed[i] - (gap(row[i - 1], row[i]) if i else 0)
            for v, value in zip(row, placed, strict=True):
                x[v] = value
    return x, crossings


def _path(points: list[tuple[float, float]]) -> str:
    """Straight down through a row's gap, a vertical S-curve between rows (it stays between them)."""
    (x, y), rest = points[0], points[1:]
    d = f"M{x:.1f},{y:.1f}"
    for i, (x2, y2) in enumerate(rest):
        if i % 2 == 1:  # inside a row, through a dummy point's gap
            d += f" L{x2:.1f},{y2:.1f}"
        else:
            middle = (y + y2) / 2
            d += f" C{x:.1f},{middle:.1f} {x2:.1f},{middle:.1f} {x2:.1f},{y2:.1f}"
        x, y = x2, y2
    return d


def svg(nodes: list[Node], edges: list[tuple[str, str]], label: str, key: str, per_row: int = WIDE) -> str:
    """One diagram; edges are (earlier, later) pairs of node ids."""
    if not nodes:
        return ""
    corners, paths, width, height = place(nodes, edges, per_row)
    variant = "wide" if per_row == WIDE else "narrow"
    marker = f"arrow-{key}-{variant}"
    parts = [
        f'<svg class="lineage-diagram lineage-{variant}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="group" aria-label="{escape(label)}">',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="lineage-arrowhead"/></marker></defs>',
    ]
    for (source, target), points in paths.items():
        parts.append(
            f'<path class="lineage-edge" data-from="{source}" data-to="{target}" d="{_path(points)}" marker-end="url(#{marker})"/>'
        )
    for node in nodes:
        x, y = corners[node.id]
        css = "lineage-node" + (" lineage-external" if node.external else "") + (" lineage-current" if node.current else "")
        parts.append(
            f'<a xlink:href="{escape(node.url)}"><title>{escape(node.title or node.label)}</title>'
            f'<rect class="{css}" x="{x:.0f}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<text class="lineage-label" x="{x + BOX_W / 2:.0f}" y="{y + 15:.0f}" text-anchor="middle">{escape(short(node.label))}</text>'
            f'<text class="lineage-year" x="{x + BOX_W / 2:.0f}" y="{y + 28:.0f}" text-anchor="middle">{escape(str(node.year))}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def both(nodes: list[Node], edges: list[tuple[str, str]], label: str, key: str) -> str:
    """The desktop and the phone layout; the stylesheet shows one of them."""
    return _both(tuple(nodes), tuple(edges), label, key)


@functools.lru_cache(maxsize=4096)  # a serve rebuild draws again only the diagrams whose papers changed
def _both(nodes: tuple[Node, ...], edges: tuple[tuple[str, str], ...], label: str, key: str) -> str:
    return svg(list(nodes), list(edges), label, key, WIDE) + svg(list(nodes), list(edges), label, key, NARROW)


PLACEHOLDER = re.compile(r'<div class="lineage( lineage-paper)?" id="lineage-([a-z0-9-]+)"></div>')


def _href(target: str, page_url: str) -> str:
    """A link from the page at page_url (e.g. `topics/x/`) to the directory URL target (e.g. `papers/y/`)."""
    return relpath(target, page_url or ".") + "/"


def _paper_nodes(site: Site, ids: set[str], page_url: str, topic_id: str, current: str = "") -> list[Node]:
    papers = sorted((site.papers[i] for i in ids), key=lambda p: (p.year, p.topic != topic_id, p.short_name.lower()))
    return [
        Node(p.id, p.short_name, p.year, _href(f"papers/{p.id}/", page_url), p.title, external=p.topic != topic_id, current=p.id == current)
        for p in papers
    ]


def topic_parts(site: Site, topic_id: str, page_url: str = "") -> list[tuple[str, list[Node], list[tuple[str, str]]]]:
    """A topic's lineage in two readable parts: how its papers build on each other, and what they take
    from papers of other topics (e.g. Faster R-CNN for Mask R-CNN in segmentation). What builds on
    the topic from elsewhere is drawn on that topic's page. Every `builds_on` link of the topic's
    papers is in one of the two."""
    own = {p.id for p in site.papers_by_topic.get(topic_id, [])}
    edges = {(ref, p.id) for p in site.catalogue.papers if p.id in own for ref in p.builds_on}
    inside = sorted(e for e in edges if e[0] in own)
    outside = sorted(e for e in edges if e[0] not in own)
    parts = []
    for title, part in (("Within the topic", inside), ("From other topics", outside)):
        linked = {i for edge in part for i in edge}
        if part:
            nodes = _paper_nodes(site, linked, page_url, topic_id)
            order = {n.id: i for i, n in enumerate(nodes)}
            parts.append((title, nodes, sorted(part, key=lambda e: (order[e[0]], order[e[1]]))))
    return parts


MAX_FOLLOWERS = 8  # a paper page draws at most this many of the papers that build on it; "Read next" lists all


def drawn_followers(site: Site, paper_id: str) -> list:
    """The papers that build on this one and that its own diagram draws: its topic's first, then the
    earliest, at most MAX_FOLLOWERS (ResNet has dozens, and a phone column holds two boxes a row)."""
    topic = site.papers[paper_id].topic
    followers = sorted(site.followers.get(paper_id, []), key=lambda p: (p.topic != topic, p.year, p.id))
    return followers[:MAX_FOLLOWERS]


def paper_graph(site: Site, paper_id: str, page_url: str = "") -> tuple[list[Node], list[tuple[str, str]]]:
    """A paper between what it builds on (above) and what builds on it (below): its own links only."""
    paper = site.papers[paper_id]
    edges = [(ref, paper_id) for ref in paper.builds_on] + [(paper_id, p.id) for p in drawn_followers(site, paper_id)]
    nodes = _paper_nodes(site, {paper_id, *(i for e in edges for i in e)}, page_url, paper.topic, current=paper_id)
    return nodes, edges


def formula_graph(site: Site, page_url: str = "") -> tuple[list[Node], list[tuple[str, str]]]:
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
    nodes.sort(key=lambda n: (n.year, n.id))
    return nodes, edges


def for_topic(site: Site, topic_id: str, page_url: str) -> str:
    name = site.topics[topic_id].title.lower()
    figures = []
    for i, (title, nodes, edges) in enumerate(topic_parts(site, topic_id, page_url)):
        label = f"Lineage of the {name} papers: {title.lower()}"
        figures.append(f"<figcaption>{escape(title)}</figcaption>" + both(nodes, edges, label, f"{topic_id}-{i}"))
    return "".join(f'<figure class="lineage">{figure}</figure>' for figure in figures)


def for_paper(site: Site, paper_id: str, page_url: str) -> str:
    nodes, edges = paper_graph(site, paper_id, page_url)
    drawing = both(nodes, edges, f"What {site.papers[paper_id].short_name} builds on and what builds on it", f"paper-{paper_id}")
    more = len(site.followers.get(paper_id, [])) - MAX_FOLLOWERS
    if more > 0:
        drawing += f'<p class="lineage-more">And {more} more papers build on it: all are listed under Read next.</p>'
    return drawing


def for_formulas(site: Site, page_url: str) -> str:
    nodes, edges = formula_graph(site, page_url)
    return both(nodes, edges, "Lineage of the losses", "formulas")


def fill(html: str, site: Site, page_url: str) -> str:
    """Replace the templates' lineage placeholders with diagrams."""

    def diagram(match: re.Match) -> str:
        paper, key = match.group(1), match.group(2)
        if key != "formulas" and not paper:
            return for_topic(site, key, page_url)  # figures already
        drawing = for_paper(site, key, page_url) if paper else for_formulas(site, page_url)
        return f'<figure class="lineage">{drawing}</figure>' if drawing else ""

    return PLACEHOLDER.sub(diagram, html)

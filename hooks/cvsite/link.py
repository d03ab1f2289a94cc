"""Stage 3: resolve cross-references between entries and compute the backlinks.

The result, `Site`, is everything the templates need: the catalogue plus lookups by id, backlinks
and the BibTeX text of every paper.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .bib import Bibliography
from .latex import check as check_latex
from .load import CatalogueError, Mapping, Problem, field_name, line_of
from .model import UNITS, Benchmark, Catalogue, Correction, FaqEntry, Formula, Link, Notion, Paper, Result, Topic
from .urls import normalize_url


@dataclasses.dataclass(frozen=True)
class Standing:
    """One result on its benchmark: its rank among the catalogue's results there (ties share a rank)."""

    benchmark: Benchmark
    paper: Paper
    result: Result
    rank: int
    total: int


@dataclasses.dataclass
class Site:
    catalogue: Catalogue
    bibliography: Bibliography
    topics: dict[str, Topic]
    notions: dict[str, Notion]
    formulas: dict[str, Formula]
    papers: dict[str, Paper]
    faq: dict[str, FaqEntry]
    papers_by_topic: dict[str, list[Paper]]
    papers_using_formula: dict[str, list[Paper]]
    papers_using_notion: dict[str, list[Paper]]
    followers: dict[str, list[Paper]]  # papers that build on a paper
    formula_followers: dict[str, list[Formula]]
    benchmarks: dict[str, Benchmark] = dataclasses.field(default_factory=dict)
    standings: dict[str, list[Standing]] = dataclasses.field(default_factory=dict)  # benchmark id -> best first

    def standing(self, paper: Paper, result: Result) -> Standing:
        return next(s for s in self.standings[result.benchmark] if s.paper.id == paper.id and s.result == result)

    def links(self) -> Iterator[tuple[str, Link]]:
        """Every link of the catalogue, with the id of what it belongs to."""
        for topic in self.catalogue.topics:
            for link in topic.resources:
                yield f"topics/{topic.id}", link
        for group, entries in (("notions", self.catalogue.notions), ("formulas", self.catalogue.formulas), ("faq", self.catalogue.faq)):
            for entry in entries:
                for link in entry.resources:
                    yield f"{group}/{entry.id}", link
        for paper in self.catalogue.papers:
            for link in paper.explainers:
                yield f"papers/{paper.id}", link

    def corrections(self) -> list[tuple[str, str, Correction]]:
        """Every correction as (owner id like `papers/resnet`, the owner's name, correction), newest
        first; ties by owner id, then in the order written."""
        cat = self.catalogue
        owners = [(f"papers/{p.id}", p.short_name, p) for p in cat.papers]
        owners += [(f"formulas/{f.id}", f.name, f) for f in cat.formulas]
        owners += [(f"notions/{n.id}", n.title, n) for n in cat.notions]
        owners += [(f"faq/{q.id}", q.question, q) for q in cat.faq]
        found = [(key, name, c) for key, name, entry in owners for c in entry.corrections]
        return sorted(found, key=lambda item: (-item[2].date.toordinal(), item[0]))


def unknown_id(value: str, known: dict, kind: str, listed: bool = True) -> str:
    """"unknown topic id 'detection'; did you mean 'object-detection'? Known topic ids: ..." (all of them,
    or, for a long list such as the benchmarks, where to add a new one)."""
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    close += [k for k in sorted(known) if value in k and k not in close][: 3 - len(close)]  # 'detr' -> 'deformable-detr'
    if not listed:
        guess = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else f"add it under `{kind}s:` or use an existing id"
        return f"unknown {kind} id '{value}'; {guess}"
    guess = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else "."
    return f"unknown {kind} id '{value}'{guess} Known {kind} ids: {', '.join(sorted(known))}"


def _problem(data: Mapping, file: str, loc: tuple, message: str) -> Problem:
    return Problem(file, line_of(data, loc), field_name(data, loc), message)


def _index(items, kind: str, data: Mapping, file: str, problems: list[Problem]) -> dict:
    seen: dict = {}
    for i, item in enumerate(items):
        if item.id in seen:
            problems.append(_problem(data, file, (kind, i, "id"), f"duplicate id '{item.id}'; ids must be unique among {kind}"))
        seen.setdefault(item.id, item)
    return seen


def link(catalogue: Catalogue, data: Mapping, file: str, bibliography: Bibliography) -> Site:
    """Check every reference and build the Site, or raise CatalogueError listing every problem."""
    problems: list[Problem] = []
    topics = _index(catalogue.topics, "topics", data, file, problems)
    notions = _index(catalogue.notions, "notions", data, file, problems)
    formulas = _index(catalogue.formulas, "formulas", data, file, problems)
    papers = _index(catalogue.papers, "papers", data, file, problems)
    faq = _index(catalogue.faq, "faq", data, file, problems)
    benchmarks = _index(catalogue.benchmarks, "benchmarks", data, file, problems)

    def check(loc: tuple, value: str | None, known: dict, kind: str) -> None:
        if value is not None and value not in known:
            problems.append(_problem(data, file, loc, unknown_id(value, known, kind)))

    for i, notion in enumerate(catalogue.notions):
        check(("notions", i, "topic"), notion.topic, topics, "topic")
    for i, entry in enumerate(catalogue.faq):
        check(("faq", i, "topic"), entry.topic, topics, "topic")
        if entry.id in topics:  # the FAQ page's group anchors are the topic ids
            message = f"'{entry.id}' is a topic id, the anchor of a group on the FAQ page; choose another id"
            problems.append(_problem(data, file, ("faq", i, "id"), message))
    for i, formula in enumerate(catalogue.formulas):
        check(("formulas", i, "topic"), formula.topic, topics, "topic")
        check(("formulas", i, "paper"), formula.paper, papers, "paper")
        for j, ref in enumerate(formula.builds_on):
            check(("formulas", i, "builds_on", j), ref, formulas, "formula")
    seen_arxiv: dict[str, str] = {}
    seen_bibtex: dict[str, str] = {}
    for i, paper in enumerate(catalogue.papers):
        check(("papers", i, "topic"), paper.topic, topics, "topic")
        for field, known, kind in (("builds_on", papers, "paper"), ("formulas", formulas, "formula"), ("notions", notions, "notion")):
            for j, ref in enumerate(getattr(paper, field)):
                check(("papers", i, field, j), ref, known, kind)
        if paper.id in paper.builds_on:
            problems.append(_problem(data, file, ("papers", i, "builds_on"), "a paper cannot build on itself"))
        if paper.arxiv and paper.arxiv in seen_arxiv:
            problems.append(
                _problem(data, file, ("papers", i, "arxiv"), f"arXiv id {paper.arxiv} is already the paper '{seen_arxiv[paper.arxiv]}'")
            )
        if paper.arxiv:
            seen_arxiv.setdefault(paper.arxiv, paper.id)
        loc = ("papers", i, "bibtex")
        if paper.bibtex not in bibliography.entries:
            problems.append(_problem(data, file, loc, f"BibTeX key '{paper.bibtex}' is not in {bibliography.file}; add the entry there"))
        elif paper.bibtex in seen_bibtex:
            problems.append(_problem(data, file, loc, f"BibTeX key '{paper.bibtex}' is already the paper '{seen_bibtex[paper.bibtex]}'"))
        seen_bibtex.setdefault(paper.bibtex, paper.id)
        if not paper.arxiv and not paper.url:
            problems.append(_problem(data, file, ("papers", i), "a paper needs `arxiv` or, when it has no arXiv id, `url`"))
    for i, bench in enumerate(catalogue.benchmarks):
        check(("benchmarks", i, "task"), bench.task, topics, "topic")
        check(("benchmarks", i, "formula"), bench.formula, formulas, "formula")
    problems += _check_results(catalogue, benchmarks, data, file)
    problems += _cycles(catalogue.papers, "papers", data, file)
    problems += _cycles(catalogue.formulas, "formulas", data, file)
    problems += _duplicate_links(catalogue, data, file)
    problems += check_latex(catalogue, data, file)
    if problems:
        raise CatalogueError(sorted(problems, key=lambda p: p.line))

    papers_by_topic = defaultdict(list)
    using_formula, using_notion, followers = defaultdict(list), defaultdict(list), defaultdict(list)
    formula_followers = defaultdict(list)
    ordered = sorted(catalogue.papers, key=lambda p: (p.year, p.short_name.lower()))
    for paper in ordered:
        papers_by_topic[paper.topic].append(paper)
        for ref in paper.formulas:
            using_formula[ref].append(paper)
        for ref in paper.notions:
            using_notion[ref].append(paper)
        for ref in paper.builds_on:
            followers[ref].append(paper)
    for formula in catalogue.formulas:
        if formula.paper and papers[formula.paper] not in using_formula[formula.id]:
            using_formula[formula.id].insert(0, papers[formula.paper])
        for ref in formula.builds_on:
            formula_followers[ref].append(formula)
    return Site(
        catalogue,
        bibliography,
        topics,
        notions,
        formulas,
        papers,
        faq,
        papers_by_topic,
        using_formula,
        using_notion,
        followers,
        formula_followers,
        benchmarks,
        standings(catalogue, benchmarks),
    )


def standings(catalogue: Catalogue, benchmarks: dict[str, Benchmark]) -> dict[str, list[Standing]]:
    """Every benchmark's results, best first; equal values share a rank (1, 2, 2, 4)."""
    rows: dict[str, list[tuple[Paper, Result]]] = {b: [] for b in benchmarks}
    for paper in catalogue.papers:
        for result in paper.results:
            rows[result.benchmark].append((paper, result))
    out = {}
    for bench_id, pairs in rows.items():
        bench = benchmarks[bench_id]
        sign = -1 if bench.higher_is_better else 1
        pairs.sort(key=lambda pr: (sign * pr[1].value, pr[0].year, pr[0].short_name.lower(), pr[1].setting or ""))
        ranked, rank = [], 0
        for i, (paper, result) in enumerate(pairs):
            if i == 0 or result.value != pairs[i - 1][1].value:
                rank = i + 1
            ranked.append(Standing(bench, paper, result, rank, len(pairs)))
        out[bench_id] = ranked
    return out


def _in_range(value: float, unit: str) -> str | None:
    """None when value is allowed in unit, else what was expected."""
    low, high, expected = UNITS[unit]
    whole = unit in ("count", "rank")
    if (low is not None and value < low) or (high is not None and value > high) or (whole and value != int(value)):
        return expected
    if low == 0 and unit in ("×", "fps", "Hz") and value == 0:
        return expected
    return None


def _check_results(catalogue: Catalogue, benchmarks: dict[str, Benchmark], data: Mapping, file: str) -> list[Problem]:
    """Each result names a known benchmark, has a value in range for its unit, and is not there twice;
    each benchmark has at least one result."""
    problems, used = [], set()
    for i, paper in enumerate(catalogue.papers):
        seen: dict[tuple, int] = {}
        for j, result in enumerate(paper.results):
            loc = ("papers", i, "results", j)
            bench = benchmarks.get(result.benchmark)
            if bench is None:
                message = unknown_id(result.benchmark, benchmarks, "benchmark", listed=False)
                problems.append(_problem(data, file, (*loc, "benchmark"), message))
                continue
            used.add(bench.id)
            expected = _in_range(result.value, bench.unit)
            if expected:
                message = f"{result.value:g} is out of range for the unit '{bench.unit}' of benchmark '{bench.id}'; expected {expected}"
                problems.append(_problem(data, file, (*loc, "value"), message))
            key = (result.benchmark, " ".join((result.setting or "").split()).casefold())
            if key in seen:
                message = f"the same benchmark and setting as results[{seen[key]}]; a paper reports one value per benchmark and setting"
                problems.append(_problem(data, file, loc, message))
            seen.setdefault(key, j)
    for i, bench in enumerate(catalogue.benchmarks):
        if bench.id not in used:
            message = f"benchmark '{bench.id}' has no result; remove it or add a paper's result that uses it"
            problems.append(_problem(data, file, ("benchmarks", i, "id"), message))
    return problems


def _cycles(entries, kind: str, data: Mapping, file: str) -> list[Problem]:
    """`builds_on` must lead back in time: a cycle (a builds on b ... builds on a) has no first entry
    to read. Each cycle is reported once, at the `builds_on` item that closes it."""
    position = {entry.id: i for i, entry in enumerate(entries)}
    refs = {entry.id: [r for r in entry.builds_on if r in position and r != entry.id] for entry in entries}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []
    problems, seen = [], set()

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for ref in refs[node]:
            if state.get(ref) == 1:
                cycle = path[path.index(ref) :]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    loc = (kind, position[node], "builds_on", entries[position[node]].builds_on.index(ref))
                    chain = " -> ".join([*cycle, ref])
                    problems.append(_problem(data, file, loc, f"a cycle in builds_on: {chain} (each builds on the next); remove one link"))
            elif ref not in state:
                visit(ref)
        path.pop()
        state[node] = 2

    for entry in entries:
        if entry.id not in state:
            visit(entry.id)
    return problems


def _duplicate_links(catalogue: Catalogue, data: Mapping, file: str) -> list[Problem]:
    """The same URL twice in one list (after normalization) is a mistake, not emphasis."""
    problems = []
    lists = [("topics", i, "resources", t.resources) for i, t in enumerate(catalogue.topics)]
    lists += [("notions", i, "resources", n.resources) for i, n in enumerate(catalogue.notions)]
    lists += [("formulas", i, "resources", f.resources) for i, f in enumerate(catalogue.formulas)]
    lists += [("faq", i, "resources", q.resources) for i, q in enumerate(catalogue.faq)]
    lists += [("papers", i, "explainers", p.explainers) for i, p in enumerate(catalogue.papers)]
    for kind, i, field, links in lists:
        seen: dict[str, int] = {}
        for j, item in enumerate(links):
            key = normalize_url(item.url)
            if key in seen:
                problems.append(
                    _problem(data, file, (kind, i, field, j, "url"), f"the same link as {field}[{seen[key]}] (after normalization: {key})")
                )
            seen.setdefault(key, j)
    return problems


def load_site(resources: Path, bib: Path) -> Site:
    """The whole front of the pipeline: read, validate, link. Raises CatalogueError."""
    from .load import read, validate

    data = read(resources)
    catalogue = validate(data, resources.name)
    bibliography = Bibliography.read(bib)
    return link(catalogue, data, resources.name, bibliography)

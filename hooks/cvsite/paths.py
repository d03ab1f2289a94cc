"""Reading paths, computed from `builds_on` and years: the order in which to read a topic's papers,
what to read before and after a paper, and the order of the topics themselves.

A paper never comes before what it builds on (link.py refuses cycles, so such an order exists); among
the papers that are ready, the oldest comes first. Nothing here is written by hand: add a paper with
its `builds_on` and it takes its place on every path.
"""

from __future__ import annotations

import dataclasses
import heapq
import re

from .link import Site
from .model import Paper, Topic

STAGES = ("Foundations", "The main line", "Current")
FIRST_YEARS = 3  # "Foundations": starting points from the topic's first three years
RECENT_YEARS = 4  # "Current": the frontier of the topic's last four years


@dataclasses.dataclass(frozen=True)
class Step:
    paper: Paper
    stage: str
    after: tuple[Paper, ...]  # what it builds on, on this path or in other topics


@dataclasses.dataclass(frozen=True)
class Neighbours:
    previous: Paper | None
    next: Paper | None
    position: int  # 1-based
    length: int


def first_sentence(text: str) -> str:
    """The first sentence of a TL;DR: up to the first . ! or ? followed by a capital (or the end)."""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(?=\s+[A-Z(\"']|$)", text)
    return match.group(1) if match else text


def ordered(papers: list[Paper]) -> list[Paper]:
    """Every paper after the papers of the list it builds on; among those ready, oldest first."""
    ids = {p.id for p in papers}
    waiting = {p.id: {r for r in p.builds_on if r in ids} for p in papers}
    followers: dict[str, list[Paper]] = {}
    for p in papers:
        for ref in waiting[p.id]:
            followers.setdefault(ref, []).append(p)
    key = {p.id: (p.year, p.short_name.lower(), p.id) for p in papers}
    ready = [(key[p.id], p) for p in papers if not waiting[p.id]]
    heapq.heapify(ready)
    out: list[Paper] = []
    while ready:
        _, paper = heapq.heappop(ready)
        out.append(paper)
        for follower in followers.get(paper.id, []):
            waiting[follower.id].discard(paper.id)
            if not waiting[follower.id]:
                heapq.heappush(ready, (key[follower.id], follower))
    return out


_memo: list = [None, {}]  # [the site, {topic id: its path}]: one site at a time (a serve rebuild brings a new one)


def topic_path(site: Site, topic_id: str) -> list[Step]:
    """topic_path_of, computed once per site and topic: every paper page asks for its topic's path."""
    if _memo[0] is not site:
        _memo[:] = [site, {}]
    if topic_id not in _memo[1]:
        _memo[1][topic_id] = topic_path_of(site, topic_id)
    return list(_memo[1][topic_id])


def topic_path_of(site: Site, topic_id: str) -> list[Step]:
    """The topic's papers in reading order, in three stages:

    - Foundations: the topic's starting points, papers of its first three years that build on no
      other paper of the topic;
    - Current: papers of the topic's last four years that no paper of the topic builds on yet;
    - The main line: everything in between.

    Within a stage, a paper comes after what it builds on, oldest first. Moving the starting points
    to the front and the frontier to the end keeps that rule, since neither depends on the other stages.
    """
    papers = ordered(site.papers_by_topic.get(topic_id, []))
    if not papers:
        return []
    ids = {p.id for p in papers}
    oldest, newest = min(p.year for p in papers), max(p.year for p in papers)
    built_on = {ref for p in papers for ref in p.builds_on}
    steps = []
    for paper in papers:
        inside = tuple(site.papers[r] for r in paper.builds_on if r in ids)
        if not inside and paper.year < oldest + FIRST_YEARS:
            stage = STAGES[0]
        elif paper.id not in built_on and paper.year > newest - RECENT_YEARS:
            stage = STAGES[2]
        else:
            stage = STAGES[1]
        steps.append(Step(paper, stage, tuple(ordered([site.papers[r] for r in paper.builds_on]))))
    return sorted(steps, key=lambda s: STAGES.index(s.stage))  # stable: the reading order within a stage


def stages(steps: list[Step]) -> list[tuple[str, list[Step]]]:
    return [(stage, [s for s in steps if s.stage == stage]) for stage in STAGES if any(s.stage == stage for s in steps)]


def prerequisites_outside(site: Site, topic_id: str) -> list[Paper]:
    """Papers of other topics that this topic's starting points build on: what to know before."""
    steps = topic_path(site, topic_id)
    refs = {r for s in steps if all(p.topic != topic_id for p in s.after) for r in s.paper.builds_on}
    return ordered([site.papers[r] for r in refs])


def neighbours(site: Site, paper: Paper) -> Neighbours:
    path = [s.paper for s in topic_path(site, paper.topic)]
    i = next(n for n, p in enumerate(path) if p.id == paper.id)  # by id: comparing two models compares every field
    return Neighbours(path[i - 1] if i else None, path[i + 1] if i + 1 < len(path) else None, i + 1, len(path))


def read_first(site: Site, paper: Paper) -> list[Paper]:
    return ordered([site.papers[r] for r in paper.builds_on])


def read_next(site: Site, paper: Paper) -> list[Paper]:
    return ordered(site.followers.get(paper.id, []))


def topic_order(site: Site) -> list[Topic]:
    """The order in which to take the topics: a topic comes after the topics its starting points
    (Foundations) build on; among those ready, the one whose first paper is oldest. Topics without
    papers (reading lists) come last, in catalogue order."""
    topics = site.catalogue.topics
    with_papers = [t for t in topics if site.papers_by_topic.get(t.id)]
    needs = {t.id: {p.topic for p in prerequisites_outside(site, t.id)} for t in with_papers}
    first_year = {t.id: min(p.year for p in site.papers_by_topic[t.id]) for t in with_papers}
    position = {t.id: i for i, t in enumerate(topics)}
    out: list[Topic] = []
    remaining = list(with_papers)
    while remaining:
        ready = [t for t in remaining if not (needs[t.id] - {o.id for o in out})] or remaining  # a loop between topics: oldest first
        chosen = min(ready, key=lambda t: (first_year[t.id], position[t.id]))
        out.append(chosen)
        remaining.remove(chosen)
    return out + [t for t in topics if t not in out]

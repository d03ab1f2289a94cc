"""Stage 9: the catalogue for language models and other tools, written next to the pages after the build.

    llms.txt                  the site in one Markdown file (https://llmstxt.org): one line per topic,
                              paper and formula, each linking to the Markdown copy of its page
    topics/<id>/index.md      a topic: summary, reading list, papers, formulas and notions
    papers/<id>/index.md      a paper: facts, key ideas, equations, results, explainers, corrections
    formulas/<id>/index.md    a formula: TeX, explanation, symbols, example, corrections

The copies are clean Markdown made from the catalogue, not from the HTML: no icons, attribute lists
or navigation. Like `exports`, everything here is a pure function of the Site and the site's URL;
`write` only puts the strings on disk.
"""

from __future__ import annotations

from pathlib import Path

from .charts import fmt
from .exports import DATA_LICENSE
from .link import Site
from .model import Correction, Formula, Link, Paper, Topic
from .render import plain

_LICENSE = f"Text and data: {DATA_LICENSE['name']} ({DATA_LICENSE['url']}), {DATA_LICENSE['attribution']}."


def _base(site_url: str) -> str:
    return site_url.rstrip("/") + "/"


def copy_path(key: str) -> str:
    """Where the Markdown copy of an entry lives in the site: `papers/resnet` -> `papers/resnet/index.md`."""
    return f"{key}/index.md"


def _cell(value: str) -> str:
    return " ".join(str(value).split()).replace("|", "\\|")


def _links(links: list[Link]) -> list[str]:
    return [f"- [{link.title}]({link.url}) ({link.kind}){': ' + ' '.join(link.note.split()) if link.note else ''}" for link in links]


def _corrections(corrections: list[Correction]) -> list[str]:
    if not corrections:
        return []
    lines = ["", "## Corrections", ""]
    return lines + [f"- Corrected on {c.date}: {' '.join(c.change.split())} (source: {c.source})" for c in corrections]


def _foot(base: str, page: str) -> list[str]:
    return ["", "---", "", f"The page on the site: {base}{page}. {_LICENSE}", ""]


def paper_markdown(site: Site, paper: Paper, base: str) -> str:
    topic = site.topics[paper.topic]
    lines = [f"# {paper.title}", ""]
    lines += [f"- Short name: {paper.short_name}", f"- Authors: {', '.join(paper.authors)}"]
    lines += [f"- Venue: {paper.venue}", f"- Year of the first version: {paper.year}"]
    lines += [f"- arXiv: https://arxiv.org/abs/{paper.arxiv}" if paper.arxiv else f"- Paper: {paper.url}"]
    lines += [f"- Official code: {paper.code}"] if paper.code else []
    lines += [f"- Topic: [{topic.title}]({base}{copy_path('topics/' + topic.id)})"]
    lines += [f"- Facts last checked against the sources: {paper.checked}"] if paper.checked else []
    lines += ["", "## TL;DR", "", " ".join(paper.tldr.split()), "", "## Key ideas", ""]
    lines += [f"- {' '.join(idea.split())}" for idea in paper.key_ideas]
    if paper.equations:
        lines += ["", "## Central equations"]
        for eq in paper.equations:
            lines += ["", "$$", eq.latex.strip(), "$$", "", " ".join(eq.caption.split())]
    for heading, text in (("How it works", paper.notes), ("Training notes", paper.training_notes)):
        if text:
            lines += ["", f"## {heading}", "", text.strip()]
    if paper.results:
        lines += ["", "## Results", "", "| Benchmark | Value | Setting | Standing | Source |", "| --- | --- | --- | --- | --- |"]
        for r in paper.results:
            bench, standing = site.benchmarks[r.benchmark], site.standing(paper, r)
            setting = " ".join(filter(None, (r.setting, f"(printed as {r.reported})" if r.reported else None, r.note)))
            rank = f"{standing.rank} of {standing.total} in this catalogue"
            cells = (bench.name, fmt(r.value, bench.unit), setting or "not given", rank, r.source)
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if paper.builds_on:
        lines += ["", "## Builds on", ""]
        lines += [f"- [{site.papers[ref].short_name}]({base}{copy_path('papers/' + ref)})" for ref in paper.builds_on]
    if paper.explainers:
        lines += ["", "## Explainers", "", *_links(paper.explainers)]
    lines += _corrections(paper.corrections)
    lines += ["", "## BibTeX", "", "```bibtex", site.bibliography.entries[paper.bibtex], "```"]
    return "\n".join(lines + _foot(base, f"papers/{paper.id}/"))


_KIND_NAMES = {"loss": "loss", "metric": "metric", "sampling": "sampling rule"}


def formula_markdown(site: Site, formula: Formula, base: str) -> str:
    lines = [f"# {formula.name}", "", f"A {_KIND_NAMES[formula.kind]} of the topic {site.topics[formula.topic].title}.", ""]
    lines += ["$$", formula.latex.strip(), "$$", "", formula.explanation.strip(), "", "| Symbol | Meaning |", "| --- | --- |"]
    lines += [f"| ${_cell(entry.symbol)}$ | {_cell(entry.meaning)} |" for entry in formula.legend]
    if formula.example:
        inputs = ", ".join(f"{name} = {value}" for name, value in formula.example.inputs.items())
        lines += ["", "## Worked example", "", f"{inputs} gives {formula.example.output}."]
        lines += ["", formula.example.explanation.strip()] if formula.example.explanation else []
    if formula.paper:
        paper = site.papers[formula.paper]
        lines += ["", f"Introduced in [{paper.short_name}]({base}{copy_path('papers/' + paper.id)}) ({paper.year})."]
    if formula.builds_on:
        refs = [f"[{site.formulas[ref].name}]({base}{copy_path('formulas/' + ref)})" for ref in formula.builds_on]
        lines += ["", "Builds on: " + ", ".join(refs)]
    if formula.resources:
        lines += ["", "## Further reading", "", *_links(formula.resources)]
    lines += _corrections(formula.corrections)
    return "\n".join(lines + _foot(base, f"losses/#{formula.id}"))


def topic_markdown(site: Site, topic: Topic, base: str) -> str:
    lines = [f"# {topic.title}", "", topic.summary.strip()]
    sections: dict[str, list[Link]] = {}
    for link in topic.resources:
        sections.setdefault(link.section or "Further reading", []).append(link)
    for section, links in sections.items():
        lines += ["", f"## {section}", "", *_links(links)]
    papers = site.papers_by_topic.get(topic.id, [])
    if papers:
        lines += ["", "## Papers", ""]
        lines += [f"- [{p.short_name} ({p.year}): {p.title}]({base}{copy_path('papers/' + p.id)})" for p in papers]
    formulas = [f for f in site.catalogue.formulas if f.topic == topic.id]
    if formulas:
        lines += ["", "## Losses and metrics", ""]
        lines += [f"- [{f.name}]({base}{copy_path('formulas/' + f.id)}) ({_KIND_NAMES[f.kind]})" for f in formulas]
    for notion in (n for n in site.catalogue.notions if n.topic == topic.id):
        lines += ["", f"## {notion.title}", "", notion.summary.strip()]
        lines += ["", *_links(notion.resources)] if notion.resources else []
        lines += _corrections(notion.corrections)
    return "\n".join(lines + _foot(base, f"topics/{topic.id}/"))


def copies(site: Site, site_url: str) -> dict[str, str]:
    """Every Markdown copy, by its path in the site."""
    base = _base(site_url)
    out = {copy_path(f"topics/{t.id}"): topic_markdown(site, t, base) for t in site.catalogue.topics}
    out |= {copy_path(f"papers/{p.id}"): paper_markdown(site, p, base) for p in site.catalogue.papers}
    out |= {copy_path(f"formulas/{f.id}"): formula_markdown(site, f, base) for f in site.catalogue.formulas}
    return {path: text + "\n" for path, text in out.items()}


def llms_txt(site: Site, site_url: str, *, title: str, description: str | None) -> str:
    base = _base(site_url)
    cat = site.catalogue
    lines = [f"# {title}", ""]
    lines += [f"> {description}", ""] if description else []
    lines += [
        "Each line links to a clean Markdown copy of a page. The whole catalogue is also one JSON file,",
        f"{base}resources.json, whose schema is {base}schema/resources.schema.json. {_LICENSE}",
        "",
        "## Topics",
        "",
    ]
    lines += [f"- [{t.title}]({base}{copy_path('topics/' + t.id)}): {plain(t.summary)}" for t in cat.topics]
    lines += ["", "## Papers", ""]
    lines += [f"- [{p.short_name} ({p.year}): {p.title}]({base}{copy_path('papers/' + p.id)}): {plain(p.tldr)}" for p in cat.papers]
    lines += ["", "## Formulas", ""]
    lines += [f"- [{f.name}]({base}{copy_path('formulas/' + f.id)}): {plain(f.explanation)}" for f in cat.formulas]
    lines += [
        "",
        "## Optional",
        "",
        f"- [resources.json]({base}resources.json): the whole catalogue, with its licence under `license`",
        f"- [references.bib]({base}references.bib): one BibTeX entry per paper",
        f"- [Corrections]({base}corrections/): every correction of a fact, newest first, with its source",
        "",
    ]
    return "\n".join(lines)


def write(site: Site, site_dir: Path, *, site_url: str, title: str, description: str | None) -> None:
    """Write llms.txt and the Markdown copies into the built site."""
    (site_dir / "llms.txt").write_text(llms_txt(site, site_url, title=title, description=description), encoding="utf-8")
    for path, text in copies(site, site_url).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

"""Stage 4: render the linked catalogue into Markdown pages through the Jinja2 templates in
`hooks/templates/`. The pages then go through MkDocs like hand-written ones (math, citations,
search), and `sanitize` cleans the HTML that comes out.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import jinja2

from .link import Site
from .model import Link

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
LINK_KINDS = {  # kind -> (heading, Material icon shortcode)
    "article": ("Articles", ":material-file-document-outline:"),
    "video": ("Videos", ":material-play-circle-outline:"),
    "course": ("Courses", ":material-school-outline:"),
    "cheat-sheet": ("Cheat sheets", ":material-card-text-outline:"),
    "code": ("Code", ":material-code-braces:"),
    "toolbox": ("Toolboxes", ":material-toolbox-outline:"),
    "paper": ("Papers", ":material-file-outline:"),
    "book": ("Books", ":material-book-open-variant:"),
}
# Characters that mean something to Markdown, its extensions (math, emoji, citations) or HTML.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+!<>&$|~^:@\"']")


def text(value: object) -> str:
    """Plain text for a Markdown page: every special character becomes an HTML entity."""
    flat = " ".join(str(value).split())
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", flat)


def url(value: str) -> str:
    """A URL that cannot end or escape a Markdown link destination."""
    return quote(value, safe="/:?#=&%;,+@!$*~-._") if value else value


def inline(markdown: str) -> str:
    """Markdown on one line, e.g. a note after a list item."""
    return " ".join(markdown.split())


def links_by_kind(links: list[Link]) -> list[tuple[str, str, list[Link]]]:
    groups: dict[str, list[Link]] = {}
    for item in links:
        groups.setdefault(item.kind, []).append(item)
    return [(*LINK_KINDS[kind], items) for kind, items in sorted(groups.items(), key=lambda g: list(LINK_KINDS).index(g[0]))]


def links_by_section(links: list[Link]) -> list[tuple[str, list[Link]]]:
    groups: dict[str, list[Link]] = {}
    for item in links:
        groups.setdefault(item.section or "Further reading", []).append(item)
    return list(groups.items())


@functools.cache
def _source(path: Path, mtime: float, function: str) -> str | None:  # mtime: re-read when the file changes
    source = path.read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return ast.get_source_segment(source, node)
    return None


def implementation_source(docs_dir: Path, file: str, function: str) -> str | None:
    path = docs_dir / file
    return _source(path, path.stat().st_mtime, function) if path.is_file() else None


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Markdown: plain fields go through `text`, and the HTML is sanitized
    )
    env.filters.update(t=text, u=url, inline=inline, extract=lambda key, mapping: mapping[key])
    env.globals.update(links_by_kind=links_by_kind, links_by_section=links_by_section, LINK_KINDS=LINK_KINDS)
    return env


def pages(site: Site, docs_dir: Path) -> Iterator[tuple[str, str]]:
    """(path under docs/, Markdown) for every generated page."""
    env = environment()

    def render(template: str, **context) -> str:
        return env.get_template(template).render(site=site, **context)

    for topic in site.catalogue.topics:
        yield f"topics/{topic.id}.md", render(
            "topic.md.j2",
            topic=topic,
            papers=site.papers_by_topic.get(topic.id, []),
            notions=[n for n in site.catalogue.notions if n.topic == topic.id],
            formulas=[f for f in site.catalogue.formulas if f.topic == topic.id],
        )
    for paper in site.catalogue.papers:
        yield f"papers/{paper.id}.md", render("paper.md.j2", paper=paper, bibtex=site.bibliography.entries[paper.bibtex])
    yield "papers/index.md", render("papers.md.j2")
    sources = {
        f.id: implementation_source(docs_dir, f.implementation.file, f.implementation.function)
        for f in site.catalogue.formulas
        if f.implementation
    }
    yield "losses.md", render("losses.md.j2", sources=sources)
    yield "faq.md", render("faq.md.j2")

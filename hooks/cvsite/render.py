"""Stage 4: render the linked catalogue into Markdown pages through the Jinja2 templates in
`hooks/templates/`. The pages then go through MkDocs like hand-written ones (math, citations,
search), and `sanitize` cleans the HTML that comes out.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2

from . import exports, linkcheck, paths, plaintext
from .charts import fmt, ordinal
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
    return _escape(" ".join(str(value).split()))


def _escape(value: str) -> str:
    return _SPECIAL.sub(lambda m: f"&#{ord(m.group())};", value)


def code_text(value: object) -> str:
    """Plain text in which `backticks` mark code: the code spans stay Markdown code, the rest is `text`.
    A lone backtick is shown as a character."""
    parts = " ".join(str(value).split()).split("`")
    if len(parts) % 2 == 0:  # unbalanced: no code span
        return text(value)
    return "".join(f"`{part}`" if i % 2 else _escape(part) for i, part in enumerate(parts))


def url(value: str) -> str:
    """A URL that cannot end or escape a Markdown link destination."""
    return quote(value, safe="/:?#=&%;,+@!$*~-._") if value else value


def plain(markdown: str, limit: int = 160) -> str:
    """A one-line plain-text summary of Markdown (for meta descriptions), math made readable."""
    text_ = plaintext.plain(markdown)
    if len(text_) <= limit:
        return text_
    return text_[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


REPORT_FORM = "report-mistake.yml"  # .github/ISSUE_TEMPLATE/report-mistake.yml


def shown_at(site: Site, key: str) -> tuple[str, str]:
    """The generated page (path under docs/) and the anchor that show an entry, by its id
    (`papers/resnet`, `formulas/giou-loss`, `notions/skip-connections`, `faq/<id>`)."""
    kind, name = key.split("/", 1)
    return {
        "papers": (f"papers/{name}.md", ""),
        "formulas": ("losses.md", name),
        "notions": (f"topics/{site.notions[name].topic}.md" if name in site.notions else "", name),
        "faq": ("faq.md", name),
    }[kind]


def page_url(path: str) -> str:
    """The address of a generated page, with MkDocs' directory URLs: `papers/x.md` -> `papers/x/`."""
    return path.removesuffix(".md") + "/"


def report_url(repo_url: str, site_url: str, site: Site, key: str) -> str:
    """A link that opens the "Report a mistake" issue form with the entry's id and address filled in
    (GitHub fills a form field from the query parameter named after its id). A plain link: the
    page asks nothing of GitHub until the reader follows it."""
    path, anchor = shown_at(site, key)
    address = site_url.rstrip("/") + "/" + page_url(path) + (f"#{anchor}" if anchor else "")
    query = urlencode({"template": REPORT_FORM, "title": f"Mistake on {key}", "page": key, "address": address}, quote_via=quote)
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


@dataclasses.dataclass(frozen=True)
class GeneratedPage:
    path: str  # under docs/
    markdown: str
    description: str  # plain text; escaped when it goes into the page head
    tags: tuple[str, ...] = ()
    searchable: bool = True  # index pages repeat what the paper pages hold: kept out of the search index
    search_entries: str | None = None  # a heading level: each section at that level is a search result of its own


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
    env.filters.update(t=text, code=code_text, u=url, inline=inline, extract=lambda key, mapping: mapping[key])
    env.filters.update(first_sentence=paths.first_sentence)
    env.globals.update(links_by_kind=links_by_kind, links_by_section=links_by_section, LINK_KINDS=LINK_KINDS, fmt=fmt, ordinal=ordinal)
    return env


START_HERE = "<!-- start-here -->"  # in docs/index.md: replaced by `start_here`


def start_here(site: Site) -> str:
    """The home page's reading order: the topics as the nav lists them, each with its first paper."""
    order = [(topic, next(iter(paths.topic_path(site, topic.id)), None)) for topic in paths.topic_order(site)]
    order = [(topic, step.paper if step else None) for topic, step in order]
    return environment().get_template("start_here.md.j2").render(site=site, verified={}, order=order)


def pages(site: Site, docs_dir: Path, *, site_url: str, repo_url: str) -> Iterator[GeneratedPage]:
    """Every generated page. `site_url` and `repo_url` (mkdocs.yml) make the "Report a mistake" links."""
    env = environment()
    verified = linkcheck.load_status(docs_dir / "data" / "link-status.json")  # written by `make linkcheck`

    def report(key: str) -> str:
        return report_url(repo_url, site_url, site, key)

    def href(key: str) -> str:  # from a page at the top of docs/
        path, anchor = shown_at(site, key)
        return path + (f"#{anchor}" if anchor else "")

    def render(template: str, **context) -> str:
        return env.get_template(template).render(site=site, verified=verified, report=report, href=href, **context)

    for topic in site.catalogue.topics:
        markdown = render(
            "topic.md.j2",
            topic=topic,
            papers=site.papers_by_topic.get(topic.id, []),
            notions=[n for n in site.catalogue.notions if n.topic == topic.id],
            formulas=[f for f in site.catalogue.formulas if f.topic == topic.id],
            questions=[q for q in site.catalogue.faq if q.topic == topic.id],
            path=(path := paths.topic_path(site, topic.id)),
            stages=paths.stages(path),
            outside=paths.prerequisites_outside(site, topic.id),
        )
        yield GeneratedPage(f"topics/{topic.id}.md", markdown, plain(topic.summary))
    for paper in site.catalogue.papers:
        markdown = render(
            "paper.md.j2",
            paper=paper,
            bibtex=site.bibliography.entries[paper.bibtex],
            read_first=paths.read_first(site, paper),
            read_next=paths.read_next(site, paper),
            around=paths.neighbours(site, paper),
        )
        tags = (site.topics[paper.topic].title, str(paper.year), "Paper")
        yield GeneratedPage(f"papers/{paper.id}.md", markdown, plain(f"{paper.short_name} ({paper.year}): {paper.tldr}"), tags)
    by_task: dict[str, list] = {}
    for bench in sorted(site.catalogue.benchmarks, key=lambda b: (-len(site.standings[b.id]), b.name.lower())):
        by_task.setdefault(bench.task, []).append(bench)
        rows = site.standings[bench.id]
        description = f"{bench.name}: {len(rows)} results reported by papers, ranked, with their settings, sources and a progress chart."
        yield GeneratedPage(f"benchmarks/{bench.id}.md", render("benchmark.md.j2", bench=bench, rows=rows), description)
    yield GeneratedPage(
        "benchmarks/index.md",
        render("benchmarks.md.j2", by_task=by_task),
        "The benchmarks the papers report results on, by task, each with its ranked results and a progress chart.",
        searchable=False,
    )
    yield GeneratedPage(
        "papers/index.md",
        render("papers.md.j2", entries=[step.paper for topic in paths.topic_order(site) for step in paths.topic_path(site, topic.id)]),
        "Every computer-vision paper on the site in reading order, with its summary, filters by topic, year, tag and code.",
        searchable=False
    )
    yield GeneratedPage(
        "timeline.md", render("timeline.md.j2"), "Every computer-vision paper on the site on one timeline, newest first.", searchable=False
    )
    sources = {
        f.id: implementation_source(docs_dir, f.implementation.file, f.implementation.function)
        for f in site.catalogue.formulas
        if f.implementation
    }
    yield GeneratedPage(
        "losses.md",
        render("losses.md.j2", sources=sources),
        "Losses and metrics of computer vision (IoU, GIoU, DIoU, CIoU, focal loss, mAP, HOTA...) with symbols, worked examples and code.",
        ("Loss", "Metric"),
        search_entries="h3",  # one search result per formula
    )
    yield GeneratedPage(
        "faq.md",
        render("faq.md.j2"),
        "Short answers to common computer-vision questions, grouped by topic: CNN design, classification, detection, tracking, "
        "segmentation, generative models.",
        ("FAQ",),
        search_entries="h3",  # one search result per question (h2 are the topic groups)
    )
    yield GeneratedPage(
        "corrections.md",
        render("corrections.md.j2", corrections=site.corrections()),
        "Every correction of a fact on the site, newest first: what changed, when, and the source that settled it.",
        searchable=False,
    )
    yield GeneratedPage(
        "bibliography.md",
        render("bibliography.md.j2", references=exports.references(site)),
        "Every paper on the site as a formatted reference, with a link to its page and references.bib to download.",
        searchable=False,
    )

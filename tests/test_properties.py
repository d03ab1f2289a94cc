"""Property-based: arbitrary strings in every text field of a small catalogue never put script,
event handlers or non-http(s) links into a page, and the catalogue either loads or fails cleanly.

A MkDocs build per example would take hours at 500 examples a field, so each example goes through the
same stages in-process: the parsed minimal catalogue with the string put into one field -> validate ->
link (TeX checks included) -> render.pages -> Markdown with mkdocs.yml's own extensions ->
sanitize.clean. Only the pages whose Markdown the string changed are converted (the others are the
base pages, checked once). One more test runs the real `mkdocs build`, YAML and all, on a handful
of nasty strings.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pybtex.plugin
import pytest
import yaml
from conftest import ROOT, copy_project, mkdocs
from cvsite import render, sanitize
from cvsite.bib import Bibliography
from cvsite.link import link
from cvsite.load import CatalogueError, Mapping, Sequence, parse, validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"
SITE_URL, REPO_URL = "https://example.org/", "https://github.com/example/site"
BASE = yaml.safe_load((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"))
# minimal.yaml, plus one of each optional text field it lacks, so that every kind of text is tried.
BASE["notions"] = [{"id": "nms", "title": "NMS", "topic": "image-classification", "summary": "Keep the best box.", "added": "2026-11-29"}]
BASE["papers"][0].update(
    notes="Notes.",
    training_notes="SGD.",
    equations=[{"latex": "y = F(x) + x", "caption": "A residual block."}],
    results=[
        {"benchmark": "imagenet-1k-test-top5-error", "value": 3.57, "setting": "ensemble", "source": "Table 4", "reported": "3.57 %"}
        | {"note": "Best."}
    ],
)
BASE["benchmarks"][0].update(url="https://example.com/imagenet", formula="iou-loss", note="Lower is better.")
BASE["formulas"][0]["example"] = {"inputs": {"a": 1}, "output": 0.5, "explanation": "Half."}
BASE["faq"][0]["resources"] = [{"kind": "video", "title": "A video", "url": "https://example.com/v", "note": "Watch it."}]
BASE["papers"][0].update(url="https://example.com/resnet", code="https://example.com/code")

# Every text field of the model, by its path in BASE, grouped by how the model validates it. Each example
# puts its string into every field of one group at once: the fields of a group accept and refuse the
# same strings, so each field gets every example, at one render per example (see test_fields_cover_the_model).
GROUPS = {
    "text": [
        ("topics", 0, "title"), ("topics", 0, "resources", 0, "title"), ("topics", 0, "resources", 0, "section"),
        ("notions", 0, "title"), ("formulas", 0, "name"),
        ("papers", 0, "title"), ("papers", 0, "short_name"), ("papers", 0, "authors", 0), ("papers", 0, "venue"),
        ("papers", 0, "tldr"), ("papers", 0, "results", 0, "setting"), ("papers", 0, "results", 0, "reported"),
        ("papers", 0, "results", 0, "source"), ("papers", 0, "results", 0, "note"), ("faq", 0, "question"),
        ("faq", 0, "resources", 0, "title"), ("benchmarks", 0, "name"), ("benchmarks", 0, "dataset"),
        ("benchmarks", 0, "split"), ("benchmarks", 0, "metric"),
    ],
    "markdown": [
        ("topics", 0, "summary"), ("topics", 0, "resources", 0, "note"), ("notions", 0, "summary"),
        ("formulas", 0, "explanation"), ("formulas", 0, "example", "explanation"), ("papers", 0, "key_ideas", 0),
        ("papers", 0, "notes"), ("papers", 0, "training_notes"), ("papers", 0, "equations", 0, "caption"), ("faq", 0, "answer"),
        ("faq", 0, "resources", 0, "note"), ("benchmarks", 0, "note"),
    ],
    "markdown in a table cell": [("formulas", 0, "legend", 0, "meaning")],
    "tex": [("formulas", 0, "latex"), ("formulas", 0, "legend", 0, "symbol"), ("papers", 0, "equations", 0, "latex")],
    "url": [
        ("topics", 0, "resources", 0, "url"), ("papers", 0, "url"), ("papers", 0, "code"), ("faq", 0, "resources", 0, "url"),
        ("benchmarks", 0, "url"),
    ],
}
# ids, dates, enums
NOT_TEXT = {"id", "topic", "kind", "arxiv", "bibtex", "paper", "added", "formulas", "notions", "builds_on"}
NOT_TEXT |= {"task", "unit", "formula", "benchmark"}
# Pieces of the known attacks and of the syntaxes involved, mixed with arbitrary text by the strategy.
FRAGMENTS = [
    "<script>", "</script>", "<script src=//evil.example/x.js>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>", "<iframe src=javascript:alert(1)>", "<style>", "<!--", "-->", "<![CDATA[", "]]>",
    "[x](javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:msgbox)", "[x]( java\tscript:alert(1))",
    "<javascript:alert(1)>", "<https://ok.example>", "![i](javascript:alert(1))", "[r]: javascript:alert(1)\n\n[r]",
    '{: onclick="alert(1)" }', "{: #id .cls onmouseover=alert(1) }", "{ href='javascript:x' }", "{: style=x }",
    "$", "$$", "\\(", "\\)", "\\href{javascript:alert(1)}{x}", "\\class{x}{y}", "\\unicode{x41}", "\\require{html}", "{", "}",
    "\\left(", "\\right)", "\\begin{aligned}", "\\end{aligned}", "\\frac{a}{b}", ":material-eye:", ":fontawesome-brands-github:",
    "`", "```\n", "~~~", "\n", "\n\n", "    ", "\t", "- ", "1. ", "# ", "> ", "| a | b |\n|---|---|\n", "!!! note\n    ",
    '=== "Tab"\n    ', "??? x\n    ", "*[HTML]: x", "[^1]", "[^1]: y", "&#106;avascript:", "&lt;script&gt;", "&", "\"", "'",
    "<div markdown=1>", "</div>", "<details open ontoggle=alert(1)>", "<input onfocus=alert(1) autofocus>", "\x00", "\u2028",
    "\ufeff", "http://", "https://example.com/", "javascript:", "data:", "@", "---\n", "...", "!", "*", "_", "#", ":",
]
STRINGS = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=10).map("".join)
# Arbitrary strings are almost never URLs the model accepts: half the URL examples start like one.
URL_STARTS = st.sampled_from(["https://example.com/", "http://a.example?", "HTTPS://b.example#"])
URLS = st.one_of(STRINGS, st.tuples(URL_STARTS, STRINGS).map("".join))
BIBLIOGRAPHY = Bibliography.read(FIXTURES / "minimal.bib")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset"}


@functools.cache
def converter() -> markdown.Markdown:
    """A Markdown converter with mkdocs.yml's extensions and their settings, read by MkDocs' own loader."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(html: str, where: str) -> None:
    assert "<script" not in html.lower(), where
    for tag, attrs in Tags(html).tags:
        assert tag not in ("script", "iframe", "object", "embed", "style", "img", "form", "base", "meta", "link"), (where, tag)
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), (where, tag, name)
            if name.lower() in URL_ATTRIBUTES:
                assert urlsplit(value or "").scheme.lower() in ("", "http", "https"), (where, tag, name, value)


@pytest.fixture(scope="module", autouse=True)
def _cached_pybtex_plugins():
    """pybtex looks its plugins up in every installed package's entry points on each use (~40 ms a
    page render); the answer never changes within a run, so cache it to afford 500 examples a field."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pybtex.plugin, "_load_entry_point", functools.cache(pybtex.plugin._load_entry_point))
        yield


@functools.cache
def base() -> tuple[Mapping, dict[str, str]]:
    """BASE parsed by the loader (lines and all), and the Markdown of its pages by path."""
    data = parse(yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False), "resources.yaml")
    site = link(validate(data, "resources.yaml"), data, "resources.yaml", BIBLIOGRAPHY)
    return data, {page.path: page.markdown for page in render.pages(site, ROOT / "docs", site_url=SITE_URL, repo_url=REPO_URL)}


def with_values(paths: list[tuple], value: str) -> Mapping:
    """The parsed base catalogue, copied, with the value at every path."""
    data = _copy(base()[0])
    for path in paths:
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        if isinstance(node, Mapping):  # the value is no longer written as it was
            node.raw.pop(path[-1], None)
        else:
            node.raw[path[-1]] = None
    return data


def _copy(node):
    """A deep copy that keeps the lines the loader recorded."""
    if not isinstance(node, (Mapping, Sequence)):
        return node
    copied = type(node)({k: _copy(v) for k, v in node.items()} if isinstance(node, Mapping) else [_copy(v) for v in node])
    copied.line, copied.lines, copied.raw = node.line, node.lines, node.raw.copy()
    return copied


def build_in_process(data: Mapping) -> list[str] | None:
    """The sanitized HTML of every page the change touched, or None when the catalogue is refused (cleanly)."""
    try:
        site = link(validate(data, "resources.yaml"), data, "resources.yaml", BIBLIOGRAPHY)
    except CatalogueError as error:
        assert error.problems and str(error).startswith("resources.yaml:"), str(error)
        assert all(p.file == "resources.yaml" and p.line >= 1 and p.message for p in error.problems)
        return None
    md, unchanged = converter(), base()[1]
    rendered = render.pages(site, ROOT / "docs", site_url=SITE_URL, repo_url=REPO_URL)
    pages = [page.markdown for page in rendered if unchanged.get(page.path) != page.markdown]
    return [sanitize.clean(md.reset().convert(markdown)) for markdown in pages]


def test_the_base_catalogue_renders_every_field():
    """The properties below mean something only if the base values reach the pages, and are inert."""
    md = converter()
    pages = [sanitize.clean(md.reset().convert(markdown)) for markdown in base()[1].values()]
    everything = "\n".join(pages)
    expected = ("NMS", "Keep the best box.", "SGD.", "A residual block.", "top-5 error", "3.57%", "3.57 %", "Best.", "Lower is better.")
    for value in (*expected, "Half.", "Watch it."):
        assert value in everything, value
    for html in pages:
        assert_inert(html, "base")
    changed = build_in_process(with_values([("faq", 0, "question")], "Changed?"))
    assert changed and all("Changed?" in html for html in changed)  # the pages a change touches are converted
    assert build_in_process(with_values([("faq", 0, "question")], BASE["faq"][0]["question"])) == []  # and only those


def test_fields_cover_the_model():
    """Every string of BASE but ids, dates and enums is in a group, and each group's paths exist."""

    def leaves(node, path=()):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in NOT_TEXT or not path:  # top-level `formulas:` and `notions:` are lists of entries
                    yield from leaves(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from leaves(value, (*path, i))
        elif isinstance(node, str):
            yield path

    def field(path):  # authors[3] and authors[0] are one field
        return tuple(0 if isinstance(part, int) else part for part in path)

    grouped = [path for paths in GROUPS.values() for path in paths]
    assert len(grouped) == len(set(grouped))
    assert {field(path) for path in leaves(BASE)} == set(grouped)


@pytest.mark.parametrize("group", GROUPS)
@settings(max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_string_in_any_field_is_inert_or_refused(group, data):
    value = data.draw(URLS if group == "url" else STRINGS, label="value")
    for html in build_in_process(with_values(GROUPS[group], value)) or []:
        assert_inert(html, f"{group}={value!r}")


NASTY = [
    "<script>alert(1)</script>[x](javascript:alert(2)){: onclick=\"alert(3)\" }",
    "<img src=x onerror=alert(1)> <svg onload=alert(2)> <details open ontoggle=alert(3)>",
    "[d](data:text/html;base64,PHNjcmlwdD4=) <a href='&#106;avascript:alert(1)'>x</a>",
    "<div markdown=1>[x]( java\tscript:alert(1))</div> <style>*{}</style> <!-- <script> -->",
    "$\\href{javascript:alert(1)}{x}$",  # refused by the TeX check: the build must fail cleanly
]


def test_real_build_with_nasty_strings(tmp_path):
    """Real `mkdocs build`s with each nasty string in a Markdown field (an FAQ answer) and a plain one (a
    paper's title): those the checks let through, all in one build, come out inert on their pages; the
    one the TeX check refuses stops a build of its own, with the line."""
    project = copy_project(tmp_path / "project")
    original = (project / "resources.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(original)
    inert = [nasty for nasty in NASTY if "\\href" not in nasty]
    for i, nasty in enumerate(inert):
        marker = f"Nasty{i}Here"  # shows that the field reached the page (the sanitizer may drop the payload whole)
        data["faq"][i]["answer"] += f"\n\n{marker} {nasty}"
        data["papers"][i]["title"] += f" {marker} {nasty}"
    (project / "resources.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = mkdocs("build", "--site-dir", str(tmp_path / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    for i, nasty in enumerate(inert):
        for page in (tmp_path / "site" / "faq" / "index.html", tmp_path / "site" / "papers" / data["papers"][i]["id"] / "index.html"):
            html = page.read_text(encoding="utf-8")
            article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
            assert f"Nasty{i}Here" in article, page
            assert_inert(article, f"{page} {nasty!r}")
    refused = [nasty for nasty in NASTY if nasty not in inert]
    assert refused
    for nasty in refused:
        data = yaml.safe_load(original)
        data["faq"][0]["answer"] += f"\n\nNastyHere {nasty}"
        data["papers"][0]["title"] += f" NastyHere {nasty}"
        (project / "resources.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        result = mkdocs("build", "--site-dir", str(tmp_path / "refused"), cwd=project)
        assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
        assert "resources.yaml:" in result.stderr and "\\href is not allowed" in result.stderr, result.stderr

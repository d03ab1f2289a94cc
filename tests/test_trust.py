"""Trust and reuse (issue 17): the "Report a mistake" link of every paper, formula, notion and FAQ
entry, corrections on their page, on the Corrections page and in the feeds, their validation, the
licences and the exports that name them, and /llms.txt with its Markdown copies."""

from __future__ import annotations

import json
import re
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT, copy_project, mkdocs
from cvsite import exports, llms, plaintext, render
from cvsite.link import load_site
from pybtex.database import parse_file

SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
REPO_URL = re.search(r"^repo_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
FORM = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "report-mistake.yml").read_text(encoding="utf-8"))


class _Reports(HTMLParser):
    """The report links of a page, each with the id of the last heading before it."""

    def __init__(self, html: str):
        super().__init__()
        self.heading, self.links = "", []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag) and attrs.get("id"):
            self.heading = attrs["id"]
        if tag == "a" and "report-mistake" in (attrs.get("class") or "").split():
            self.links.append((self.heading, attrs["href"]))


def _query(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/issues/new", href
    query = {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}
    assert query.pop("template") == "report-mistake.yml"
    assert query.pop("title") == f"Mistake on {query['page']}"
    return query


def _reports(built_site: Path, path: str) -> list[tuple[str, dict[str, str]]]:
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    return [(heading, _query(href)) for heading, href in _Reports(html).links]


# --- Report a mistake -----------------------------------------------------------------------------


def test_the_form_asks_what_is_wrong_what_the_source_says_and_where():
    fields = {item["id"]: item for item in FORM["body"] if "id" in item}
    assert {"page", "address", "wrong", "source_says", "source_url"} <= set(fields)
    assert all(fields[name]["validations"]["required"] for name in ("wrong", "source_says", "source_url"))
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / render.REPORT_FORM).is_file()
    assert REPO_URL.startswith("https://github.com/cv-resources/")  # the placeholder owner of site_url


def test_every_paper_page_has_its_own_report_link(built_site, port):
    base = f"http://127.0.0.1:{port}/"
    for paper in SITE.catalogue.papers:
        [(heading, query)] = _reports(built_site, f"papers/{paper.id}")
        assert query == {"page": f"papers/{paper.id}", "address": f"{base}papers/{paper.id}/"}
        assert heading == "checks-and-corrections"


def test_every_formula_notion_and_faq_entry_has_its_own_report_link_in_its_section(built_site, port):
    base = f"http://127.0.0.1:{port}/"
    losses = _reports(built_site, "losses")
    in_page_order = [f for kind in ("loss", "metric", "sampling") for f in SITE.catalogue.formulas if f.kind == kind]
    assert losses == [(f.id, {"page": f"formulas/{f.id}", "address": f"{base}losses/#{f.id}"}) for f in in_page_order]
    faq = _reports(built_site, "faq")
    grouped = [q for topic in SITE.catalogue.topics for q in SITE.catalogue.faq if q.topic == topic.id]  # the page groups by topic
    assert faq == [(q.id, {"page": f"faq/{q.id}", "address": f"{base}faq/#{q.id}"}) for q in grouped]
    notions = [item for topic in SITE.catalogue.topics for item in _reports(built_site, f"topics/{topic.id}")]
    expected = [(n.id, {"page": f"notions/{n.id}", "address": f"{base}topics/{n.topic}/#{n.id}"})
                for topic in SITE.catalogue.topics for n in SITE.catalogue.notions if n.topic == topic.id]
    assert notions == expected


@pytest.mark.browser
def test_the_report_link_is_a_plain_link_and_the_page_asks_no_other_host(page, server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/papers/meta-pseudo-labels/", wait_until="networkidle")
    link = page.locator("a.report-mistake")
    assert link.inner_text().strip() == "Report a mistake"
    assert link.is_visible()
    query = _query(link.get_attribute("href"))
    assert query == {"page": "papers/meta-pseudo-labels", "address": f"{server}/papers/meta-pseudo-labels/"}
    assert page.locator("[data-md-component=source]").count() == 0  # Material would ask api.github.com for stars
    assert page.locator("a.md-source").first.get_attribute("href") == REPO_URL
    outside = [url for url in requests if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")]
    assert requests and not outside, outside


# --- Corrections ----------------------------------------------------------------------------------


def test_issue_16_corrections_are_recorded_with_their_sources():
    corrected = {key for key, _, _ in SITE.corrections()}
    assert {"papers/meta-pseudo-labels", "papers/swin", "papers/ddpm"} <= corrected
    assert "Minh-Thang Luong" in SITE.papers["meta-pseudo-labels"].authors
    assert all(c.source.startswith("https://") for _, _, c in SITE.corrections())


@pytest.mark.browser
def test_a_correction_shows_at_the_foot_of_its_page(page, server):
    page.goto(f"{server}/papers/meta-pseudo-labels/")
    correction = SITE.papers["meta-pseudo-labels"].corrections[0]
    shown = page.locator("p.correction")
    assert shown.count() == 1
    text = " ".join(shown.inner_text().split())
    assert text.startswith(f"Corrected on {correction.date.isoformat()}: The author list now has the five authors")
    assert shown.locator("a").get_attribute("href") == correction.source
    checked = page.locator("#checks-and-corrections + p .verified").inner_text()
    assert checked == f"facts checked {SITE.papers['meta-pseudo-labels'].checked.isoformat()}"


@pytest.mark.browser
def test_the_corrections_page_lists_every_correction_newest_first(page, server):
    page.goto(f"{server}/corrections/")
    items = page.locator("article li")
    expected = SITE.corrections()
    assert items.count() == len(expected) >= 7
    dates = []
    for i, (key, name, correction) in enumerate(expected):
        text = " ".join(items.nth(i).inner_text().split())
        assert text.startswith(f"{correction.date.isoformat()} · {name}: "), text
        assert items.nth(i).locator("a").last.get_attribute("href") == correction.source
        href = items.nth(i).locator("a").first.get_attribute("href")
        assert href.rstrip("/").endswith(key.split("/", 1)[1]), (href, key)
        dates.append(correction.date)
    assert dates == sorted(dates, reverse=True)


def test_corrections_of_formulas_notions_and_faq_render_in_their_sections(tmp_path):
    from cvsite.model import Correction

    fix = Correction(date="2026-12-01", change="The legend now names $C$.", source="https://arxiv.org/abs/1902.09630")
    cat = SITE.catalogue
    formula, notion, faq = cat.formulas[0], cat.notions[0], cat.faq[0]
    changed = cat.model_copy(update={
        "formulas": [formula.model_copy(update={"corrections": [fix]}), *cat.formulas[1:]],
        "notions": [notion.model_copy(update={"corrections": [fix]}), *cat.notions[1:]],
        "faq": [faq.model_copy(update={"corrections": [fix]}), *cat.faq[1:]],
    })
    site = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
    site.catalogue = changed
    site.formulas, site.notions, site.faq = ({e.id: e for e in items} for items in (changed.formulas, changed.notions, changed.faq))
    pages = {p.path: p.markdown for p in render.pages(site, ROOT / "docs", site_url="https://example.org/", repo_url=REPO_URL)}
    line = "**Corrected on 2026-12-01:** The legend now names $C$. ([source](https://arxiv.org/abs/1902.09630))"
    # a heading's attribute list starts with its anchor (search weights may follow it)
    for path, heading in (("losses.md", f"{{ #{formula.id}"), (f"topics/{notion.topic}.md", f"{{ #{notion.id}"),
                          ("faq.md", f"{{ #{faq.id}")):
        section = pages[path].split(heading, 1)[1].split("\n#", 1)[0]
        assert line in section, path
    items = exports.feed_items(site, "https://example.org/", limit=10_000)  # all of them: newer entries must not push these out
    assert {i.url for i in items if i.kind == "correction" and i.date.isoformat() == "2026-12-01"} == {
        f"https://example.org/losses/#{formula.id}", f"https://example.org/topics/{notion.topic}/#{notion.id}",
        f"https://example.org/faq/#{faq.id}"}


def test_corrections_are_in_both_feeds(built_site):
    corrections = SITE.corrections()
    feed = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    items = [item for item in feed["items"] if item["tags"] == ["correction"]]
    assert len(items) == len(corrections)
    for item, (_, name, correction) in zip(items, corrections, strict=True):
        assert item["title"] == plaintext.plain(f"Corrected: {name}")
        assert item["content_text"] == plaintext.plain(f"{correction.change} Source: {correction.source}")
        assert correction.source in item["content_text"]
        assert item["external_url"] == correction.source
        assert item["date_published"].startswith(correction.date.isoformat())
    assert len({item["id"] for item in feed["items"]}) == len(feed["items"])
    rss = ET.parse(built_site / "feed.xml").getroot()
    titles = [node.findtext("title") for node in rss.iter("item") if node.findtext("category") == "correction"]
    assert titles == [plaintext.plain(f"Corrected: {name}") for _, name, _ in corrections]


@pytest.mark.parametrize(
    ("name", "correction", "shift", "words"),
    [
        ("without a source", "      - date: 2026-12-01\n        change: The year was wrong.\n", 1,
         ".corrections[0].source: missing: this field is required"),
        ("with a bad date", "      - date: 2026-13-01\n        change: The year was wrong.\n        source: https://arxiv.org/abs/1512.03385\n",
         1, "'2026-13-01' is not a real date"),
        ("with a date that is not one", "      - date: soon\n        change: The year was wrong.\n        source: https://arxiv.org/abs/1512.03385\n",
         1, ".corrections[0].date: expected a date written YYYY-MM-DD"),
    ],
)
def test_a_bad_correction_fails_the_build_with_its_line(tmp_path, name, correction, shift, words):
    project = copy_project(tmp_path / "project")
    text = (project / "resources.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line == "  - id: resnet\n")
    added = next(i for i in range(at, len(lines)) if lines[i].startswith("    added: "))
    lines[added + 1:added + 1] = ["    corrections:\n", correction]
    (project / "resources.yaml").write_text("".join(lines), encoding="utf-8")
    result = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=project)
    assert result.returncode != 0
    line = added + 2 + shift  # 1-based: the correction's first line
    assert re.search(rf"resources\.yaml:{line}: papers\[\d+\] \(resnet\){re.escape(words)}", result.stderr) or \
        f"resources.yaml:{line}: {words}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


# --- Licences -------------------------------------------------------------------------------------


def test_licence_files_exist_and_the_readme_says_which_covers_what():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    content = (ROOT / "LICENSE-CONTENT").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in content
    assert "Section 1 -- Definitions." in content and "Section 8 -- Interpretation." in content  # the whole legal code
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Licences\n", 1)[1].split("\n## ", 1)[0]
    assert "`LICENSE`" in section and "MIT" in section and "`LICENSE-CONTENT`" in section and "CC BY 4.0" in section
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_every_export_names_the_data_licence(built_site):
    licence = exports.DATA_LICENSE
    assert licence["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert json.loads((built_site / "resources.json").read_text(encoding="utf-8"))["license"] == licence
    assert json.loads((built_site / "feed.json").read_text(encoding="utf-8"))["_license"] == licence
    copyright_ = ET.parse(built_site / "feed.xml").getroot().find("channel/copyright").text
    assert "CC BY 4.0" in copyright_ and licence["url"] in copyright_
    bib = (built_site / "references.bib").read_text(encoding="utf-8")
    header = bib.split("@", 1)[0]
    assert header.startswith("% references.bib") and "CC BY 4.0" in header and licence["url"] in header
    assert len(parse_file(built_site / "references.bib").entries) == len(SITE.catalogue.papers)  # the header is a comment
    assert licence["name"] in (built_site / "llms.txt").read_text(encoding="utf-8")


# --- llms.txt -------------------------------------------------------------------------------------


def test_llms_txt_lists_every_topic_paper_and_formula_and_every_link_resolves(built_site, server):
    text = (built_site / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith("# Deep Learning Computer Vision Resources\n\n> ")
    links = re.findall(r"\]\((\S+?)\)", text)
    base = f"{server}/"
    for kind, entries in (("topics", SITE.catalogue.topics), ("papers", SITE.catalogue.papers), ("formulas", SITE.catalogue.formulas)):
        section = text.split(f"\n## {kind.capitalize()}\n", 1)[1].split("\n## ", 1)[0]
        lines = [line for line in section.splitlines() if line.startswith("- [")]
        assert [re.search(r"\]\((\S+?)\)", line).group(1) for line in lines] == [f"{base}{kind}/{e.id}/index.md" for e in entries]
    for url in links:
        assert url.startswith(base), url
        with urllib.request.urlopen(url) as response:  # noqa: S310 - the local test server
            assert response.status == 200, url
            body = response.read().decode("utf-8")
        assert body.strip(), url


def test_markdown_copies_are_clean_and_carry_the_facts(built_site):
    mpl = (built_site / "papers" / "meta-pseudo-labels" / "index.md").read_text(encoding="utf-8")
    paper = SITE.papers["meta-pseudo-labels"]
    assert mpl.startswith(f"# {paper.title}\n")
    assert f"- Authors: {', '.join(paper.authors)}" in mpl
    assert "| ImageNet-1k val top-1 accuracy | 90.2% |" in mpl
    assert f"- Corrected on {paper.corrections[0].date}: " in mpl
    assert "```bibtex\n@inproceedings{pham2021mpl," in mpl
    for path in llms.copies(SITE, "https://example.org/"):
        copy = (built_site / path).read_text(encoding="utf-8")
        assert not re.search(r":material-|\{:|\{ \.|<span|<div", copy), path  # no icons, attribute lists or HTML of ours

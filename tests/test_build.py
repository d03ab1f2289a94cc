"""The real catalogue builds strictly, every entry is on the site, and no internal link or anchor
is broken (MkDocs' own `validation:` during the strict build, and lychee over the output)."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import yaml
from conftest import ROOT, copy_project, mkdocs
from cvsite.link import load_site
from cvsite.render import text as md_text
from integrity import visible_text

SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")


def page_text(site: Path, path: str) -> str:
    return html.unescape((site / path / "index.html").read_text(encoding="utf-8"))


def all_html(site: Path) -> str:
    return "\n".join(html.unescape(p.read_text(encoding="utf-8")) for p in site.rglob("*.html"))


def test_every_paper_has_its_page(built_site):
    for paper in SITE.catalogue.papers:
        raw = (built_site / "papers" / paper.id / "index.html").read_text(encoding="utf-8")
        assert f"<title>{html.escape(paper.title)} - " in raw  # escaped once, not twice
        page = page_text(built_site, f"papers/{paper.id}")
        assert paper.title in page, paper.id
        assert paper.short_name in page
        assert "```" not in page  # the BibTeX block was rendered, not left as Markdown
        if paper.arxiv:
            assert f"https://arxiv.org/abs/{paper.arxiv}" in page


def test_every_link_is_on_the_site(built_site):
    everything = all_html(built_site)
    for owner, link in SITE.links():
        assert f'href="{html.unescape(link.url)}"' in everything or link.url in everything, (owner, link.url)
        assert link.title in everything, (owner, link.title)


def test_every_formula_notion_and_question_has_its_anchor(built_site):
    losses = page_text(built_site, "losses")
    for formula in SITE.catalogue.formulas:
        assert f'id="{formula.id}"' in losses, formula.id
    for notion in SITE.catalogue.notions:
        assert f'id="{notion.id}"' in page_text(built_site, f"topics/{notion.topic}"), notion.id
    faq = page_text(built_site, "faq")
    shown = visible_text(faq)
    for entry in SITE.catalogue.faq:  # a question's `code` is shown as code, without its backticks
        assert f'id="{entry.id}"' in faq and entry.question.replace("`", "") in shown, entry.id


def test_faq_is_grouped_by_topic_in_the_topics_order(built_site):
    faq = page_text(built_site, "faq")
    headings = re.findall(r'<h([23]) id="([^"]+)"', faq)
    groups = [anchor for level, anchor in headings if level == "2"]
    filed = {entry.topic for entry in SITE.catalogue.faq}
    assert groups == [t.id for t in SITE.catalogue.topics if t.id in filed]  # one group per topic, in order
    group = None
    for level, anchor in headings:
        if level == "2":
            group = anchor
        elif anchor in SITE.faq:
            assert SITE.faq[anchor].topic == group, (anchor, group)  # each question under its own topic
    shown = visible_text(faq)
    for topic in SITE.catalogue.topics:
        if topic.id in filed:
            assert topic.title in shown, topic.id


def test_every_topic_has_faq_answers_linked_from_its_page(built_site):
    for topic in SITE.catalogue.topics:
        questions = [q for q in SITE.catalogue.faq if q.topic == topic.id]
        assert questions, f"topic '{topic.id}' has no FAQ answer"
        page = page_text(built_site, f"topics/{topic.id}")
        assert f'href="../../faq/#{topic.id}"' in page, topic.id
        for question in questions:
            assert f'href="../../faq/#{question.id}"' in page, (topic.id, question.id)


def test_backlinks_both_ways(built_site):
    losses = page_text(built_site, "losses")
    for formula_id, papers in SITE.papers_using_formula.items():
        section = losses.split(f'id="{formula_id}"', 1)[1].split("<h3", 1)[0]
        for paper in papers:
            assert f"../papers/{paper.id}/" in section, (formula_id, paper.id)
    for paper in SITE.catalogue.papers:
        page = page_text(built_site, f"papers/{paper.id}")
        for ref in paper.formulas:
            assert f"../../losses/#{ref}" in page
        for ref in paper.builds_on:
            assert f"../{ref}/" in page
        for follower in SITE.followers.get(paper.id, []):
            assert f"../{follower.id}/" in page


def test_math_in_captions_and_legends_is_typeset_not_shown_raw(built_site):
    """Equation captions and legend meanings are Markdown: their $...$ is typeset as MathML, never a literal $."""
    pages = [page_text(built_site, "losses")] + [page_text(built_site, f"papers/{p.id}") for p in SITE.catalogue.papers if p.equations]
    assert any("$" in e.caption for p in SITE.catalogue.papers for e in p.equations)
    assert any("$" in entry.meaning for f in SITE.catalogue.formulas for entry in f.legend)
    for page in pages:
        assert 'class="arithmatex"' not in page  # every formula was typeset at build time
        outside_math = re.sub(r'<math\b.*?</math>', "", page, flags=re.S)  # what is inside the math is not prose
        for cell in re.findall(r"<td>(.*?)</td>|<p>(.*?)</p>", outside_math, flags=re.S):
            assert "$" not in "".join(cell), cell


def test_referenced_by_lists_the_pages_that_link_to_a_paper(built_site):
    """Every paper that builds on ResNet, and its topic page, link to it; the index pages (which link to
    every paper) are left out."""
    page = page_text(built_site, "papers/resnet")
    section = page.split('id="referenced-by"', 1)[1]
    items = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', section)
    hrefs = {href for href, _ in items}
    for follower in SITE.followers["resnet"]:
        assert f"../{follower.id}/" in hrefs, follower.id
        assert follower.title in {title for _, title in items}
    assert "../../topics/image-classification/" in hrefs
    assert not hrefs & {"../", "../../timeline/", "../../bibliography/"}, hrefs


def test_no_broken_internal_link_or_anchor(built_site):
    lychee = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "lychee"
    result = subprocess.run(
        [str(lychee), "--offline", "--include-fragments", "--index-files", "index.html", "--no-progress", "--root-dir", str(built_site),
         "--exclude-path", str(built_site / "assets"), str(built_site)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"[1-9]\d* (OK|Total)", result.stdout + result.stderr), result.stdout


def test_broken_catalogue_stops_the_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    resources = project / "resources.yaml"
    lines = resources.read_text(encoding="utf-8").splitlines()
    year_line = next(i for i, line in enumerate(lines) if line.strip().startswith("year:"))
    lines[year_line] = lines[year_line].replace("year:", "year: 2015\n    year:", 1)
    resources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "out"), cwd=project)
    assert result.returncode != 0
    assert f"resources.yaml:{year_line + 2}:" in result.stderr, result.stderr
    assert "duplicate key 'year'" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) < 40  # one screen


def test_generated_markdown_escapes_plain_text():
    assert md_text("a <b> [c](javascript:x) $x$ *y*") == (
        "a &#60;b&#62; &#91;c&#93;&#40;javascript&#58;x&#41; &#36;x&#36; &#42;y&#42;"
    )


def test_catalogue_is_plain_yaml():
    assert yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["topics"]


def test_one_bibtex_entry_per_paper():
    assert sorted(SITE.bibliography.entries) == sorted(paper.bibtex for paper in SITE.catalogue.papers)


def test_unknown_tag_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    about = project / "docs" / "about.md"
    about.write_text("---\ntags: [Not a real tag]\n---\n\n" + about.read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "out"), cwd=project)
    assert result.returncode != 0
    assert "Not a real tag" in result.stderr


def test_pages_have_descriptions_and_open_graph(built_site):
    for path in ["papers/resnet", "topics/object-detection", "losses", "faq", "about", ""]:
        raw = (built_site / path / "index.html").read_text(encoding="utf-8")
        description = re.search(r'<meta name="description" content="([^"]+)">', raw)
        assert description and len(description.group(1)) > 30, path
        assert '<meta property="og:title"' in raw and '<meta property="og:description"' in raw, path
    paper = SITE.papers["resnet"]
    raw = (built_site / "papers" / "resnet" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="description" content="ResNet \(2015\): ', raw)
    assert f'href="../../tags/#tag:{paper.year}"' in raw or f"tag:{paper.year}" in raw


def edges_of(page: str) -> set[tuple[str, str]]:
    return set(re.findall(r'class="lineage-edge" data-from="([a-z0-9-]+)" data-to="([a-z0-9-]+)"', page))


def test_lineage_diagrams(built_site):
    detection = (built_site / "topics" / "object-detection" / "index.html").read_text(encoding="utf-8")
    segmentation = (built_site / "topics" / "image-segmentation" / "index.html").read_text(encoding="utf-8")
    losses = (built_site / "losses" / "index.html").read_text(encoding="utf-8")
    assert {("rcnn", "fast-rcnn"), ("fast-rcnn", "faster-rcnn")} <= edges_of(detection)
    assert ("faster-rcnn", "mask-rcnn") in edges_of(segmentation)  # across topics
    assert {("iou-loss", "giou-loss"), ("giou-loss", "diou-loss"), ("diou-loss", "ciou-loss")} <= edges_of(losses)
    for paper in SITE.catalogue.papers:  # every edge of the catalogue is drawn on its topic's page
        page = (built_site / "topics" / paper.topic / "index.html").read_text(encoding="utf-8")
        for ref in paper.builds_on:
            assert (ref, paper.id) in edges_of(page), (ref, paper.id)


def test_link_pages_show_the_last_verified_date(tmp_path):
    project = copy_project(tmp_path / "project")
    owner, link = next(SITE.links())
    status = {link.url: {"verified": "2026-11-01", "status": 200}}
    (project / "docs" / "data" / "link-status.json").write_text(json.dumps(status), encoding="utf-8")
    result = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / owner / "index.html").read_text(encoding="utf-8")
    item = page.split(f'href="{link.url}"', 1)[1].split("</li>", 1)[0]
    assert "link checked 2026-11-01" in item

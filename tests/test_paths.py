"""Reading paths and lineage diagrams, from the real catalogue: the order respects `builds_on`, the
pages show it (topic path, Read first / Read next, previous / next, the home page's Start here and
the nav), and the diagrams are legible (no edge through a box, few crossings, they fit the column)."""

from __future__ import annotations

import html
import re
import sys

import pytest
from conftest import ROOT
from cvsite import lineage, paths
from cvsite.link import load_site

sys.path.insert(0, str(ROOT / "tests" / "bench"))
import lineage_metrics  # noqa: E402

SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
TOPICS_WITH_PAPERS = [t for t in SITE.catalogue.topics if SITE.papers_by_topic.get(t.id)]
# Issue 12's measurements of the hand-placed diagrams: crossings must fall by at least 80 %.
CROSSINGS_BEFORE = {"object-detection": 87, "image-classification": 36, "image-segmentation": 20}


def read(site, path: str) -> str:
    return html.unescape((site / path / "index.html").read_text(encoding="utf-8"))


def section(page: str, heading_id: str) -> str:
    """The HTML from a heading to the next h2."""
    start = page.index(f'id="{heading_id}"')
    end = page.find("<h2", start)
    return page[start : end if end > 0 else None]


def test_first_sentence():
    one = "YOLO treats detection as one regression problem."
    assert paths.first_sentence(one + " It is fast.") == one
    assert paths.first_sentence("It reaches 76.4% on VOC. Then more.") == "It reaches 76.4% on VOC."
    assert paths.first_sentence("One sentence only") == "One sentence only"
    assert paths.first_sentence("Uses 3x3 convs, e.g. in VGG. Next.") == "Uses 3x3 convs, e.g. in VGG."


@pytest.mark.parametrize("topic", TOPICS_WITH_PAPERS, ids=lambda t: t.id)
def test_a_topic_path_holds_each_paper_once_after_what_it_builds_on(topic):
    steps = paths.topic_path(SITE, topic.id)
    ids = [s.paper.id for s in steps]
    assert sorted(ids) == sorted(p.id for p in SITE.papers_by_topic[topic.id])
    for i, step in enumerate(steps):
        for ref in step.paper.builds_on:
            if ref in ids:
                assert ids.index(ref) < i, f"{step.paper.id} comes before {ref}, which it builds on"
    assert [s.stage for s in steps] == sorted((s.stage for s in steps), key=paths.STAGES.index)  # stages in order
    assert steps[0].stage == "Foundations"


def test_stages_follow_their_rules():
    detection = {s.paper.id: s.stage for s in paths.topic_path(SITE, "object-detection")}
    assert detection["rcnn"] == "Foundations"  # builds on AlexNet only, from another topic
    assert detection["faster-rcnn"] == "The main line"
    assert detection["yolo-v8"] == "Current"  # newest, and nothing builds on it yet


def test_a_cycle_would_not_be_silently_ordered():
    """ordered() drops nothing when there is no cycle (link.py refuses cycles before this runs)."""
    papers = SITE.catalogue.papers
    assert len(paths.ordered(papers)) == len(papers)


def test_topic_page_opens_with_its_reading_path_before_external_links(built_site):
    for topic in TOPICS_WITH_PAPERS:
        page = read(built_site, f"topics/{topic.id}")
        article = page.split('<article class="md-content__inner', 1)[1]
        headings = re.findall(r'<h2 id="([^"]+)"', article)
        assert headings[0] == "reading-path", (topic.id, headings)
        assert headings.index("lineage") < min(
            (headings.index(h) for h in headings if h not in {"reading-path", "lineage", "losses-and-metrics", "notions-and-techniques"}),
            default=len(headings),
        )
        shown = re.findall(r'<li><strong><a href="../../papers/([a-z0-9-]+)/">', section(article, "reading-path"))
        assert shown == [s.paper.id for s in paths.topic_path(SITE, topic.id)], topic.id
        numbers = [int(n) for n in re.findall(r'<ol class="reading-path" start="(\d+)">', article)]
        stages = paths.stages(paths.topic_path(SITE, topic.id))
        assert numbers == [1 + sum(len(s) for _, s in stages[:i]) for i in range(len(stages))]  # one numbering across stages


def test_paper_page_read_first_read_next_and_neighbours(built_site):
    for paper in SITE.catalogue.papers:
        page = read(built_site, f"papers/{paper.id}")
        if paper.builds_on:
            first = section(page, "read-first")
            for ref in paper.builds_on:
                other = SITE.papers[ref]
                assert f'href="../{ref}/"' in first, (paper.id, ref)
                assert paths.first_sentence(other.tldr) in first, (paper.id, ref)  # the why is the catalogue's own
        else:
            assert 'id="read-first"' not in page
        after = section(page, "read-next")
        for follower in SITE.followers.get(paper.id, []):
            assert f'href="../{follower.id}/"' in after and paths.first_sentence(follower.tldr) in after
        around = paths.neighbours(SITE, paper)
        nav = re.search(r'<p class="paper-path">(.*?)</p>', page, re.S).group(1)
        assert f"step {around.position} of {around.length}" in nav
        for word, other in (("previous", around.previous), ("next", around.next)):
            if other:
                assert f'{word}: <a href="../{other.id}/"' in nav, (paper.id, word)
            else:
                assert f"{word}:" not in nav, (paper.id, word)


def test_home_start_here_leads_to_a_first_paper_and_the_nav_follows_it(built_site):
    home = read(built_site, "")
    start = home.split('id="start-here"', 1)[1].split("</ol>", 1)[0]
    recommended = re.findall(r'<a href="topics/([a-z0-9-]+)/#reading-path">', start)
    first_papers = re.findall(r'start with <a href="papers/([a-z0-9-]+)/">', start)
    order = [t.id for t in paths.topic_order(SITE)]
    assert recommended == [t for t in order if SITE.papers_by_topic.get(t)]
    assert first_papers[0] == paths.topic_path(SITE, recommended[0])[0].paper.id
    assert (built_site / "papers" / first_papers[0] / "index.html").exists()
    nav = home.split('class="md-nav md-nav--primary', 1)[1]
    nav_topics = [t for t in re.findall(r'href="topics/([a-z0-9-]+)/"', nav) if t in order]
    assert list(dict.fromkeys(nav_topics)) == order


def test_topic_order_puts_a_topic_after_what_its_first_papers_build_on():
    order = [t.id for t in paths.topic_order(SITE)]
    assert order.index("image-classification") < order.index("object-detection") < order.index("multi-object-tracking")


# Lineage diagrams


def figures(page: str) -> list[str]:
    return re.findall(r'<figure class="lineage">(.*?)</figure>', page, re.S)


def variants(figure: str) -> dict[str, str]:
    """The desktop ("wide") and phone ("narrow") drawing of one figure."""
    found = {variant: svg for svg, variant in re.findall(r'(<svg class="lineage-diagram lineage-(wide|narrow)".*?</svg>)', figure, re.S)}
    assert set(found) == {"wide", "narrow"}
    return found


def test_every_diagram_fits_its_column_and_no_edge_crosses_a_box(built_site):
    pages = [f"topics/{t.id}" for t in TOPICS_WITH_PAPERS] + [f"papers/{p.id}" for p in SITE.catalogue.papers] + ["losses"]
    for path in pages:
        page = read(built_site, path)
        for figure in figures(page):
            for variant, svg in variants(figure).items():
                m = lineage_metrics.measure(svg)
                per_row = lineage.WIDE if variant == "wide" else lineage.NARROW
                assert m["width"] <= lineage.MAX_WIDTH[per_row], (path, variant, m)
                assert m["through"] == 0, (path, variant, m)


def test_crossings_fell_by_80_percent(built_site):
    for topic, before in CROSSINGS_BEFORE.items():
        page = read(built_site, f"topics/{topic}")
        crossings = sum(lineage_metrics.measure(variants(f)["wide"])["crossings"] for f in figures(page))
        assert crossings <= 0.2 * before, (topic, crossings)


def test_the_measure_sees_an_edge_through_a_box_and_a_crossing():
    """The metrics can fail: an edge drawn straight through a third box, and two edges that cross."""
    nodes = [lineage.Node(i, i, 2000, f"../../papers/{i}/") for i in ("a", "b", "c", "d")]
    drawn = lineage.svg(nodes, [("a", "b"), ("c", "d")], "test", "t")
    rect = r'papers/([a-z])/"><title>.*?</title><rect class="[^"]*" x="([\d.]+)" y="([\d.]+)"'
    boxes = {k: tuple(map(float, v)) for k, *v in re.findall(rect, drawn)}
    w, h = lineage.BOX_W, lineage.BOX_H
    top = {k: (x + w / 2, y) for k, (x, y) in boxes.items()}
    bottom = {k: (x + w / 2, y + h) for k, (x, y) in boxes.items()}
    middle = {k: (x + w / 2, y + h / 2) for k, (x, y) in boxes.items()}

    def redraw(svg: str, edge: str, *points: tuple[float, float]) -> str:
        d = "M" + " L".join(f"{x},{y}" for x, y in points)
        return re.sub(rf'(data-from="{edge[0]}" data-to="{edge[1]}" d=")[^"]*"', rf'\g<1>{d}"', svg)

    assert lineage_metrics.measure(drawn)["through"] == 0
    assert lineage_metrics.measure(redraw(drawn, "ab", bottom["a"], middle["c"], top["b"]))["through"] == 1
    crossed = redraw(redraw(drawn, "ab", bottom["a"], top["d"], top["b"]), "cd", bottom["c"], top["b"], top["d"])
    assert lineage_metrics.measure(crossed)["crossings"] == 1


def test_each_paper_page_draws_its_own_lineage(built_site):
    for paper in SITE.catalogue.papers:
        page = read(built_site, f"papers/{paper.id}")
        drawn = set(re.findall(r'class="lineage-edge" data-from="([a-z0-9-]+)" data-to="([a-z0-9-]+)"', page))
        followers = SITE.followers.get(paper.id, [])
        expected = {(ref, paper.id) for ref in paper.builds_on} | {(paper.id, f.id) for f in followers}
        if len(followers) <= lineage.MAX_FOLLOWERS:
            assert drawn == expected, paper.id
        else:  # a much-followed paper draws a few of them, its own topic's first, and says how many more there are
            assert drawn < expected and len(drawn) == len(paper.builds_on) + lineage.MAX_FOLLOWERS, paper.id
            same_topic = [f.id for f in sorted(followers, key=lambda f: (f.year, f.id)) if f.topic == paper.topic]
            assert {(paper.id, f) for f in same_topic[: lineage.MAX_FOLLOWERS]} <= drawn, paper.id
            assert f"And {len(followers) - lineage.MAX_FOLLOWERS} more papers build on it" in page, paper.id


@pytest.mark.browser
@pytest.mark.parametrize(("width", "variant"), [(1366, "wide"), (390, "narrow")])
def test_no_lineage_is_wider_than_its_column(browser, server, width, variant):
    """At 1366 px (desktop) and 390 px (phone), every lineage drawing shown fits the article column:
    nothing to scroll sideways, and it is drawn at full size (not shrunk to fit)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    pages = [f"/topics/{t.id}/" for t in TOPICS_WITH_PAPERS] + ["/losses/", "/papers/resnet/", "/papers/faster-rcnn/"]
    for path in pages:
        page.goto(server + path)
        drawings = page.evaluate(
            """() => [...document.querySelectorAll('figure.lineage svg')].filter(s => s.getBoundingClientRect().width > 0).map(s => ({
                   variant: s.classList.contains('lineage-wide') ? 'wide' : 'narrow',
                   drawn: s.getBoundingClientRect().width, natural: Number(s.getAttribute('width')),
                   column: document.querySelector('article.md-content__inner').clientWidth,
                   scroll: s.closest('figure').scrollWidth - s.closest('figure').clientWidth }))"""
        )
        assert drawings, path
        for d in drawings:
            assert d["variant"] == variant, (path, d)
            assert d["natural"] <= d["column"] and d["drawn"] == d["natural"] and d["scroll"] <= 0, (path, d)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    context.close()

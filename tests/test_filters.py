"""Catalogue filters: narrowing by task, year, kind and recommended shows exactly the matching
entries; without JavaScript everything is shown and no control appears."""

from __future__ import annotations

import pytest
from conftest import ROOT
from cvsite.link import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")


def visible(page, selector: str) -> int:
    return page.evaluate(f"[...document.querySelectorAll('{selector}')].filter(e => e.offsetParent !== null).length")


def test_timeline_narrows_to_one_task_and_year(page, server):
    page.goto(f"{server}/timeline/")
    form = page.locator("form.catalogue-filters")
    form.wait_for()
    assert visible(page, "article li") == len(SITE.catalogue.papers)
    form.locator("select[name=tags]").select_option("object-detection")
    detection = [p for p in SITE.catalogue.papers if p.topic == "object-detection"]
    assert visible(page, "article li") == len(detection)
    assert f"{len(detection)} of {len(SITE.catalogue.papers)} shown" in form.inner_text()
    form.locator("select[name=year]").select_option("2015")
    expected = {p.short_name for p in detection if p.year == 2015}
    shown = page.evaluate(
        "[...document.querySelectorAll('article li')].filter(e => e.offsetParent !== null).map(e => e.querySelector('strong').innerText)"
    )
    assert set(shown) == expected and expected
    # the headings of years with nothing left are hidden too
    headings = page.evaluate(
        "[...document.querySelectorAll('article h2')].filter(e => e.offsetParent !== null).map(e => e.innerText.trim())"
    )
    assert [h.rstrip("¶").strip() for h in headings] == ["2015"]


def test_topic_page_filters_links_by_kind_and_recommended(page, server):
    topic = next(t for t in SITE.catalogue.topics if sum(link.recommended for link in t.resources) and len(t.resources) >= 5)
    page.goto(f"{server}/topics/{topic.id}/")
    form = page.locator("form.catalogue-filters")
    form.wait_for()
    form.locator("input[name=recommended]").check()
    rows = page.evaluate(
        "[...document.querySelectorAll('article .filter-item')]"
        ".filter(e => e.closest('li, tr').offsetParent !== null).map(e => e.dataset.recommended || '')"
    )
    recommended = sum(link.recommended for link in topic.resources)
    assert rows == ["true"] * recommended


def test_without_javascript_everything_is_shown(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/timeline/")
    assert page.locator("form.catalogue-filters").count() == 0
    assert visible(page, "article li") == len(SITE.catalogue.papers)
    context.close()


def test_a_filter_that_empties_the_list_says_why(page, server):
    page.goto(f"{server}/timeline/")
    form = page.locator("form.catalogue-filters")
    form.wait_for()
    years = {p.year for p in SITE.catalogue.papers}
    empty_year = next(
        str(y) for y in sorted(years) if not any(p.year == y and p.topic == "multi-object-tracking" for p in SITE.catalogue.papers)
    )
    form.locator("select[name=tags]").select_option("multi-object-tracking")
    form.locator("select[name=year]").select_option(empty_year)
    assert visible(page, "article li") == 0
    status = form.locator("output").inner_text()
    assert "Nothing here matches" in status and "multi object tracking" in status and empty_year in status


def test_recommended_only_keeps_the_reading_path(page, server):
    """Papers cannot be starred: the filter applies to the link lists, and the topic's papers stay."""
    topic = next(t for t in SITE.catalogue.topics if sum(link.recommended for link in t.resources) and SITE.papers_by_topic.get(t.id))
    page.goto(f"{server}/topics/{topic.id}/")
    form = page.locator("form.catalogue-filters")
    form.wait_for()
    form.locator("input[name=recommended]").check()
    assert visible(page, "ol.reading-path > li") == len(SITE.papers_by_topic[topic.id])
    assert "recommended only" in form.locator("output").inner_text()

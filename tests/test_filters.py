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

"""The paper index ("All papers"): every paper with its name, year, topic, tags and the first sentence
of its TL;DR; filters and sorting in the browser whose state is in the address, so a view can be
shared; the whole list without JavaScript; a compact list on a phone."""

from __future__ import annotations

import pytest
from conftest import ROOT
from cvsite import paths
from cvsite.link import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
PAPERS = SITE.catalogue.papers


def shown(page) -> list[str]:
    """The names of the papers a reader sees, in the order shown."""
    return page.evaluate(
        "[...document.querySelectorAll('ul.paper-index > li')].filter(li => li.offsetParent !== null)"
        ".map(li => li.querySelector('a').textContent)"
    )


def tags_of(paper) -> set[str]:
    return set(paper.notions) | set(paper.formulas)


def test_every_paper_is_listed_with_its_summary_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/papers/")
    assert page.locator("form.paper-index-filters").count() == 0
    order = [step.paper for topic in paths.topic_order(SITE) for step in paths.topic_path(SITE, topic.id)]
    assert shown(page) == [p.short_name for p in order]
    for paper in PAPERS:
        entry = page.locator("ul.paper-index > li", has=page.locator(f'a[href="{paper.id}/"]'))
        text = entry.inner_text()
        assert paths.first_sentence(paper.tldr) in text, paper.id
        assert str(paper.year) in text and SITE.topics[paper.topic].title in text, paper.id
        for tag in tags_of(paper):
            name = SITE.notions[tag].title if tag in SITE.notions else SITE.formulas[tag].name
            assert name in text, (paper.id, tag)
    context.close()


def test_filters_narrow_the_list_and_live_in_the_address(page, server):
    page.goto(f"{server}/papers/")
    form = page.locator("form.paper-index-filters")
    form.wait_for()
    assert len(shown(page)) == len(PAPERS)
    # topic is chosen by its title, not its slug
    form.locator("select[name=topic]").select_option(label="Object detection")
    form.locator("select[name=from]").select_option("2018")
    expected = [p for p in PAPERS if p.topic == "object-detection" and p.year >= 2018]
    assert sorted(shown(page)) == sorted(p.short_name for p in expected) and expected
    assert "topic=object-detection" in page.url and "from=2018" in page.url
    assert f"{len(expected)} of {len(PAPERS)} papers" in form.locator("output").inner_text()
    form.locator("input[name=code]").check()
    with_code = [p for p in expected if p.code]
    assert sorted(shown(page)) == sorted(p.short_name for p in with_code)
    form.locator("select[name=sort]").select_option("newest")
    years = [next(p.year for p in PAPERS if p.short_name == name) for name in shown(page)]
    assert years == sorted(years, reverse=True)
    shared = page.url
    assert "code=1" in shared and "sort=newest" in shared

    # the shared address opens the same view in a fresh page
    other = page.context.new_page()
    other.goto(shared)
    other.locator("form.paper-index-filters").wait_for()
    assert shown(other) == shown(page)
    assert other.locator("select[name=topic]").input_value() == "object-detection"
    other.close()


def test_tag_and_words_and_an_empty_result_says_why(page, server):
    page.goto(f"{server}/papers/?tag=anchor-boxes")
    form = page.locator("form.paper-index-filters")
    form.wait_for()
    tagged = [p.short_name for p in PAPERS if "anchor-boxes" in tags_of(p)]
    assert sorted(shown(page)) == sorted(tagged) and tagged
    form.locator("select[name=tag]").select_option("")
    form.locator("input[name=q]").fill("kalman filter")
    words = ("kalman", "filter")
    matching = [p.short_name for p in PAPERS if all(w in (p.short_name + p.title + paths.first_sentence(p.tldr)).lower() for w in words)]
    assert set(matching) <= set(shown(page)) and shown(page)
    assert "q=kalman+filter" in page.url
    form.locator("input[name=q]").fill("no paper says zyzzyva")
    assert shown(page) == []
    status = form.locator("output").inner_text()
    assert "No paper matches" in status and "zyzzyva" in status
    form.get_by_role("button", name="Show all").click()
    assert len(shown(page)) == len(PAPERS) and "?" not in page.url


def test_on_a_phone_it_is_a_compact_list(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}/papers/")
    assert page.locator("article table").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing to scroll sideways
    entry = page.locator("ul.paper-index > li").first.bounding_box()
    assert entry["width"] <= 390
    context.close()

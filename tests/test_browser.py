"""The built site in headless Chromium: math renders, nothing leaves 127.0.0.1, search finds a
paper, and math is typeset again after instant navigation."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from cvsite.link import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
A_PAPER_WITH_MATH = next(p for p in SITE.catalogue.papers if p.equations or "$" in "".join(p.key_ideas))


def wait_for_math(page) -> None:
    """Wait until the loader has finished with the page now shown (instant navigation swaps pages)."""
    page.wait_for_function(
        """() => { const root = document.documentElement;
                   return root.dataset.mathPath === location.pathname && ['typeset', 'error'].includes(root.dataset.math); }""",
        timeout=30_000,
    )
    assert page.evaluate("document.documentElement.dataset.math") == "typeset"


def math_report(page) -> dict:
    return page.evaluate(
        """() => ({
            math: document.querySelectorAll('article .arithmatex').length,
            rendered: document.querySelectorAll('article .arithmatex mjx-container').length,
            errors: document.querySelectorAll('mjx-merror, [data-mjx-error]').length,
        })"""
    )


def test_formulas_render_without_mathjax_error(page, server):
    page.goto(f"{server}/losses/")
    wait_for_math(page)
    report = math_report(page)
    assert report["math"] > 0
    assert report["rendered"] == report["math"], report
    assert report["errors"] == 0, report


@pytest.mark.parametrize("path", ["/", "/losses/", "/faq/", f"/papers/{A_PAPER_WITH_MATH.id}/", "/topics/object-detection/"])
def test_every_math_page_renders_and_no_request_leaves_localhost(page, server, path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + path, wait_until="networkidle")
    if page.evaluate("document.querySelectorAll('article .arithmatex').length"):
        wait_for_math(page)
        report = math_report(page)
        assert report["errors"] == 0 and report["rendered"] == report["math"], report
    page.wait_for_load_state("networkidle")
    assert requests, "the page made no request at all"
    outside = [url for url in requests if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")]
    assert not outside, outside


def test_page_without_math_loads_no_mathjax(page, server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/about/", wait_until="networkidle")
    page.wait_for_function("document.documentElement.dataset.math === 'none'", timeout=30_000)
    assert not [url for url in requests if "mathjax/" in url.lower()], requests


def test_search_finds_a_paper(page, server):
    paper = SITE.papers["resnet"] if "resnet" in SITE.papers else SITE.catalogue.papers[0]
    page.goto(f"{server}/")
    page.keyboard.press("/")  # Material's shortcut opens the search dialog
    page.locator("input.md-search__input").press_sequentially(paper.short_name, delay=30)
    result = page.locator(f".md-search-result__link[href*='papers/{paper.id}/']").first
    result.wait_for(timeout=30_000)
    result.click()
    page.wait_for_url(f"**/papers/{paper.id}/**")
    page.locator("article.md-content__inner h1", has_text=paper.title).wait_for(timeout=30_000)


def test_math_renders_again_after_instant_navigation(page, server):
    page.goto(f"{server}/faq/")
    wait_for_math(page)
    # instant navigation: the page is swapped by Material's router, not reloaded
    page.evaluate("window.__same_document = true")
    page.locator(".md-tabs a[href$='losses/'], .md-nav a[href$='losses/']").first.click()
    page.wait_for_url("**/losses/")
    assert page.evaluate("window.__same_document") is True, "the navigation reloaded the page"
    wait_for_math(page)
    report = math_report(page)
    assert report["math"] > 0 and report["rendered"] == report["math"] and report["errors"] == 0, report
    page.locator(f"article a[href*='papers/{A_PAPER_WITH_MATH.id}/']").first.click()
    page.wait_for_url(f"**/papers/{A_PAPER_WITH_MATH.id}/")
    assert page.evaluate("window.__same_document") is True
    wait_for_math(page)
    report = math_report(page)
    assert report["rendered"] == report["math"] and report["errors"] == 0, report


def test_every_page_with_math_renders_without_error(page, server, built_site):
    """Every generated page with math, typeset in the browser: no MathJax error anywhere."""
    paths = sorted(
        "/" + str(html.parent.relative_to(built_site)).replace(".", "") + "/"
        for html in built_site.rglob("index.html")
        if 'class="arithmatex"' in html.read_text(encoding="utf-8")
    )
    assert len(paths) > 20
    failures = {}
    for path in paths:
        page.goto(server + path.replace("//", "/"))
        wait_for_math(page)
        report = math_report(page)
        if report["errors"] or report["rendered"] != report["math"]:
            failures[path] = report
    assert not failures, failures


def test_lineage_diagram_links_to_papers(page, server):
    page.goto(f"{server}/topics/object-detection/")
    wait_for_math(page) if page.evaluate("document.querySelectorAll('article .arithmatex').length") else None
    node = page.locator("figure.lineage svg a").first
    node.wait_for()
    href = node.get_attribute("xlink:href")
    assert href and href.startswith("../../papers/")
    node.click()
    page.wait_for_url(f"**/papers/{href.split('/')[-2]}/")
    page.locator("article.md-content__inner h1").wait_for()


def test_bibtex_copy_button_copies_the_entry(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    paper = SITE.papers["bytetrack"]
    page.goto(f"{server}/papers/{paper.id}/")
    page.locator("#cite ~ div.highlight button[data-md-type=copy]").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == SITE.bibliography.entries[paper.bibtex].strip()
    context.close()

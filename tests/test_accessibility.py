"""axe-core (through axe-playwright-python) finds no violation on any page type, in the light and the
dark scheme, once the math fonts and stylesheet are in."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import MATH_SETTLED, ROOT
from cvsite.link import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
# The sparsest paper page: as few results, formulas and explainers as there are.
SPARSE_PAPER = min(SITE.catalogue.papers, key=lambda p: len(p.results) + len(p.equations) + len(p.explainers))

PAGES = [
    "/",
    "/topics/object-detection/",
    "/topics/cnn-basics/",
    "/papers/diou/",  # formulas typeset as MathML (drawn by the browser, read by screen readers)
    f"/papers/{SPARSE_PAPER.id}/",
    "/losses/",  # formulas, NumPy tabs, lineage diagram and the box playground
    "/faq/",
    "/papers/",
    "/benchmarks/",  # the benchmarks index
    "/benchmarks/coco-test-dev-box-ap/",  # a benchmark page: progress chart and sortable table
    "/papers/?topic=object-detection&from=2018&code=1",  # the paper index with its filters in use
    "/timeline/",
    "/tags/",
    "/bibliography/",
    "/about/",
    "/contributing/",
    # The test server (http.server) answers /does-not-exist/ with its own page, so load the site's 404 page itself.
    "/404.html",
]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme

AXE = Axe()
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def wait_until_settled(page) -> None:
    """Check the page as a reader sees it: the math font loaded and Temml's stylesheet applied."""
    page.wait_for_function(MATH_SETTLED, timeout=120_000)  # a limit to wait, not a timing
    page.wait_for_load_state("networkidle")


def test_the_chosen_pages_are_what_they_claim():
    """diou really has math, and the sparse paper is a different page."""
    assert SITE.papers["diou"].equations
    assert SPARSE_PAPER.id != "diou"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(page, server, path, scheme):
    # Material's palette follows the system by default, so the emulated preference picks the scheme.
    page.emulate_media(color_scheme=scheme)
    response = page.goto(server + path)
    assert response is not None and response.ok, path
    wait_until_settled(page)
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme]
    # The schemes differ only in colours (Material switches one attribute), so the dark one runs the rules
    # that read colours; the light one runs every rule.
    results = AXE.run(page) if scheme == "light" else AXE.run(page, options={"runOnly": COLOUR_RULES, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{path} ({scheme}):\n{results.generate_report()}"


def test_axe_in_the_dark_scheme_would_catch_unreadable_text(page, server):
    """The dark scheme's colour rules can fail: grey text on the dark background is reported."""
    page.emulate_media(color_scheme="dark")
    page.goto(f"{server}/about/")
    wait_until_settled(page)
    page.evaluate("document.querySelector('article p').style.color = '#333'")
    results = AXE.run(page, options={"runOnly": COLOUR_RULES, "resultTypes": ["violations"]})
    assert "color-contrast" in [violation["id"] for violation in results.response["violations"]]


def test_axe_would_catch_a_violation(page, server):
    """The check above can fail: an image without alt text on a real page is reported."""
    page.goto(f"{server}/about/")
    wait_until_settled(page)
    page.evaluate("document.querySelector('article').append(document.createElement('img'))")
    results = AXE.run(page)
    assert "image-alt" in [violation["id"] for violation in results.response["violations"]]


def test_lighthouse_of_make_audit_is_pinned_exactly():
    package = json.loads((ROOT / "tests" / "audit" / "package.json").read_text())
    lock = json.loads((ROOT / "tests" / "audit" / "package-lock.json").read_text())
    assert package["dependencies"] == {"lighthouse": "12.2.3"}
    assert lock["packages"]["node_modules/lighthouse"]["version"] == "12.2.3"

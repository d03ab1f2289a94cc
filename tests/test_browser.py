"""The built site in headless Chromium: nothing leaves 127.0.0.1, links and buttons work. Math as
readers see it is in test_math.py, search in test_search.py."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import MATH_SETTLED, ROOT
from cvsite.link import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
A_PAPER_WITH_MATH = next(p for p in SITE.catalogue.papers if p.equations or "$" in "".join(p.key_ideas))


def wait_for_math(page) -> None:
    """Wait until the math font is in and Temml's stylesheet applies."""
    page.wait_for_function(MATH_SETTLED, timeout=120_000)  # a limit to wait, not a timing


@pytest.mark.parametrize("path", ["/", "/losses/", "/faq/", f"/papers/{A_PAPER_WITH_MATH.id}/", "/topics/object-detection/"])
def test_every_math_page_renders_and_no_request_leaves_localhost(page, server, path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(server + path, wait_until="networkidle")
    wait_for_math(page)
    page.wait_for_load_state("networkidle")
    assert requests, "the page made no request at all"
    outside = [url for url in requests if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")]
    assert not outside, outside


def test_lineage_diagram_links_to_papers(page, server):
    page.goto(f"{server}/topics/object-detection/")
    wait_for_math(page)
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

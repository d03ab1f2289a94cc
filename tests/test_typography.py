"""Readable type, measured in Chromium: what a reader needs (the TL;DR, results tables, legends and
references) is at least 15 px, and an H1 is never lighter than the H2s below it."""

from __future__ import annotations

import pytest
from conftest import luminance

MIN_PX = 15
SIZES = """selector => [...document.querySelectorAll(selector)]
  .filter(el => el.textContent.trim() && el.getClientRects().length)
  .map(el => parseFloat(getComputedStyle(el).fontSize))"""
HEADING = """tag => { const el = document.querySelector('.md-content ' + tag); if (!el) return null;
  const s = getComputedStyle(el); return [parseInt(s.fontWeight), s.color]; }"""


@pytest.mark.browser
@pytest.mark.parametrize(("path", "selector"), [
    ("papers/ssd/", ".admonition p"),            # the TL;DR
    ("papers/ssd/", "table td"),                 # results
    ("papers/ssd/", ".footnote li"),             # the reference
    ("losses/", ".legend td"),                   # symbols and their meaning
    ("faq/", "article p"),
])
def test_reading_text_is_at_least_15px(page, server, path, selector):
    page.goto(f"{server}/{path}")
    sizes = page.evaluate(SIZES, selector)
    assert sizes, f"nothing matches {selector} on {path}"
    assert min(sizes) >= MIN_PX, (path, selector, min(sizes))


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_h1_is_never_lighter_than_h2(browser, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server}/papers/ssd/")
    (h1_weight, h1_colour), (h2_weight, h2_colour) = page.evaluate(HEADING, "h1"), page.evaluate(HEADING, "h2")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    context.close()
    assert h1_weight >= h2_weight
    # "lighter" in colour too: the H1 stands out from the background at least as much as an H2
    contrast = [abs(luminance(colour) - luminance(background)) for colour in (h1_colour, h2_colour)]
    assert contrast[0] >= contrast[1] - 1e-6, (h1_colour, h2_colour, background)

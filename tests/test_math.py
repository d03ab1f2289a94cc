"""Math as readers get it: MathML written at build time by Temml (hooks/cvsite/typeset.py), drawn by Chromium.

Every page with math: nothing left untypeset, no letter style that MathML Core ignores, the math font
loaded from this site, no error; at phone width no equation runs out of sight; math at body size. A page
without math downloads no math asset, and instant navigation brings the stylesheets along."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import MATH_SETTLED, ROOT
from cvsite.link import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
PHONE = {"width": 390, "height": 844}
MATH_ASSET = ("/assets/math/", "/stylesheets/math.css")

SETTLED = MATH_SETTLED

REPORT = """() => {
  const math = [...document.querySelectorAll('article math')];
  return {
    math: math.length,
    untypeset: document.querySelectorAll('.arithmatex').length,
    // MathML Core draws only mathvariant="normal": any other would show a bold or blackboard letter plain
    ignored_styles: [...document.querySelectorAll('article math [mathvariant]')]
      .filter(el => el.getAttribute('mathvariant') !== 'normal').map(el => el.outerHTML.slice(0, 80)),
    hidden_from_readers: math.filter(m => m.closest('[aria-hidden="true"]')).length,
    errors: document.querySelectorAll('article merror, article .temml-error').length,
    fonts_failed: [...document.fonts].filter(f => f.family.includes('STIX2') && f.status === 'error').map(f => f.family),
    fonts_loaded: [...document.fonts].filter(f => f.family.includes('STIX2') && f.status === 'loaded').length,
  };
}"""

# Each formula at phone width: where it is, and the box that scrolls it, if any.
CLIPPED = """() => {
  const out = [];
  for (const el of document.querySelectorAll('article math')) {
    const rect = el.getBoundingClientRect(), text = el.textContent.slice(0, 60);
    let box = el.parentElement, scroller = null;
    for (; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (style.overflowX !== 'visible' && box.scrollWidth > box.clientWidth + 1) { scroller = box; break; }
    }
    if (!scroller) {
      if (rect.left < -0.5 || rect.right > innerWidth + 0.5) out.push({text, problem: 'runs off the screen'});
    } else if (!scroller.classList.contains('math-display') || !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) {
      out.push({text, problem: 'cut by a box that is not the equation scroller: ' + scroller.className});
    } else if (!getComputedStyle(scroller).backgroundImage.includes('gradient')) {
      out.push({text, problem: 'scrolls with no shadow to show it'});
    } else if (el.getBoundingClientRect().left < scroller.getBoundingClientRect().left - 0.5) {
      out.push({text, problem: 'starts left of its scroller, where no scrolling reaches'});
    }
  }
  return {out, page_width: document.documentElement.scrollWidth};
}"""


def math_paths(built_site) -> list[str]:
    paths = sorted(
        "/" + str(html.parent.relative_to(built_site)) + "/"
        for html in built_site.rglob("index.html")
        if "<math" in html.read_text(encoding="utf-8")
    )
    return [path.replace("/./", "/") for path in paths]


def settle(page) -> dict:
    page.wait_for_function(SETTLED, timeout=120_000)  # a limit to wait on a busy machine, not a timing
    return page.evaluate(REPORT)


def assert_typeset(report: dict, where: str) -> None:
    assert report["math"] > 0, where
    assert report["untypeset"] == 0 and report["errors"] == 0, (where, report)
    assert not report["ignored_styles"] and report["hidden_from_readers"] == 0, (where, report)
    assert not report["fonts_failed"] and report["fonts_loaded"] > 0, (where, report)


SHARDS = 4  # the pages are walked in four parts, which the test workers share


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_with_math_is_typeset_with_mathml_and_its_own_fonts_and_fits_a_phone(browser, server, built_site, shard):
    """Every page with math, opened once at 390 px: typeset (MathML that screen readers read, the math font
    from this site, no error), and each equation either fits, breaks at its terms, or scrolls in its own
    box, from its first term, with a shadow on the side that has more; the page itself never scrolls sideways."""
    every = math_paths(built_site)
    assert len(every) > 60 and "/losses/" in every and "/faq/" in every
    paths = every[shard::SHARDS]
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    failed: list[str] = []
    foreign: list[str] = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.on("request", lambda request: urlsplit(request.url).hostname != "127.0.0.1" and foreign.append(request.url))
    problems, scrolling = {}, 0
    for path in paths:
        page.goto(server + path)
        assert_typeset(settle(page), path)
        result = page.evaluate(CLIPPED)
        if result["out"] or result["page_width"] > PHONE["width"]:
            problems[path] = result
        scrolling += page.evaluate("[...document.querySelectorAll('.math-display')].filter(d => d.scrollWidth > d.clientWidth + 1).length")
    context.close()
    assert not failed and not foreign, (failed, foreign)
    assert not problems, problems
    if "/losses/" in paths:  # some equations do scroll on a phone, so the shadow branch above was exercised
        assert scrolling > 0


def test_page_without_math_loads_no_math_asset_and_instant_navigation_brings_it(page, server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    page.goto(f"{server}/about/", wait_until="networkidle")
    assert page.evaluate("document.querySelectorAll('math').length") == 0
    assert not [r for r in requests if r.startswith(MATH_ASSET)], requests
    # instant navigation: Material swaps the content; the stylesheets linked inside it come along
    page.evaluate("window.__same_document = true")
    page.locator(".md-tabs a[href$='losses/'], .md-nav a[href$='losses/']").first.click()
    page.wait_for_url("**/losses/")
    # the URL changes before the new content is in (a 2 MB page on a busy machine): wait for its math
    # (a function, not an expression: Playwright evals an expression, which the site's CSP refuses)
    page.wait_for_function("() => document.querySelectorAll('article math').length > 0", timeout=120_000)
    assert_typeset(settle(page), "/losses/ after instant navigation")
    assert page.evaluate("window.__same_document") is True, "the navigation reloaded the page"
    assert {"/assets/math/temml.css", "/stylesheets/math.css", "/assets/math/STIXTwoMath.woff2"} <= set(requests)


@pytest.mark.parametrize(("path", "words"), [
    ("/papers/yolo-v1/", "coord"),  # YOLO's loss (aligned): every term on screen, none stops mid-way
    ("/papers/detr/", "Hungarian"),  # DETR's Hungarian loss (aligned): the box term on screen
])
def test_long_losses_fit_a_phone_whole(browser, server, path, words):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(server + path)
    settle(page)
    sizes = page.evaluate("""(words) => [...document.querySelectorAll('.math-display')]
        .filter(d => d.querySelector('mtable') && d.textContent.includes(words))
        .map(d => [d.scrollWidth, d.clientWidth, d.textContent.slice(0, 80)])""", words)
    context.close()
    assert sizes
    for scroll_width, width, text in sizes:
        assert scroll_width <= width + 1, (text, scroll_width, width)


def test_a_long_display_equation_breaks_into_lines_on_a_phone(browser, server):
    """Adam's bias-corrected update is one row of three equations: on a phone it breaks after its commas
    and operators into lines that fit, and does not scroll."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server}/papers/adam/")
    settle(page)
    rows = page.evaluate("""() => [...document.querySelectorAll('.math-display')]
        .filter(d => d.textContent.includes('ϵ') || d.textContent.includes('ε'))
        .map(d => {
          // a piece starts a new line when it is wholly below the piece before it (pieces on one line share a baseline)
          const boxes = [...d.querySelectorAll(':scope > math > mrow')].map(r => r.getBoundingClientRect());
          return {lines: 1 + boxes.filter((b, i) => i && b.top >= boxes[i - 1].bottom - 0.5).length,
                  scrolls: d.scrollWidth > d.clientWidth + 1};
        })""")
    context.close()
    assert rows and all(row["lines"] >= 2 and not row["scrolls"] for row in rows), rows


def test_worked_example_answer_shows_in_full_on_a_phone(browser, server):
    """The CIoU worked example ends with 0.917944: all of it on screen, not cut after 0.9179."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{server}/losses/")
    settle(page)
    answer = page.evaluate("""() => {
        const m = [...document.querySelectorAll('article math')].find(m => m.textContent.includes('=0.917944'));
        const r = m.getBoundingClientRect();
        return {text: m.textContent, right: r.right, left: r.left, width: innerWidth};
    }""")
    context.close()
    assert answer["text"].endswith("0.917944"), answer
    assert 0 <= answer["left"] and answer["right"] <= answer["width"], answer


@pytest.mark.parametrize("path", ["/losses/", "/papers/diou/", "/faq/"])
def test_math_is_at_body_size_in_tables_and_legends(page, server, path):
    """STIX Two Math's letters are smaller than Roboto's at one size, so math is set at 1.1 x the body text;
    in a legend table the text is smaller (12.8 px), and the math must not shrink with it. Every formula but
    those in headings is as large as the formulas of a body paragraph."""
    page.goto(server + path)
    settle(page)
    sizes = page.evaluate("""() => {
        const px = el => parseFloat(getComputedStyle(el).fontSize);
        const body = px(document.querySelector('article p'));
        const math = [...document.querySelectorAll('article math')].filter(m => !m.closest('h1, h2, h3, h4, h5, h6'));
        return {body, sizes: [...new Set(math.map(px))], in_tables: math.filter(m => m.closest('table')).length};
    }""")
    assert sizes["in_tables"] > 0 or path != "/losses/"  # the legends of the losses page are tables
    assert sizes["sizes"] == [pytest.approx(1.1 * sizes["body"], abs=0.3)], sizes


def test_operator_names_are_upright(page, server):
    """IoU, GIoU, mAP, AP: one upright word in the MathML (what is drawn and what screen readers read),
    never letters in italics. In MathML an <mi> of several letters is upright, one of a single letter italic."""
    page.goto(f"{server}/losses/")
    settle(page)
    names = page.evaluate("""() => [...document.querySelectorAll('article math :is(mi, mtext)')]
        .map(el => [el.tagName, el.textContent, getComputedStyle(el).textTransform])""")
    words = {text for tag, text, _ in names if tag == "mtext" or len(text) > 1}
    assert {"IoU", "GIoU", "DIoU", "CIoU", "mAP", "AP", "TP"} <= words
    italic = "".join(text if tag == "mi" and len(text) == 1 and transform == "math-auto" else " " for tag, text, transform in names)
    assert not {"IoU", "GIoU", "mAP", "AP", "TP"} & set(italic.split()), italic

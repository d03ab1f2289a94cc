"""Search as a reader uses it: real queries typed into the header's search box in Chromium, answered by
the Pagefind index of the built site (hooks/cvsite/search.py, docs/javascripts/search.js)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from cvsite.link import load_site

pytestmark = pytest.mark.browser
SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
RAW_TEX = re.compile(r"\\[a-zA-Z]+|\\[()\[\]]|\$")  # \frac, \(, \[, $...


def search(page, query: str, typed: bool = True) -> list[str]:
    """Type a query into the header's box (or, with typed=False, paste it there at once); the href of
    each result's main link, best first."""
    box = page.locator("input.md-search__input")
    if not page.evaluate("document.getElementById('__search').checked"):
        page.keyboard.press("/")
    box.fill("")
    if typed:
        box.press_sequentially(query, delay=15)
    else:
        box.fill(query)
    page.wait_for_function(
        """q => document.querySelector('.md-search__input').value === q
               && document.querySelector('.md-search-result__list').dataset.query === q""",
        arg=query, timeout=120_000,  # a limit to wait, not a timing
    )
    return page.locator(".md-search-result__item > a:first-child").evaluate_all("links => links.map(a => a.pathname + a.hash)")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("centerness", "/papers/fcos/"),  # only in FCOS's key ideas and its equation's caption
        ("Mix-FFN", "/papers/segformer/"),  # only in SegFormer's key ideas and equations
        ("anchor free", "/papers/fcos/"),
        ("hungarian", "/papers/detr/"),
        ("ELBO", "/losses/#vae-elbo"),  # in a formula's name
        ("flatten", "/faq/#flatten"),  # an FAQ answer
    ],
)
def test_search_finds_the_page_in_the_top_five(page, server, query, expected):
    page.goto(f"{server}/")
    results = search(page, query)
    assert any(href.startswith(expected) for href in results[:5]), results[:5]


@pytest.mark.parametrize(
    "query, expected", [("focal loss", "/losses/#focal-loss"), ("mAP", "/losses/#mean-average-precision")]
)
def test_a_formula_name_leads_to_its_own_section_first(page, server, query, expected):
    page.goto(f"{server}/")
    assert search(page, query)[0] == expected


@pytest.mark.parametrize("shard", range(3))  # in three parts, which the test workers share
def test_each_paper_short_name_leads_to_its_page_first(page, server, shard):
    page.goto(f"{server}/")
    wrong = {}
    for paper in SITE.catalogue.papers[shard::3]:
        first = search(page, paper.short_name, typed=False)[0]  # pasted: one search per paper, not one per key
        if not first.startswith(f"/papers/{paper.id}/"):
            wrong[paper.short_name] = first
    assert not wrong, wrong


# Titles that other pages share most of their words with: "Is Space-Time Attention All You Need for Video
# Understanding?" holds all of "Attention Is All You Need"; GFL's page repeats "focal loss" more often than
# RetinaNet's. And a short name typed without its bracket, where another paper's name is that same word.
@pytest.mark.parametrize(
    "query, expected",
    [
        ("Attention Is All You Need", "/papers/transformer/"),
        ("Objects as Points", "/papers/centernet/"),
        ("Tracking Objects as Points", "/papers/centertrack/"),
        ("Focal Loss for Dense Object Detection", "/papers/retinanet/"),
        ("DINO", "/papers/dino/"),  # DINO (DETR) is the other DINO
        ("Batch Norm", "/papers/batch-norm/"),
        # Pagefind ranks the Transformer paper about 30th: Swin Transformer, ViT and DeiT say the word more
        # often and in their titles. Only the names index (hooks/cvsite/names.py) brings it to the top.
        ("transformer", "/papers/transformer/"),
        ("Vaswani et al.", "/papers/transformer/"),
        ("Weight Standardization", "/papers/weight-standardization/"),
        # names a paper's page shows beside its short name (also_known_as)
        ("vision transformer", "/papers/vit/"),
        ("YOLO", "/papers/yolo-v1/"),
        ("batch normalization", "/papers/batch-norm/"),
    ],
)
def test_a_paper_title_or_bare_short_name_leads_to_its_page_first(page, server, query, expected):
    page.goto(f"{server}/")
    assert search(page, query, typed=False)[0].startswith(expected)


def test_a_page_found_by_its_name_shows_its_title_and_the_name_marked_and_is_listed_once(page, server):
    page.goto(f"{server}/")
    hrefs = search(page, "transformer")
    assert hrefs.count("/papers/transformer/") == 1, hrefs
    first = page.locator(".md-search-result__item > a:first-child").first
    assert first.locator("h1").text_content() == "Attention Is All You Need"
    assert first.locator("mark").first.text_content() == "Transformer (Vaswani et al.)"
    # the next results, fetched on demand, do not list it again
    page.locator(".cv-search-more button, button.md-search-result__link").first.click()
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 9", timeout=120_000)
    hrefs = page.locator(".md-search-result__item > a:first-child").evaluate_all("links => links.map(a => a.pathname + a.hash)")
    assert hrefs.count("/papers/transformer/") == 1, hrefs


def test_results_show_title_section_and_a_marked_snippet_without_tex(page, server):
    page.goto(f"{server}/")
    for query in ("focal loss", "cross-entropy", "intersection over union", "softmax", "centerness", "batch normalization"):
        search(page, query)
        results = page.locator(".md-search-result__item > a:first-child").evaluate_all(
            """links => links.map(a => ({
                title: a.querySelector('h1').textContent,
                section: (a.querySelector('.cv-search-section') || {}).textContent || '',
                snippet: a.querySelector('p:not(.cv-search-section)').innerHTML,
                text: a.textContent }))"""
        )
        assert results, query
        assert all(r["title"].strip() for r in results), results
        assert all("<mark>" in r["snippet"] for r in results), (query, results)
        assert not [r["text"] for r in results if RAW_TEX.search(r["text"])], query
    search(page, "focal loss")  # an entry of the losses page: the page's title, then the formula's
    first = page.locator(".md-search-result__item > a:first-child").first
    assert first.locator("h1").text_content() == "Losses and metrics"
    assert first.locator(".cv-search-section").text_content() == "Focal loss"


def test_no_indexed_text_holds_raw_tex(built_site):
    """Every fragment of the index (the text snippets are cut from) is free of TeX, whatever the query."""
    fragments = list((built_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) > 80
    for fragment in fragments:
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if data["url"] == "/contributing/":
            continue  # the contributors' guide shows how to write math, `$...$` included
        found = RAW_TEX.findall(data["content"] + data["meta"].get("title", ""))
        assert not found, (data["url"], found[:5])


def test_keyboard_and_instant_navigation(page, server):
    page.goto(f"{server}/about/")
    page.evaluate("window.__same_document = true")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    results = search(page, "focal loss")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.pathname + document.activeElement.hash") == results[0]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.pathname + document.activeElement.hash") == results[0]
    page.keyboard.press("Enter")
    page.wait_for_url("**/losses/#focal-loss")
    # the URL changes before the new content is in: wait for it, as a reader does, before typing again
    page.locator("article.md-content__inner h1", has_text="Losses and metrics").wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__same_document") is True, "the result reloaded the page"
    assert not page.evaluate("document.getElementById('__search').checked"), "the search stays open"
    # after an instant navigation the box still works; Enter in the box follows the best result
    page.keyboard.press("/")
    search(page, "DETR")
    page.keyboard.press("Enter")
    page.wait_for_url("**/papers/detr/**")
    assert page.evaluate("window.__same_document") is True
    page.locator("article.md-content__inner h1", has_text="End-to-End Object Detection with Transformers").wait_for()
    page.keyboard.press("/")
    search(page, "mAP")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_are_readable_in_both_schemes(page, server, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}/")
    search(page, "focal loss")
    colours = page.evaluate(
        """() => { const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).map(Number);
                                     return (0.2126*r + 0.7152*g + 0.0722*b) / 255; };
                   const heading = document.querySelector('.md-search-result__item h1');
                   let back = 'rgba(0, 0, 0, 0)';
                   for (let e = heading; e && /rgba\\(.*, 0\\)$/.test(back); e = e.parentElement)
                     back = getComputedStyle(e).backgroundColor;
                   const text = lum(getComputedStyle(heading).color);
                   return { scheme: document.body.dataset.mdColorScheme, text, back: lum(back), raw: back }; }"""
    )
    assert colours["scheme"] == ("slate" if scheme == "dark" else "default")
    assert abs(colours["text"] - colours["back"]) > 0.5, colours
    assert page.locator(".md-search-result__item h1").first.is_visible()


def _with_csp(route):
    """The page as the lead's Content-Security-Policy will serve it: no inline script but by its hash."""
    response = route.fetch()
    body = response.text()
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", body, re.S)
    ]
    policy = (f"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {' '.join(hashes)}; "
              "style-src 'self' 'unsafe-inline'; img-src 'self' data:")
    route.fulfill(response=response, body=body, headers={**response.headers, "content-security-policy": policy})


def test_search_works_under_a_strict_csp_and_asks_no_other_host(page, server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(re.compile(r".*/$"), _with_csp)
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', "
        "e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(f"{server}/")
    assert page.evaluate("window.__violations") == []
    assert not [url for url in requests if "pagefind" in url], "the engine is fetched before the reader searches"
    results = search(page, "centerness")
    assert "/papers/fcos/" in [r.split("#")[0] for r in results[:5]]
    assert page.evaluate("window.__violations") == [], page.evaluate("window.__violations")
    assert [url for url in requests if url.endswith(".wasm") or "wasm." in url], "no WebAssembly was loaded"
    outside = [url for url in requests if urlsplit(url).hostname != "127.0.0.1" and not url.startswith("data:")]
    assert not outside, outside


def test_the_bundle_holds_the_engine_and_the_index_not_pagefinds_own_interfaces(built_site):
    """search.js drives Pagefind's engine itself: its ready-made interfaces are not shipped."""
    top = sorted(p.name for p in (built_site / "pagefind").iterdir() if p.is_file())
    assert "pagefind.js" in top and any(n.startswith("wasm.") for n in top) and any(n.endswith(".pf_meta") for n in top)
    assert not [n for n in top if "-ui." in n or "highlight" in n], top
    assert {p.name for p in (built_site / "pagefind").iterdir() if p.is_dir()} == {"index", "fragment"}

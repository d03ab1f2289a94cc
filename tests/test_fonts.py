"""The math font, STIX Two Math, cut to the characters the site's math shows (hooks/cvsite/fonts.py).

What is drawn must not change: every character that any equation of the built site shows is still in
the font, and the equations of the busiest math pages are laid out exactly as with the whole font.
And the cut is real: the font is a fraction of the whole one."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cvsite import fonts, typeset
from fontTools.ttLib import TTFont


class _Shown(HTMLParser):
    """The text inside the <math> elements of a page, read with a real HTML parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside a <math>
        self.text: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "math"

    def handle_endtag(self, tag):
        self.depth -= tag == "math" and self.depth > 0

    def handle_data(self, data):
        if self.depth:
            self.text.update(data)


def shown_characters(site: Path) -> set[str]:
    parser = _Shown()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "<math" in text:
            parser.feed(text)
    return parser.text


def cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def test_every_character_the_math_shows_keeps_its_glyph(built_site):
    shown = {ord(c) for c in shown_characters(built_site)}
    assert len(shown) > 80  # letters, digits, Greek, operators: the parser did find the math
    whole, cut = typeset.FONT.read_bytes(), (built_site / typeset.SITE_PATH / typeset.FONT.name).read_bytes()
    kept, had = cmap(cut), cmap(whole)
    missing = sorted(chr(c) for c in (had & shown) - kept)
    assert not missing, f"the math font lost glyphs the site shows: {missing}"
    assert kept <= had and "MATH" in TTFont(io.BytesIO(cut))  # the stretchy brackets and big operators
    assert len(cut) < 0.2 * len(whole), (len(whole), len(cut))  # the point of the stage


def test_a_character_no_equation_shows_is_dropped(tmp_path):
    target = tmp_path / "font.woff2"
    before, after = fonts.subset(typeset.FONT, target, "x=1∑", tmp_path / "cache")
    kept = cmap(target.read_bytes())
    assert {ord("="), ord("1"), ord("∑"), ord("√")} <= kept and ord("∫") not in kept and ord("Σ") not in kept
    assert after < before / 4
    # the second build with the same characters reuses the cached font, byte for byte
    cached = list((tmp_path / "cache").iterdir())
    assert len(cached) == 1
    target.write_bytes(b"")
    fonts.subset(typeset.FONT, target, "1=x∑", tmp_path / "cache")
    assert target.read_bytes() == cached[0].read_bytes()


def test_characters_reads_the_text_of_the_mathml():
    assert fonts.characters("<math><mi>Q</mi><mo>&lt;</mo><mi>𝐱</mi></math>") == frozenset("Q<𝐱")


# Every drawn piece of every equation (the MathML token elements, roots, fraction bars' boxes): where it
# is and how big. Positions are relative to the equation's own box, so that a change elsewhere on the
# page cannot count.
BOXES = """() => [...document.querySelectorAll('article math, article math :is(mi, mo, mn, mtext, msqrt, mroot, mfrac, mspace)')]
  .map(el => { const r = el.getBoundingClientRect(), o = el.closest('math').getBoundingClientRect();
    return [el.tagName, el.textContent, +(r.x - o.x).toFixed(2), +(r.y - o.y).toFixed(2), +r.width.toFixed(2), +r.height.toFixed(2)]; })"""


def same_place(a: list, b: list) -> bool:
    """Same element, text, left edge and width; top and height within a pixel. With the same outline
    in both fonts, Chromium on Linux rounds the ink box of some glyphs one pixel differently when the font
    holds fewer glyphs (Σ at 17.6 px, not at 14 or 40 px). A glyph drawn by another font, or a bracket
    or root left at its small size, moves by more, and sideways."""
    return a[:3] == b[:3] and a[4] == b[4] and abs(a[3] - b[3]) <= 1.01 and abs(a[5] - b[5]) <= 1.01


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/losses/", "/papers/yolo-v1/", "/papers/retinanet/"])
def test_equations_are_laid_out_as_with_the_whole_font(browser, server, built_site, path):
    """Each glyph of each equation sits where, and is as wide as, it is with the whole STIX Two Math: a
    glyph missing from the cut font would be drawn by a fallback font, with other widths, and a missing
    stretched variant would leave a bracket or root at its small size. (Pixels are not compared:
    Chromium's anti-aliasing of a glyph varies by a few levels with the other glyphs a font holds.)

    Both runs answer the font request themselves (the site's cut font, or the whole one), and count
    it, so neither can be answered by a cache."""
    layouts = []
    for font in (built_site / typeset.SITE_PATH / typeset.FONT.name, typeset.FONT):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        served: list[str] = []

        def serve(route, request, *, font=font, served=served):
            served.append(request.url)
            route.fulfill(body=font.read_bytes(), content_type="font/woff2")

        page.route(f"**/{typeset.SITE_PATH}/{typeset.FONT.name}", serve)
        page.goto(server + path, wait_until="networkidle")
        page.evaluate("Promise.all([...document.fonts].map(f => f.load()))")
        page.evaluate("document.fonts.ready")
        assert served, f"{path}: the math font was not asked for"
        layouts.append(page.evaluate(BOXES))
        context.close()
    cut, whole = layouts
    assert len(cut) > 50 and len(cut) == len(whole)
    moved = [(a, b) for a, b in zip(cut, whole, strict=True) if not same_place(a, b)]
    assert not moved, f"{path}: {len(moved)} pieces of math are laid out differently with the cut font, e.g. {moved[:3]}"

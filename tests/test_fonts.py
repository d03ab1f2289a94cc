"""KaTeX's fonts, cut to the characters the site's math shows (hooks/cvsite/fonts.py).

What is drawn must not change: every glyph that any equation of the built site shows is still in
each font that had it, and the equations of the busiest math pages are drawn pixel for pixel as with
KaTeX's whole fonts. And the cut is real: the fonts are much smaller than KaTeX's."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from cvsite import fonts
from fontTools.ttLib import TTFont

VENDOR_FONTS = ROOT / "hooks" / "cvsite" / "vendor" / "katex" / "fonts"


class _Shown(HTMLParser):
    """The text inside KaTeX's visible part (`.katex-html`) of a page, read with a real HTML parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside a .katex-html span
        self.text: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag == "span"
        elif tag == "span" and "katex-html" in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "span":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.update(data)


def shown_characters(site: Path) -> set[str]:
    parser = _Shown()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "katex-html" in text:
            parser.feed(text)
    return parser.text


def cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def test_every_character_the_math_shows_keeps_its_glyph_in_every_font(built_site):
    shown = {ord(c) for c in shown_characters(built_site)}
    assert len(shown) > 80  # letters, digits, Greek, operators: the parser did find the math
    site_fonts = built_site / "assets" / "katex" / "fonts"
    originals = sorted(VENDOR_FONTS.glob("*.woff2"))
    assert len(originals) == 20
    before = after = 0
    for original in originals:
        data, cut = original.read_bytes(), (site_fonts / original.name).read_bytes()
        kept, had = cmap(cut), cmap(data)
        missing = sorted(chr(c) for c in (had & shown) - kept)
        assert not missing, f"{original.name} lost glyphs the site shows: {missing}"
        assert kept <= had
        before, after = before + len(data), after + len(cut)
    assert after < 0.6 * before, (before, after)  # the point of the stage: well under KaTeX's whole fonts


def test_a_character_no_equation_shows_is_dropped(tmp_path):
    original = VENDOR_FONTS / "KaTeX_Main-Regular.woff2"
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / original.name).write_bytes(original.read_bytes())
    sizes = fonts.subset(tmp_path / "fonts", "x=1", tmp_path / "cache")
    kept = cmap((tmp_path / "fonts" / "KaTeX_Main-Regular.woff2").read_bytes())
    assert {ord("="), ord("1")} <= kept and ord("Σ") not in kept and ord("+") not in kept
    assert sizes["KaTeX_Main-Regular.woff2"][1] < sizes["KaTeX_Main-Regular.woff2"][0] / 3
    # the second build with the same characters reuses the cached font, byte for byte
    cached = list((tmp_path / "cache").iterdir())
    assert len(cached) == 1
    (tmp_path / "fonts" / "KaTeX_Main-Regular.woff2").write_bytes(original.read_bytes())
    fonts.subset(tmp_path / "fonts", "1=x", tmp_path / "cache")
    assert (tmp_path / "fonts" / "KaTeX_Main-Regular.woff2").read_bytes() == cached[0].read_bytes()


def test_characters_reads_the_drawn_part_not_the_hidden_mathml():
    html = (
        '<span class="katex"><span class="katex-mathml"><math><semantics><mi>Q</mi>'
        '<annotation encoding="application/x-tex">Q</annotation></semantics></math></span>'
        '<span class="katex-html" aria-hidden="true"><span class="mord">&lt;a</span></span></span>'
    )
    assert fonts.characters(html) == frozenset("<a")


# Every drawn piece of every equation (KaTeX's leaf spans and its SVG lines): where it is and how big.
# Positions are relative to the equation's own box, so that a change elsewhere on the page cannot count.
BOXES = """() => [...document.querySelectorAll('article .katex, article .katex-html span, article .katex-html svg')]
  .filter(el => el.tagName === 'svg' || !el.children.length || el.classList.contains('katex'))
  .map(el => { const r = el.getBoundingClientRect(), o = el.closest('.katex').getBoundingClientRect();
    return [el.textContent, +(r.x - o.x).toFixed(2), +(r.y - o.y).toFixed(2), +r.width.toFixed(2), +r.height.toFixed(2)]; })"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/losses/", "/papers/detr/", "/papers/retinanet/"])
def test_equations_are_laid_out_as_with_katex_whole_fonts(browser, server, built_site, path):
    """Each glyph of each equation sits where, and is as wide as, it is with KaTeX's whole fonts: a glyph
    missing from a cut font would be drawn by a fallback font, with other widths. (Pixels are not
    compared: Chromium's anti-aliasing of a glyph varies by a few levels with the other glyphs a font holds.)

    Both runs answer the font requests from a known folder (the site's cut fonts, or KaTeX's whole ones),
    and count what they served, so neither can be answered by a cache."""
    layouts = []
    for folder in (built_site / "assets" / "katex" / "fonts", VENDOR_FONTS):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        served: list[str] = []

        def serve(route, request, *, folder=folder, served=served):
            name = request.url.rsplit("/", 1)[1]
            served.append(name)
            route.fulfill(body=(folder / name).read_bytes(), content_type="font/woff2")

        page.route("**/assets/katex/fonts/*.woff2", serve)
        page.goto(server + path, wait_until="networkidle")
        # every KaTeX face loaded, in both runs, before anything is measured (a slow machine may not have asked yet)
        page.evaluate("Promise.all([...document.fonts].filter(f => f.family.includes('KaTeX')).map(f => f.load()))")
        page.evaluate("document.fonts.ready")
        assert len(set(served)) >= 3, f"{path}: KaTeX fonts served from {folder}: {served}"
        layouts.append(page.evaluate(BOXES))
        context.close()
    cut, whole = layouts
    assert len(cut) > 50 and len(cut) == len(whole)
    moved = [(a, b) for a, b in zip(cut, whole, strict=True) if a != b]
    assert not moved, f"{path}: {len(moved)} pieces of math are laid out differently with the cut fonts, e.g. {moved[:3]}"

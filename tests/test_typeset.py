"""Build-time math (hooks/cvsite/typeset.py): the vendored Temml and font are the pinned ones, pages get
MathML in place of arithmatex's spans, and only pages with math link the math stylesheets."""

from __future__ import annotations

import hashlib
import re

import pytest
from cvsite import typeset

ARTICLE = '<html><head></head><body><article class="md-content__inner md-typeset">{}</article></body></html>'


@pytest.mark.parametrize(("folder", "version", "names"), [
    (typeset.TEMML, "0.13.5", {"temml.min.js", "Temml-STIX2.css"}),
    (typeset.FONT.parent, "2.12", {"STIXTwoMath.woff2"}),
])
def test_vendored_files_are_the_pinned_release(folder, version, names):
    listed = {}
    for line in filter(None, (folder / "SHA256SUMS").read_text(encoding="utf-8").split("\n")):
        digest, name = line.split()
        listed[name] = digest
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert set(listed) == names
    assert version in (folder / "README.md").read_text(encoding="utf-8")


def test_a_page_with_math_is_typeset_and_links_the_stylesheets_before_its_article():
    html = ARTICLE.format('<p>a <span class="arithmatex">\\(x &lt; y\\)</span></p><div class="arithmatex">\\[\n\\frac{a}{b}\n\\]</div>')
    out = typeset.page(html, depth=2)
    assert "arithmatex" not in out
    assert out.count("<math") == 2 and out.count('<div class="math-display"><math display="block"') == 1
    # escaped: the < is text, not a tag; inline math may break after it (wrap "tex": one <mrow> per piece)
    assert "<math><mrow><mi>x</mi><mo>&lt;</mo></mrow><mrow><mi>y</mi></mrow></math>" in out
    assert "<mfrac><mi>a</mi><mi>b</mi></mfrac>" in out
    article = out.index('<article class="md-content__inner md-typeset">')
    links = '<link rel="stylesheet" href="../../assets/math/temml.css"><link rel="stylesheet" href="../../stylesheets/math.css">'
    assert out.index(links) + len(links) == article  # just before the article, in what instant navigation swaps in


def test_letters_in_bold_double_struck_and_script_are_unicode_characters():
    """MathML Core (Chromium) ignores mathvariant="bold": \\mathbf must give 𝐱 itself, or it shows as x."""
    html = typeset.render(r"\mathbf{x} \in \mathbb{R}, \mathcal{L}, \boldsymbol{\theta}", display=False)
    assert all(f"<mi>{letter}</mi>" in html or f'<mi class="mathcal">{letter}</mi>' in html for letter in "𝐱ℝℒ𝜽")
    assert "mathvariant" not in html


def test_attributes_of_the_math_element_are_kept():
    """sanitize.py marks math data-search-exclude: the typeset formula keeps the mark."""
    out = typeset.page(ARTICLE.format('<span class="arithmatex" data-search-exclude>\\(x\\)</span>'), depth=0)
    assert "<math data-search-exclude>" in out and "arithmatex" not in out
    out = typeset.page(ARTICLE.format('<div class="arithmatex" data-search-exclude>\\[x\\]</div>'), depth=0)
    assert '<div class="math-display" data-search-exclude><math display="block"' in out


def test_a_page_without_math_is_left_alone():
    html = ARTICLE.format("<p>no math, a price of $5 and <code>\\(x\\)</code></p>")
    assert typeset.page(html, depth=1) == html


def test_bad_tex_on_a_page_names_the_math():
    html = ARTICLE.format('<span class="arithmatex">\\(\\frac{a}\\)</span>')
    with pytest.raises(typeset.TexError, match=r"in the math '\\\(\\frac\{a\}\\\)': .*end"):
        typeset.page(html, depth=0)


def test_temml_links_nothing_and_writes_no_attribute():
    """trust: false: \\href and \\htmlClass are refused, never a link or a class (the check refuses both anyway)."""
    for tex in (r"\href{javascript:alert(1)}{x}", r"\htmlClass{evil}{y}", r"\url{https://example.org}"):
        with pytest.raises(typeset.TexError):
            typeset.render(tex, display=False)
    assert not re.search(r"<a[\s>]|href=", typeset.render(r"\text{\textbackslash href}", display=False))


def test_copied_stylesheet_asks_only_for_the_math_font(tmp_path):
    font = typeset.copy_assets(tmp_path)
    css = (tmp_path / typeset.SITE_PATH / "temml.css").read_text(encoding="utf-8")
    assert font == tmp_path / typeset.SITE_PATH / "STIXTwoMath.woff2"
    css = re.sub(r'url\("data:[^"]*"\)', "", css)  # \cancelto's arrow, an SVG written in the stylesheet
    assert re.findall(r"url\(([^)]*)\)", css) == ["'./STIXTwoMath.woff2'"]


def test_a_one_row_display_equation_breaks_after_its_operators():
    """Each piece ends at a top-level relation or operator (with the space after it); limits, fences and
    function application are not break points; an aligned block keeps the author's lines."""
    row = typeset.breakable(typeset.render(r"L = \sum_{i=1}^{N} x_i + \frac{a}{b} - \log x,\quad c", display=True))
    assert row.startswith('<math display="block" class="tml-display math-wrap"><mrow>') and "style=" not in row.split(">", 1)[0]
    pieces = re.findall(r"(?<=<math display=\"block\" class=\"tml-display math-wrap\">)(.*)(?=</math>)", row)[0]
    depth, tops = 0, []
    for tag in re.finditer(r"<(/?)mrow>|<mrow\b[^>]*>", pieces):
        if tag.group(1):
            depth -= 1
        else:
            tops += [tag.start()] if depth == 0 else []
            depth += 1
    assert len(tops) == 5  # L = | Σ x_i + | a/b − | log x , space | c
    assert "<munderover>" in row and "<mi>log</mi><mo>\u2061</mo>" in row  # the big operator and log x stay whole
    assert re.search(r"<mo separator=\"true\">,</mo><mspace width=\"1em\"></mspace></mrow><mrow>", row)
    aligned = typeset.render(r"\begin{aligned} a &= b + c \end{aligned}", display=True)
    assert typeset.breakable(aligned) == aligned
    single = typeset.render(r"x", display=True)
    assert typeset.breakable(single) == single


def test_a_sign_that_opens_an_alignment_cell_is_spaced_as_in_tex():
    """`&+ b` continues a sum: a binary operator with TeX's medium space on both sides, as amsmath sets it;
    a sign elsewhere is left as Temml writes it."""
    tex = "\\[\\begin{aligned} L &= a \\\\ &+ b \\\\ &- c \\end{aligned}\\]"
    out = typeset.page(ARTICLE.format(f'<div class="arithmatex">{tex}</div>'), depth=0)
    assert out.count('<mo lspace="0.2222em" rspace="0.2222em">') == 2 and 'form="prefix"' not in out
    assert 'form="prefix"' in typeset.tex_spacing(typeset.render("-x", display=True))


def test_a_dot_that_stands_for_an_argument_is_set_without_space():
    """ρ(·,·) as TeX sets it: no space around either dot; a·b keeps the space of a product."""
    out = typeset.page(ARTICLE.format('<p><span class="arithmatex">\\(\\rho(\\cdot,\\cdot) + a \\cdot b\\)</span></p>'), depth=0)
    assert out.count('lspace="0em" rspace="0em">\u22c5</mo>') == 2
    assert "<mi>a</mi><mo>\u22c5</mo>" in out

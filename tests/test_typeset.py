"""Build-time math (hooks/cvsite/typeset.py): the vendored KaTeX is the pinned one, pages get KaTeX's
HTML and MathML in place of arithmatex's spans, and only pages with math link the math stylesheets."""

from __future__ import annotations

import hashlib
import re

import pytest
from cvsite import typeset

ARTICLE = '<html><head></head><body><article class="md-content__inner md-typeset">{}</article></body></html>'


def test_vendored_katex_is_the_pinned_release():
    sums = (typeset.KATEX / "SHA256SUMS").read_text(encoding="utf-8").split("\n")
    listed = {}
    for line in filter(None, sums):
        digest, name = line.split()
        listed[name] = digest
        assert hashlib.sha256((typeset.KATEX / name).read_bytes()).hexdigest() == digest, name
    fonts = {f"fonts/{p.name}" for p in (typeset.KATEX / "fonts").iterdir()}
    assert fonts and fonts <= listed.keys() and {"katex.min.js", "katex.min.css"} <= listed.keys()
    assert "0.19.1" in (typeset.KATEX / "README.md").read_text(encoding="utf-8")


def test_a_page_with_math_is_typeset_and_links_the_stylesheets_before_its_article():
    html = ARTICLE.format('<p>a <span class="arithmatex">\\(x &lt; y\\)</span></p><div class="arithmatex">\\[\n\\frac{a}{b}\n\\]</div>')
    out = typeset.page(html, depth=2)
    assert "arithmatex" not in out
    assert out.count('class="katex"') == 2 and out.count('class="katex-display"') == 1
    assert '<annotation encoding="application/x-tex">x &lt; y</annotation>' in out  # the TeX, escaped, for screen readers
    article = out.index('<article class="md-content__inner md-typeset">')
    links = '<link rel="stylesheet" href="../../assets/katex/katex.min.css"><link rel="stylesheet" href="../../stylesheets/math.css">'
    assert out.index(links) + len(links) == article  # just before the article, in what instant navigation swaps in


def test_attributes_of_the_math_element_are_kept():
    """sanitize.py marks math data-search-exclude: the typeset formula keeps the mark."""
    out = typeset.page(ARTICLE.format('<span class="arithmatex" data-search-exclude>\\(x\\)</span>'), depth=0)
    assert '<span class="katex" data-search-exclude>' in out and "arithmatex" not in out


def test_a_page_without_math_is_left_alone():
    html = ARTICLE.format("<p>no math, a price of $5 and <code>\\(x\\)</code></p>")
    assert typeset.page(html, depth=1) == html


def test_bad_tex_on_a_page_names_the_math():
    html = ARTICLE.format('<span class="arithmatex">\\(\\frac{a}\\)</span>')
    with pytest.raises(typeset.TexError, match=r"in the math '\\\(\\frac\{a\}\\\)': .*frac"):
        typeset.page(html, depth=0)


def test_katex_links_nothing_and_writes_no_attribute():
    """trust: false: \\href gives red text, never a link; \\htmlClass is refused (the check refuses both anyway)."""
    html = typeset.render(r"\href{javascript:alert(1)}{x}", display=False)
    assert not re.search(r"<a[\s>]", html) and 'href="' not in html
    with pytest.raises(typeset.TexError):
        typeset.render(r"\htmlClass{evil}{y}", display=False)


def test_copied_stylesheet_asks_only_for_woff2_fonts_that_are_there(tmp_path):
    typeset.copy_assets(tmp_path)
    css = (tmp_path / typeset.SITE_PATH / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert len(fonts) == 20 and all(f.endswith(".woff2") for f in fonts)
    assert all((tmp_path / typeset.SITE_PATH / f).is_file() for f in fonts)

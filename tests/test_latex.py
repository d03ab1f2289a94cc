"""The TeX check (hooks/cvsite/latex.py): its list of known macros comes from the pinned MathJax and
the extensions the site allows, and it finds math where arithmatex does. The located errors for each
class of bad TeX are in the corpus of test_load.py."""

from __future__ import annotations

import re

from conftest import ROOT
from cvsite import latex


def test_known_macros_are_read_from_mathjax():
    macros, environments = latex.known()
    assert len(macros) > 500  # base + ams alone define hundreds
    # base, ams, and the autoloaded extensions the site allows (boldsymbol, cancel, mhchem, braket, color)
    assert {"frac", "alpha", "operatorname", "lvert", "mathbb", "boldsymbol", "cancel", "ce", "bra", "color", "xmapsto"} <= macros
    assert {"aligned", "cases", "pmatrix", "CD"} <= environments
    # the html and unicode extensions, \require, and extensions the site does not allow (bbox, action)
    assert not {"href", "class", "style", "cssId", "unicode", "require", "bbox", "toggle", "mathtip"} & macros


def test_allowed_extensions_are_mathjax_loaders():
    """latex.ALLOWED_EXTENSIONS mirrors the `require.allow` list MathJax runs with in the browser."""
    loader = (ROOT / "docs" / "javascripts" / "mathjax-loader.js").read_text(encoding="utf-8")
    allow = re.search(r"allow: \{(.*?)\}", loader, re.DOTALL).group(1)
    assert set(re.findall(r"(\w+): true", allow)) == latex.ALLOWED_EXTENSIONS
    assert {"html", "unicode", "require"} <= set(re.findall(r"(\w+): false", allow))


def test_math_spans_are_arithmatex_spans():
    text = "Inline $a^2$, display $$\\frac{1}{2}$$, \\(x\\), \\[y\\], a price \\$5, code `$HOME` and\n\n```\n$x\n```\n"
    assert sorted(latex.math_spans(text)) == sorted(["a^2", "\\frac{1}{2}", "x", "y"])
    assert latex.check_markdown(text) == []


def test_real_formulas_pass():
    for tex in [
        r"\mathcal{L}_{CIoU} = 1 - \operatorname{IoU} + \frac{\rho^2(\mathbf{b}, \mathbf{b}^{gt})}{c^2} + \alpha v",
        r"\begin{aligned} p_t &= \begin{cases} p & \text{if } y = 1 \\ 1 - p & \text{otherwise} \end{cases} \end{aligned}",
        r"\left\lVert x \right\rVert_2 \le \left( \sum_i \lvert x_i \rvert \right)",
        r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \eta \nabla_\theta \mathcal{L} \quad 50\%",
    ]:
        assert latex.check_tex(tex) == [], tex

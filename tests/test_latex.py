"""The TeX check (hooks/cvsite/latex.py): Temml, the converter of the site, is the judge; the check
finds math where arithmatex does, refuses what must not run, and flags names set in italics. The
located errors for each class of bad TeX are in the corpus of test_load.py."""

from __future__ import annotations

import pytest
from cvsite import latex, typeset


def test_known_macros_are_read_from_temml():
    macros = typeset.known_macros()
    assert len(macros) > 400
    assert {"frac", "alpha", "operatorname", "lvert", "mathbb", "boldsymbol", "cancel", "color", "xmapsto"} <= macros


def test_math_spans_are_arithmatex_spans_with_their_mode():
    text = "Inline $a^2$, display $$\\frac{1}{2}$$, \\(x\\), \\[y\\], a price \\$5, code `$HOME` and\n\n```\n$x\n```\n"
    assert sorted(latex.math_spans(text)) == sorted([("a^2", False), ("\\frac{1}{2}", True), ("x", False), ("y", True)])
    assert latex.check_markdown(text) == []


def test_real_formulas_pass():
    for tex in [
        r"\mathcal{L}_{\mathrm{CIoU}} = 1 - \operatorname{IoU} + \frac{\rho^2(\mathbf{b}, \mathbf{b}^{gt})}{c^2} + \alpha v",
        r"\begin{aligned} p_t &= \begin{cases} p & \text{if } y = 1 \\ 1 - p & \text{otherwise} \end{cases} \end{aligned}",
        r"\left\lVert x \right\rVert_2 \le \left( \sum_i \lvert x_i \rvert \right)",
        r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \eta \nabla_\theta \mathcal{L} \quad 50\%",
    ]:
        assert latex.check_tex(tex) == [], tex


@pytest.mark.parametrize(("tex", "words"), [
    (r"a^b^c", "Temml cannot convert it: Double superscript"),  # only the renderer knows
    (r"\alpah", "unknown macro \\alpah: Temml does not know it; did you mean \\alpha?"),
    (r"\begin{tikzpicture} a \end{tikzpicture}", "unknown environment {tikzpicture}"),
    (r"\url{https://example.com}", "\\url is not allowed"),
    (r"\htmlClass{x}{y}", "\\htmlClass is not allowed"),
    (r"\gdef\x{1}", "\\gdef is not allowed"),
])
def test_temml_judges_the_tex(tex, words):
    assert any(words in message for message in latex.check_tex(tex)), latex.check_tex(tex)


def test_display_and_inline_modes_are_both_checked():
    assert latex.check_tex(r"\begin{aligned} a &= b \end{aligned}", display=True) == []
    assert latex.check_tex(r"x \tag{1}", display=False) != []  # \tag works only in display math


@pytest.mark.parametrize(("tex", "name"), [
    (r"1 - IoU", "IoU"), (r"\mathcal{L}_{GIoU}", "GIoU"), (r"mAP = 0.5", "mAP"), (r"\operatorname{IoU} \cdot AP", "AP"),
    (r"p_{data}(x)", "data"), (r"\sigma = softmax(z)", "softmax"), (r"\frac{TP}{TP + FP}", "TP"),
])
def test_multi_letter_italic_names_are_flagged(tex, name):
    assert any(f"'{name}' is set as {len(name)} italic variables" in m for m in latex.check_tex(tex)), latex.check_tex(tex)


@pytest.mark.parametrize("tex", [
    r"1 - \operatorname{IoU}", r"\mathcal{L}_{\mathrm{GIoU}}", r"\text{mAP} = 0.5", r"xy + wh", r"A_{mlqk}", r"b^{gt}",
    r"\operatorname{softmax}(z)",
])
def test_upright_names_and_products_of_variables_pass(tex):
    assert latex.check_tex(tex) == [], latex.check_tex(tex)


def test_every_catalogue_name_is_upright():
    """The catalogue itself passes the check (it runs at every build; this names the rule)."""
    from conftest import ROOT
    from cvsite.load import read, validate

    data = read(ROOT / "resources.yaml")
    assert latex.check(validate(data, "resources.yaml"), data, "resources.yaml") == []

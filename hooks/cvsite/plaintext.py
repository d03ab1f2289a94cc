"""Markdown (with TeX math) as plain text, for the places that cannot render it: feeds, meta
descriptions, page titles. Math becomes readable Unicode (pylatexenc: `\\frac{a}{b}` -> `a/b`,
`\\alpha` -> α), links keep their text, and emphasis, code and heading marks go.
"""

from __future__ import annotations

import functools
import re

from pylatexenc.latex2text import LatexNodes2Text

_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\s)(.+?)(?<![\s\\])\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"(\*\*|__|\*|`+|^#{1,6}\s+|^>\s?|^\s*[-+*]\s+|\|)", re.M)


@functools.cache
def _converter() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


def tex(latex: str) -> str:
    """TeX math as Unicode text, on one line; TeX that pylatexenc cannot read stays as written,
    without its backslashes and braces."""
    try:
        text = _converter().latex_to_text(latex)
    except Exception:  # noqa: BLE001 - a contributor's odd TeX must not stop a feed; it is checked elsewhere
        text = re.sub(r"[\\{}]", "", latex)
    return " ".join(text.split())


def plain(markdown: str) -> str:
    """Markdown with math as one line of plain text."""
    text = _MATH.sub(lambda m: tex(next(g for g in m.groups() if g is not None)), markdown)
    text = _LINK.sub(r"\1", text)
    text = _MARKS.sub("", text).replace("\\$", "$")
    return " ".join(text.split())

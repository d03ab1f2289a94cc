"""Stage 7: typeset the math at build time as MathML, so that readers download no math engine.

arithmatex (generic mode) leaves every formula of a page as `<span class="arithmatex">\\(...\\)</span>`
or `<div class="arithmatex">\\[...\\]</div>`. `page()` replaces each with MathML written by Temml, a
TeX-to-MathML converter made for MathML Core, which every current browser draws natively (Chromium
109+, Firefox, Safari) and screen readers read as it is. Display equations go in a
`<div class="math-display">`, the box that scrolls an equation wider than the screen. Temml maps
`\\mathbf`, `\\mathbb`, `\\mathcal`... to Unicode's mathematical letters, which MathML Core needs.
The page links Temml's stylesheet and the site's math.css, just before its article, in what Material's
instant navigation swaps in; a page with no math links neither. The glyphs come from STIX Two Math, a
font with an OpenType MATH table (stretchy brackets, big operators), cut to the characters the site's
math uses (hooks/cvsite/fonts.py).

Temml (vendored in vendor/temml, see its README) runs in QuickJS, an embedded JavaScript engine from
PyPI: no Node.js. `render()` is also the TeX check of hooks/cvsite/latex.py, and both share one cache,
so each formula is converted once a build. Temml runs with `trust: false` (no \\href, \\url,
\\htmlClass ... output) and `strict: true`.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from html import unescape
from pathlib import Path

import quickjs

from cvsite import fonts

from . import cache

VENDOR = Path(__file__).parent / "vendor"
TEMML = VENDOR / "temml"
FONT = VENDOR / "stix-two-math" / "STIXTwoMath.woff2"
SITE_PATH = "assets/math"  # Temml's stylesheet (temml.css) and the font it names (STIXTwoMath.woff2)
MATH_CSS = "stylesheets/math.css"  # the site's own math rules (docs/stylesheets/math.css)
# wrap "tex": inline math may break after a top-level relation or operator (=, +), like TeX's own inline math
OPTIONS = {"throwOnError": True, "strict": True, "trust": False, "maxExpand": 1000, "wrap": "tex"}

_RENDER = """
function render(tex, display) {
  var options = JSON.parse(%s);
  options.displayMode = display;
  try { return JSON.stringify({html: temml.renderToString(tex, options)}); }
  catch (e) { return JSON.stringify({error: String(e && e.message || e)}); }
}
"""


class TexError(ValueError):
    """Temml refused the TeX; the message is Temml's, without its position marks."""


@functools.cache
def _render_function():
    context = quickjs.Context()
    context.eval("var self = globalThis;")  # temml.min.js is a UMD bundle: it sets self.temml
    context.eval((TEMML / "temml.min.js").read_text(encoding="utf-8"))
    context.eval(_RENDER % json.dumps(json.dumps(OPTIONS)))
    return context.get("render")


# Temml's output depends on the TeX, the display flag, Temml itself and the options: the last two are
# the cache's version, the first two its key.
_CACHE = cache.DiskCache("mathml", cache.fingerprint((TEMML / "temml.min.js").read_bytes(), json.dumps(OPTIONS, sort_keys=True), _RENDER))


@functools.cache
def _render(tex: str, display: bool) -> tuple[str, str]:
    key = json.dumps([tex, display])
    stored = _CACHE.get(key)
    if stored is None:
        result = json.loads(_render_function()(tex, display))
        stored = [result.get("html", ""), _clean(result.get("error", ""))]
        _CACHE.put(key, stored)
    return stored[0], stored[1]


def render(tex: str, display: bool) -> str:
    """Temml's MathML for this TeX; raises TexError when Temml cannot convert it."""
    html, error = _render(tex.strip(), display)
    if error:
        raise TexError(error)
    return html


def _clean(message: str) -> str:
    """' Double superscript at position 4: \na^b^̲c' -> 'Double superscript (at character 4)'."""
    message = message.strip().removeprefix("Temml parse error:").strip()
    if match := re.match(r"(?s)(.*?) at position (\d+): ", message):
        return f"{match.group(1)} (at character {match.group(2)})"
    if match := re.match(r"(?s)(.*?) at end of input: ", message):
        return f"{match.group(1)} (at the end)"
    return message.replace("\u0332", "")


@functools.cache
def known_macros() -> frozenset[str]:
    """The names of the macros Temml defines (for "did you mean" hints): its bundle's "\\\\name" strings."""
    js = (TEMML / "temml.min.js").read_text(encoding="utf-8")
    return frozenset(re.findall(r'"\\\\([A-Za-z]+)"', js))


_TAG = re.compile(r"<(/?)([a-z]+)\b[^>]*?(/?)>")
_DISPLAY = '<math display="block" class="tml-display" style="display:block math;"><mrow>'
# An operator a line may break after, as in Temml's own inline wrap: not an opening fence, not a big
# operator with limits (movablelimits), not an invisible one (function application, invisible times).
_OPERATOR = re.compile(r'<mo(?![^>]*(?:form="prefix"|movablelimits))[^>]*>(?![\u2061-\u2064]<)[^<]+</mo>')


@functools.cache
def breakable(mathml: str) -> str:
    """Display math that breaks, on a narrow screen, after a top-level relation or operator (=, +).

    Temml breaks inline math so (`wrap: "tex"`), but never display math, which then scrolls on a phone
    where KaTeX's broke. Each piece of the top-level row goes in its own <mrow>, and the stylesheet lays
    the pieces out as a centred, wrapping row (`math.math-wrap` in math.css). Math that is not one row
    (an aligned block, a tagged equation) is left as it is: its lines are the author's.
    """
    if not (mathml.startswith(_DISPLAY) and mathml.endswith("</mrow></math>")):
        return mathml
    body = mathml[len(_DISPLAY) : -len("</mrow></math>")]
    children, depth, start = [], 0, 0
    for tag in _TAG.finditer(body):
        closing, _name, self_closing = tag.groups()
        if closing:
            depth -= 1
        else:
            start = tag.start() if depth == 0 else start
            depth += not self_closing
        if depth == 0:
            children.append(body[start : tag.end()])
    if depth or "".join(children) != body:  # not a plain row of elements: leave it
        return mathml
    pieces: list[list[str]] = [[]]
    for index, child in enumerate(children):
        pieces[-1].append(child)
        after = children[index + 1] if index + 1 < len(children) else ""
        if _OPERATOR.fullmatch(child) and not after.startswith("<mspace"):
            pieces.append([])
        elif child.startswith("<mspace") and len(pieces[-1]) > 1 and _OPERATOR.fullmatch(pieces[-1][-2]):
            pieces.append([])  # the space after an operator stays on its line
    pieces = [piece for piece in pieces if piece]
    if len(pieces) < 2:
        return mathml
    rows = "".join(f"<mrow>{''.join(piece)}</mrow>" for piece in pieces)
    return f'<math display="block" class="tml-display math-wrap">{rows}</math>'


# Two places where Temml's spacing is not TeX's:
# - a + or − that opens the right-hand cell of an alignment row (`&+ \lambda ...`): TeX (amsmath puts {}
#   before the cell) spaces it as a binary operator, Temml as a sign ("+λ"). It gets TeX's medium space;
# - a \cdot that stands for an argument (`\rho(\cdot,\cdot)`): TeX sets it with no space (a binary
#   operator after an opening bracket or a comma is ordinary), Temml with the browser's default space
#   for an operator it does not know ("ρ( · , · )"), except when it is alone in its brackets.
_CELL_SIGN = re.compile(r'(<mtd class="tml-left"[^>]*><mrow>)<mo form="prefix" stretchy="false">([+\u2212])</mo>')
_PLACEHOLDER_DOT = '<mo form="prefix" stretchy="false">\u22c5</mo>'


def tex_spacing(mathml: str) -> str:
    mathml = _CELL_SIGN.sub(r'\1<mo lspace="0.2222em" rspace="0.2222em">\2</mo>', mathml)
    return mathml.replace(_PLACEHOLDER_DOT, '<mo form="prefix" stretchy="false" lspace="0em" rspace="0em">\u22c5</mo>')


@functools.cache
def formula(tex: str, display: bool) -> str:
    """The MathML a page gets for this TeX: Temml's, with TeX's spacing, and breakable when displayed."""
    mathml = tex_spacing(render(tex, display))
    return breakable(mathml) if display else mathml


_MATH = re.compile(r'<(span|div) class="arithmatex"([^>]*)>(.*?)</\1>', re.DOTALL)  # attributes: data-search-exclude
_DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}
_CONTENT = re.compile(r'<article class="md-content__inner[^"]*">')


def page(html: str, depth: int, glyphs: set[str] | None = None) -> str:
    """The page's HTML with its math typeset, and the math stylesheets linked when it has any.

    `depth` is how many folders down the page is (papers/alexnet/index.html: 2). The characters that
    the equations show are added to `glyphs`, for the fonts stage.
    """
    def replace(match: re.Match) -> str:
        tag, attributes, body = match.groups()
        opening, closing = _DELIMITERS[tag]
        tex = unescape(body).strip()
        if not (tex.startswith(opening) and tex.endswith(closing)):
            return match.group()
        try:
            mathml = formula(tex[len(opening) : -len(closing)].strip(), display=tag == "div")
        except TexError as error:
            raise TexError(f"in the math '{tex[:60]}': {error}") from None
        if glyphs is not None:
            glyphs.update(fonts.characters(mathml))
        if tag == "div":  # the box that scrolls an equation wider than the screen; the attributes go on it
            return f'<div class="math-display"{attributes}>{mathml}</div>'
        return "<math" + attributes + mathml.removeprefix("<math")

    typeset, count = _MATH.subn(replace, html)
    if not count:
        return html
    base = "../" * depth
    links = (f'<link rel="stylesheet" href="{base}{SITE_PATH}/temml.css">'
             f'<link rel="stylesheet" href="{base}{MATH_CSS}">')
    article = _CONTENT.search(typeset)
    if article:  # just before the article: inside the container that instant navigation swaps in
        return typeset[: article.start()] + links + typeset[article.start() :]
    return typeset.replace("</head>", links + "</head>", 1)


def copy_assets(site_dir: Path) -> Path:
    """Temml's stylesheet, into site/assets/math/temml.css; returns where the font it names goes.

    The stylesheet asks for `./STIXTwoMath.woff2`, which the fonts stage writes, cut to the site's
    characters.
    """
    target = site_dir / SITE_PATH
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(TEMML / "Temml-STIX2.css", target / "temml.css")
    return target / FONT.name

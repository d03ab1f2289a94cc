"""Stage 7: typeset the math at build time with KaTeX, so that readers download no math engine.

arithmatex (generic mode) leaves every formula of a page as `<span class="arithmatex">\\(...\\)</span>`
or `<div class="arithmatex">\\[...\\]</div>`. `page()` replaces each with KaTeX's HTML (what is seen)
and MathML (what screen readers read), and links KaTeX's stylesheet and the site's math.css from the
page itself, just before its article, in what Material's instant navigation swaps in. A page with
no math links neither, and the browser fetches only the KaTeX fonts whose glyphs a page shows.

KaTeX (vendored in vendor/katex, see its README) runs in QuickJS, an embedded JavaScript engine from
PyPI: no Node.js. `render()` is also the TeX check of hooks/cvsite/latex.py, and both share one cache,
so each formula is rendered once a build. KaTeX runs with `trust: false` (no \\href, \\url, \\htmlClass
... output) and `strict: "error"`.
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

KATEX = Path(__file__).parent / "vendor" / "katex"
SITE_PATH = "assets/katex"
MATH_CSS = "stylesheets/math.css"  # the site's own math rules (docs/stylesheets/math.css)
OPTIONS = {"output": "htmlAndMathml", "throwOnError": True, "strict": "error", "trust": False, "maxExpand": 1000}

_RENDER = """
function render(tex, display) {
  var options = JSON.parse(%s);
  options.displayMode = display;
  try { return JSON.stringify({html: katex.renderToString(tex, options)}); }
  catch (e) { return JSON.stringify({error: String(e && e.message || e)}); }
}
"""


class TexError(ValueError):
    """KaTeX refused the TeX; the message is KaTeX's, without its position marks."""


@functools.cache
def _render_function():
    context = quickjs.Context()
    context.eval("var self = globalThis;")  # katex.min.js is a UMD bundle: it sets self.katex
    context.eval((KATEX / "katex.min.js").read_text(encoding="utf-8"))
    context.eval(_RENDER % json.dumps(json.dumps(OPTIONS)))
    return context.get("render")


# KaTeX's output depends on the TeX, the display flag, KaTeX itself and the options: the last two are
# the cache's version, the first two its key.
_CACHE = cache.DiskCache("katex", cache.fingerprint((KATEX / "katex.min.js").read_bytes(), json.dumps(OPTIONS, sort_keys=True), _RENDER))


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
    """KaTeX's HTML + MathML for this TeX; raises TexError when KaTeX cannot render it."""
    html, error = _render(tex.strip(), display)
    if error:
        raise TexError(error)
    return html


def _clean(message: str) -> str:
    """'KaTeX parse error: X at position 3: \\f̲o̲o̲' -> 'X (at character 3)'."""
    message = message.removeprefix("KaTeX parse error: ")
    if match := re.match(r"(?s)(.*?) at position (\d+): ", message):
        return f"{match.group(1)} (at character {match.group(2)})"
    return message.replace("\u0332", "")


@functools.cache
def katex_macros() -> frozenset[str]:
    """The names of the macros KaTeX defines (for "did you mean" hints): its bundle's "\\\\name" strings."""
    js = (KATEX / "katex.min.js").read_text(encoding="utf-8")
    return frozenset(re.findall(r'"\\\\([A-Za-z]+)"', js))


_MATH = re.compile(r'<(span|div) class="arithmatex"([^>]*)>(.*?)</\1>', re.DOTALL)  # attributes: data-search-exclude
_DELIMITERS = {"span": ("\\(", "\\)"), "div": ("\\[", "\\]")}
_CONTENT = re.compile(r'<article class="md-content__inner[^"]*">')


def has_math(html: str) -> bool:
    return _MATH.search(html) is not None


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
            typeset = render(tex[len(opening) : -len(closing)], display=tag == "div")
        except TexError as error:
            raise TexError(f"in the math '{tex[:60]}': {error}") from None
        if glyphs is not None:
            glyphs.update(fonts.characters(typeset))
        return re.sub(r'^(<span class="[^"]*")', lambda m: m.group(1) + attributes, typeset, count=1)  # keep them

    typeset, count = _MATH.subn(replace, html)
    if not count:
        return html
    base = "../" * depth
    links = (f'<link rel="stylesheet" href="{base}{SITE_PATH}/katex.min.css">'
             f'<link rel="stylesheet" href="{base}{MATH_CSS}">')
    article = _CONTENT.search(typeset)
    if article:  # just before the article: inside the container that instant navigation swaps in
        return typeset[: article.start()] + links + typeset[article.start() :]
    return typeset.replace("</head>", links + "</head>", 1)


def copy_assets(site_dir: Path) -> None:
    """KaTeX's stylesheet (woff2 fonts only) and its woff2 fonts, into site/assets/katex/."""
    target = site_dir / SITE_PATH
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    css = re.sub(r',url\(fonts/[\w-]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    (target / "katex.min.css").write_text(css, encoding="utf-8")
    for font in sorted((KATEX / "fonts").glob("*.woff2")):
        shutil.copy2(font, target / "fonts" / font.name)

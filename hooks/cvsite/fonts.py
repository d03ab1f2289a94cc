"""Stage 7b: cut KaTeX's fonts down to the characters that the site's math shows.

KaTeX ships each of its 20 fonts whole (about 260 KB of woff2), and a page with math fetches the
ones its equations use, with every glyph in them: a few dozen characters need 130 KB of fonts on the
losses page. `characters()` reads what an equation shows (KaTeX's HTML, not the hidden MathML, which
screen readers read) as each page is typeset; after the build, `subset()` rewrites every font in
site/assets/katex/fonts with only the glyphs for those characters (fontTools, the standard font
toolkit). Only characters that some equation of this build shows are kept, so nothing that is drawn
can miss its glyph; a new equation with a new character brings its glyphs back at the next build.

Subsetting takes about a second, so each result is kept in a cache folder, keyed by the font's
bytes, the characters and the fontTools version; a build whose math shows the same characters
copies the cached files.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from collections.abc import Iterable
from html import unescape
from pathlib import Path

import fontTools
from fontTools import subset as ft_subset
from fontTools.ttLib import TTFont

_MATHML = re.compile(r'<span class="katex-mathml">.*?</math></span>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# The spaces, though no equation shows one as text: the browser reads a font's space glyph for its
# metrics, and drops a face that lacks it for a fallback, which moves the equation's pixels.
ALWAYS = {0x20, 0xA0}
_CSS_CONTENT = re.compile(r'content:"(.)"')  # characters KaTeX's stylesheet draws itself, e.g. "(" of \tag


@functools.cache
def characters(katex_html: str) -> frozenset[str]:
    """The characters that one typeset equation shows (KaTeX's HTML part; the MathML part is hidden)."""
    return frozenset(unescape(_TAG.sub("", _MATHML.sub("", katex_html))))


def stylesheet_characters(css: str) -> frozenset[str]:
    return frozenset(_CSS_CONTENT.findall(css))


def _subset_one(data: bytes, codepoints: list[int]) -> bytes:
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # a third of each font; the layout test shows no glyph moves without them
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def subset(fonts_dir: Path, chars: Iterable[str], cache_dir: Path) -> dict[str, tuple[int, int]]:
    """Rewrite each .woff2 in `fonts_dir` with only the glyphs of `chars`; returns name -> (bytes before, after)."""
    codepoints = sorted({ord(c) for c in chars} | ALWAYS)
    salt = f"{fontTools.version}|{','.join(map(str, codepoints))}".encode()
    sizes = {}
    for font in sorted(fonts_dir.glob("*.woff2")):
        data = font.read_bytes()
        cached = cache_dir / f"{font.stem}-{hashlib.sha256(data + salt).hexdigest()[:20]}.woff2"
        if cached.exists():
            smaller = cached.read_bytes()
        else:
            smaller = _subset_one(data, codepoints)
            cache_dir.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(".tmp")
            temporary.write_bytes(smaller)
            temporary.replace(cached)  # whole or absent, even if two builds run at once
        font.write_bytes(smaller)
        sizes[font.name] = (len(data), len(smaller))
    return sizes

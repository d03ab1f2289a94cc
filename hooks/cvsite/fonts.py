"""Stage 7b: cut the math font down to the characters that the site's math shows.

STIX Two Math is about 400 KB of woff2, and a few hundred of its 4,600 characters are used. As each
page is typeset, `characters()` reads what its MathML shows; after the build, `subset()` writes
site/assets/math/STIXTwoMath.woff2 with only the glyphs for those characters (fontTools, the standard
font toolkit). fontTools keeps what the browser needs to draw them: the MATH table with the larger and
stretched variants of brackets, roots and big operators, and every OpenType feature (script-size
forms, the primes' alignment). Only characters that some equation of this build shows are kept, so
nothing that is drawn can miss its glyph; a new equation with a new character brings its glyph back
at the next build.

Subsetting takes about a second, so each result is kept in a cache folder, keyed by the font's
bytes, the characters and the fontTools version; a build whose math shows the same characters
copies the cached file.
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

_TAG = re.compile(r"<[^>]+>")


def _italic_letters() -> set[int]:
    """A one-letter <mi> is drawn with its mathematical italic character (MathML Core's
    `text-transform: math-auto`): 𝑥 for x, 𝜃 for θ. Kept whole: Latin, Greek, and the dotless i and j."""
    latin = set(range(0x1D434, 0x1D468)) - {0x1D455} | {0x210E}  # italic h is U+210E
    return latin | set(range(0x1D6A4, 0x1D6A6)) | set(range(0x1D6E2, 0x1D71C))


# The spaces, though no equation shows one as text: the browser reads a font's space glyph for its
# metrics. The radical sign, which the browser draws for <msqrt> and <mroot> from no text of the page.
# Printable ASCII, because a Temml stylesheet rule or a browser's own may draw any of it.
ALWAYS = {0x20, 0xA0, 0x221A} | set(range(0x21, 0x7F)) | _italic_letters()


@functools.cache
def characters(mathml: str) -> frozenset[str]:
    """The characters that one typeset equation shows."""
    return frozenset(unescape(_TAG.sub("", mathml)))


_OPTIONS = {
    "flavor": "woff2",
    "layout_features": ["*"],  # ssty (script sizes), ss04 (primes), dtls (dotless i, j)...
    "hinting": False,  # a third of the font; the layout test shows no glyph moves without it
    "name_IDs": ["*"],  # the copyright and the licence (OFL) stay in the font
}


def _subset_one(data: bytes, codepoints: list[int]) -> bytes:
    options = ft_subset.Options(**_OPTIONS)
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def subset(source: Path, target: Path, chars: Iterable[str], cache_dir: Path) -> tuple[int, int]:
    """Write `target`: the font `source` with only the glyphs of `chars`; returns (bytes before, after)."""
    codepoints = sorted({ord(c) for c in chars} | ALWAYS)
    data = source.read_bytes()
    salt = f"{fontTools.version}|{_OPTIONS}|{','.join(map(str, codepoints))}".encode()
    cached = cache_dir / f"{source.stem}-{hashlib.sha256(data + salt).hexdigest()[:20]}.woff2"
    if cached.exists():
        smaller = cached.read_bytes()
    else:
        smaller = _subset_one(data, codepoints)
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(".tmp")
        temporary.write_bytes(smaller)
        temporary.replace(cached)  # whole or absent, even if two builds run at once
    if not target.exists() or target.read_bytes() != smaller:
        target.write_bytes(smaller)
    return len(data), len(smaller)

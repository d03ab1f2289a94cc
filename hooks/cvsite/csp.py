"""Stage 9 (post-build): a Content-Security-Policy in every HTML file of the site.

GitHub Pages sends no headers, so the policy is a `<meta http-equiv>` at the top of each page's
`<head>`. Scripts run only from the site itself ('self') or when they are an inline script that the
theme's templates wrote, matched by its SHA-256 hash. Those hashes are read from the final HTML at
build time, so a theme update that changes its inline scripts cannot break a page silently. An
inline script inside the page content (`<article>`, where Markdown and the catalogue's text go) is
never hashed, so it cannot run even if it got past the sanitizer.

The hashes are collected over the whole site and every page carries all of them: Material's
instant navigation swaps pages without reloading, under the policy of the first page opened.

It runs on `site/` after the build and needs nothing from MkDocs, so any builder can call it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.I)
_CONTENT = re.compile(r"<article\b.*</article>", re.S | re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
MARKER = 'http-equiv="Content-Security-Policy"'

# Everything but scripts: styles may be inline (Temml and Material write style attributes), images
# and fonts may be data: URLs (Material's icons); nothing may come from another host.
DIRECTIVES = [
    ("default-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
]


def theme_scripts(html: str) -> list[str]:
    """The text of each inline script outside the page content (JSON data blocks do not run)."""
    content = _CONTENT.search(html)
    start, end = content.span() if content else (len(html), len(html))
    return [
        match["body"]
        for match in _SCRIPT.finditer(html)
        if "src=" not in match["attrs"].lower()
        and not _DATA_TYPE.search(match["attrs"])
        and not start <= match.start() < end
    ]


def source_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def policy(hashes: Iterable[str]) -> str:
    # 'wasm-unsafe-eval' lets the site's own WebAssembly (the search index reader) compile; it does
    # not allow eval() of JavaScript.
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(set(hashes))])
    return "; ".join(f"{name} {value}" for name, value in [DIRECTIVES[0], ("script-src", scripts), *DIRECTIVES[1:]])


def with_policy(html: str, content: str) -> str:
    """The page with the policy as the first element of its head (before any script it governs)."""
    meta = f'<meta {MARKER} content="{content}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html
    return html[: anchor.end()] + "\n    " + meta + html[anchor.end() :]


def apply(site_dir: Path) -> str:
    """Write the policy into every HTML file under site_dir; returns the policy."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    content = policy(source_hash(script) for html in texts.values() for script in theme_scripts(html))
    for page, html in texts.items():
        if MARKER not in html:
            page.write_text(with_policy(html, content), encoding="utf-8")
    return content

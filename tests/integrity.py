"""What a reader sees, checked for markup that leaked through the pipeline.

`visible_text(html)` keeps the text a reader sees on a page (body, sidebars and table of contents),
without `script`, `style`, `code`, `pre` and rendered math. `leaks(text)` lists every piece of
Markdown, Jinja, TeX or escaping that should have been rendered and shows as characters instead.
The tests run both over every HTML file of the built site, the search index, the feeds and
`resources.json` (tests/test_integrity.py), and over planted fixtures that each must be caught.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is not text a reader reads as prose (code is shown verbatim on purpose).
SKIPPED_TAGS = {"script", "style", "code", "pre", "template", "noscript", "math", "svg", "textarea"}
# Rendered (or to-be-rendered) math, whatever the renderer: arithmatex's spans, MathML, KaTeX / MathJax output.
SKIPPED_CLASSES = {"arithmatex", "katex", "katex-display", "MathJax", "math", "math-display"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table", "nav",
    "header", "footer", "main", "article", "section", "aside", "details", "summary", "blockquote", "dd", "dt",
    "figcaption", "label", "title", "option",
}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        hidden = dict(attrs).get("hidden") is not None or ("hidden", None) in attrs
        self.stack.append((tag, tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES) or hidden))
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):  # HTML in the wild closes tags loosely
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The text of an HTML document or fragment as a reader sees it, one block a line."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


# (name, pattern) of markup that must never reach a reader as text.
CHECKS = [
    ("attribute list", re.compile(r"\{:?\s*(?:[.#][A-Za-z][\w-]*|[A-Za-z][\w-]*=[^}\s]*|data-[\w-]+)(?:\s+[^{}\n]*)?\s*\}|\{:?\s*\}")),
    ("Jinja", re.compile(r"\{\{|\}\}|\{%|%\}")),
    ("unrendered bold", re.compile(r"\*\*[^*\s][^*\n]*?\*\*|__[A-Za-z][^_\n]*?__")),
    ("unrendered link", re.compile(r"\[[^\]\n]+\]\((?:https?://|\.{0,2}/|#|[\w./-]+\.md)[^)\s]*\)")),
    ("unrendered code", re.compile(r"`[^`\n]+`")),
    ("admonition marker", re.compile(r"(?m)^\s*[!?]{3}\+?\s")),
    ("table row", re.compile(r"(?m)^\s*\|[^|\n]*\|[^|\n]*\|")),
    ("TeX outside math", re.compile(r"\\(?:[A-Za-z]{2,}|[()\[\]])|\$\$|(?<![\w$])\$[^$\s][^$\n]*?\$(?![\w$])")),
    ("double-escaped entity", re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]{2,8});")),
    ("name repeated", re.compile(r"(?<![\w-])([A-Z][\w+.-]*(?: [\w+.-]+){0,3}): \1(?=:)")),
]


def leaks(text: str, checks: list[tuple[str, re.Pattern]] = CHECKS) -> list[tuple[str, str]]:
    """(check name, snippet around it) of every leak in the visible text."""
    found = []
    for name, pattern in checks:
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
            found.append((name, text[start:end].replace("\n", " ⏎ ")))
    return found


# resources.json holds the catalogue as written: Markdown and TeX are its data, the rest is not.
DATA_CHECKS = [c for c in CHECKS if c[0] in ("attribute list", "Jinja", "double-escaped entity", "name repeated")]

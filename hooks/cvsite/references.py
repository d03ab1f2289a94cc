"""'Referenced by': which pages link to each paper page, collected from the built HTML of every
page (hand-written ones too), so nothing is missed however a link was written."""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from posixpath import normpath, relpath

_HREF = re.compile(r'href="([^"#?:]+/)(?:#[^"]*)?"')
# A paper page's previous/next links along its reading path are navigation, not references.
_NAVIGATION = re.compile(r'<p class="paper-path">.*?</p>', re.S)


class LinkGraph(defaultdict):
    """target page URL -> {source page URL: source title}."""

    def __init__(self):
        super().__init__(dict)

    def record(self, page_url: str, title: str, html: str) -> None:
        for href in _HREF.findall(_NAVIGATION.sub("", html)):
            target = normpath(f"{page_url}{href}") + "/"
            if target.rstrip("/") != page_url.rstrip("/"):  # not the page itself
                self[target][page_url] = title


def referenced_by(graph: LinkGraph, page_url: str) -> str:
    sources = graph.get(page_url, {})
    if not sources:
        return ""
    items = "".join(
        f'<li><a href="{escape(relpath(url or ".", page_url) + "/")}">{escape(title)}</a></li>'
        for url, title in sorted(sources.items(), key=lambda item: item[1].lower())
    )
    return f'<h2 id="referenced-by">Referenced by</h2><ul class="referenced-by">{items}</ul>'

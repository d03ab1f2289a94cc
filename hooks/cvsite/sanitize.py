"""Stage 6: clean the HTML of generated pages, so that nothing a contributor writes runs in a browser.

An allow-list (nh3, the Python binding of the Rust `ammonia` sanitizer): the tags and attributes that
Markdown and Material's extensions produce, and links to http(s) or relative URLs only.
"""

from __future__ import annotations

import nh3

TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "details", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "input", "kbd", "label", "li", "mark", "ol", "p", "pre", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
    "svg", "path",  # Material's icon shortcodes are inline SVG
}
ATTRIBUTES = {
    "*": {"class", "id", "title"},
    "a": {"href"},
    "details": {"open"},
    "input": {"type", "name", "checked"},  # content tabs are radio buttons
    "label": {"for"},
    "li": {"data-topic", "data-year", "data-tags", "data-code", "data-order"},  # the paper index (paper-index.js)
    "ol": {"start"},
    "svg": {"viewBox", "xmlns", "aria-hidden"},
    "path": {"d"},
    "span": {"data-kind", "data-year", "data-tags", "data-recommended"},  # filter markers (filters.js)
    "strong": {"data-pagefind-weight", "data-pagefind-meta"},  # a paper's short name: weighs more in search, names the result
    "h3": {"data-pagefind-weight"},  # a formula's name
    "td": {"align"},
    "th": {"align"},
}


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel=None,
        strip_comments=True,
    )


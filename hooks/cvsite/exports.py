"""Stage 8: exports for machines and reference managers, written next to the pages.

    resources.json   the validated catalogue, as the model dumps it, and its licence (`license`)
    references.bib   copied by MkDocs as a static file (hooks/main.py adds it to the files); its
                     header names the licence
    bibliography.md  every paper's formatted reference (rendered by `render.pages` from `references`)
    feed.json        JSON Feed 1.1 of the most recently added entries
    feed.xml         the same items as RSS 2.0

Everything here is a pure function of the Site (plus the site's URL and name), so the tests call it
directly and the build only writes the strings out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from email.utils import format_datetime
from pathlib import Path

from . import bib, plaintext
from .link import Site
from .model import Paper
from .urls import normalize_url

FEED_SIZE = 50
# The licence of the text and data (LICENSE-CONTENT); every export names it.
DATA_LICENSE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Deep Learning Computer Vision Resources contributors",
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot carry at all, even escaped; YAML's "\v" or "\0" escapes can produce them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_KIND_ORDER = ("correction", "paper", "formula", "notion", "faq", "link")  # ties on a date: corrections first


# --- resources.json -------------------------------------------------------------------------------


def catalogue_json(site: Site) -> str:
    """The catalogue as JSON, with its licence under `license`; sorted keys, so the same catalogue
    always gives the same bytes."""
    data = {**site.catalogue.model_dump(mode="json"), "license": DATA_LICENSE}
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- bibliography ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Reference:
    paper: Paper
    text: str  # plain text (TeX accents decoded); the template escapes it for Markdown


def references(site: Site) -> list[Reference]:
    """Every paper's reference in pybtex's plain style (the one mkdocs-bibtex uses on the paper
    pages), sorted by first author's last name, then the year of the reference, then title."""
    keyed = []
    for paper in site.catalogue.papers:
        entry = site.bibliography.parsed[paper.bibtex]
        formatted = bib.formatted(entry)["text"]
        authors = entry.persons.get("author") or entry.persons.get("editor") or []
        first = " ".join(n.render_as("text") for n in authors[0].rich_last_names) if authors else paper.title
        year = entry.fields.get("year", str(paper.year))  # the year the reference shows (the venue's, not arXiv's)
        keyed.append(((first.casefold(), year, paper.title.casefold(), paper.id), Reference(paper, formatted)))
    return [reference for _, reference in sorted(keyed, key=lambda pair: pair[0])]


# --- feeds ----------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FeedItem:
    id: str  # an entry's page URL; for a link, that page's URL and the link's normalized URL
    kind: str  # one of _KIND_ORDER
    title: str
    url: str  # absolute URL of the page (and anchor) where the entry is shown
    date: dt.date
    text: str  # plain text: the entry's summary, its Markdown and math made readable (plaintext.plain)
    tags: tuple[str, ...]
    external_url: str | None = None  # for links: where the link goes


def _page(site_url: str, path: str, anchor: str = "") -> str:
    """Absolute URL of a generated page (MkDocs' default directory URLs: `papers/x.md` -> `papers/x/`)."""
    return f"{site_url.rstrip('/')}/{path}/" + (f"#{anchor}" if anchor else "")


def feed_items(site: Site, site_url: str, limit: int = FEED_SIZE) -> list[FeedItem]:
    """The `limit` most recently added entries, newest first; ties keep a fixed order
    (papers, formulas, notions, FAQ, links, each by id: its URL)."""
    if not site_url.startswith(("http://", "https://")):
        raise ValueError("the feeds need absolute URLs: set site_url in mkdocs.yml")
    cat = site.catalogue
    shown_at = {  # the page (and anchor) that shows each entry, keyed like `Site.links()` names owners
        **{f"topics/{t.id}": _page(site_url, f"topics/{t.id}") for t in cat.topics},
        **{f"papers/{p.id}": _page(site_url, f"papers/{p.id}") for p in cat.papers},
        **{f"formulas/{f.id}": _page(site_url, "losses", f.id) for f in cat.formulas},
        **{f"notions/{n.id}": _page(site_url, f"topics/{n.topic}", n.id) for n in cat.notions},
        **{f"faq/{q.id}": _page(site_url, "faq", q.id) for q in cat.faq},
    }

    def entry(kind: str, key: str, title: str, date: dt.date, text: str, *tags: str) -> FeedItem:
        # an entry's id is its page's URL; its title and text are plain text (math made readable)
        return FeedItem(shown_at[key], kind, plaintext.plain(title), shown_at[key], date, plaintext.plain(text), tags)

    topic = {t.id: t.title for t in cat.topics}
    items = [
        entry("paper", f"papers/{p.id}", f"{p.short_name}: {p.title_after_name}", p.added, p.tldr, "paper", topic[p.topic])
        for p in cat.papers
    ]
    items += [entry("formula", f"formulas/{f.id}", f.name, f.added, f.explanation, f.kind, topic[f.topic]) for f in cat.formulas]
    items += [entry("notion", f"notions/{n.id}", n.title, n.added, n.summary, "notion", topic[n.topic]) for n in cat.notions]
    items += [entry("faq", f"faq/{q.id}", q.question, q.added, q.answer, "faq", topic[q.topic]) for q in cat.faq]
    items += [
        FeedItem(f"{shown_at[owner]} corrected {c.date.isoformat()} {hashlib.sha256(c.change.encode()).hexdigest()[:12]}",
                 "correction", plaintext.plain(f"Corrected: {name}"), shown_at[owner], c.date,
                 plaintext.plain(f"{c.change} Source: {c.source}"), ("correction",), external_url=c.source)
        for owner, name, c in site.corrections()
    ]
    items += [
        FeedItem(f"{shown_at[owner]} {normalize_url(link.url)}", "link", plaintext.plain(link.title), shown_at[owner], link.added,
                 plaintext.plain(link.note or link.title), ("link", link.kind), external_url=link.url)
        for owner, link in site.links()
        if link.added
    ]
    items.sort(key=lambda i: (-i.date.toordinal(), _KIND_ORDER.index(i.kind), i.id))
    return items[:limit]


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _published(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def json_feed(items: list[FeedItem], *, site_url: str, title: str, description: str | None) -> str:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1); plain text only (`content_text`), so no
    reader can take a contributor's text for HTML."""
    feed = {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": site_url,
        "feed_url": f"{site_url.rstrip('/')}/feed.json",
        "language": "en",
        "_license": DATA_LICENSE,  # a JSON Feed extension (custom keys start with _): the data licence
        "items": [
            {
                "id": item.id,
                "url": item.url,
                **({"external_url": item.external_url} if item.external_url else {}),
                "title": item.title,
                "content_text": item.text,
                "date_published": _published(item.date).isoformat(),
                "tags": list(item.tags),
            }
            for item in items
        ],
    }
    if description:
        feed["description"] = description
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def rss_feed(items: list[FeedItem], *, site_url: str, title: str, description: str | None) -> str:
    """RSS 2.0. Readers treat <description> as HTML, so the plain text is HTML-escaped first and the
    XML serializer escapes it again; <title> is plain text, escaped once."""
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")

    def add(parent: ET.Element, tag: str, value: str, **attributes: str) -> None:
        ET.SubElement(parent, tag, attributes).text = _clean(value)

    add(channel, "title", title)
    add(channel, "link", site_url)
    add(channel, "description", html.escape(description or title))
    add(channel, "language", "en")
    add(channel, "copyright", f"Text and data: {DATA_LICENSE['name']} ({DATA_LICENSE['url']}), {DATA_LICENSE['attribution']}")
    ET.SubElement(channel, f"{{{ATOM}}}link", href=f"{site_url.rstrip('/')}/feed.xml", rel="self", type="application/rss+xml")
    if items:  # the newest entry's date, not the build time: the same catalogue gives the same file
        add(channel, "pubDate", format_datetime(_published(items[0].date)))
    for item in items:
        node = ET.SubElement(channel, "item")
        add(node, "title", item.title)
        add(node, "link", item.url)
        add(node, "description", html.escape(item.text))
        add(node, "guid", item.id, isPermaLink="false" if item.external_url else "true")
        add(node, "pubDate", format_datetime(_published(item.date)))
        for tag in item.tags:
            add(node, "category", tag)
    ET.indent(rss)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


# --- the build ------------------------------------------------------------------------------------


def write(site: Site, site_dir: Path, *, site_url: str, title: str, description: str | None) -> None:
    """Write resources.json, feed.json and feed.xml into the built site."""
    items = feed_items(site, site_url)
    (site_dir / "resources.json").write_text(catalogue_json(site), encoding="utf-8")
    (site_dir / "feed.json").write_text(json_feed(items, site_url=site_url, title=title, description=description), encoding="utf-8")
    (site_dir / "feed.xml").write_text(rss_feed(items, site_url=site_url, title=title, description=description), encoding="utf-8")

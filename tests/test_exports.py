"""Exports: resources.json, references.bib and the bibliography page, and the feeds (RSS 2.0 and
JSON Feed 1.1) of recently added entries; checked on the real build and on altered catalogues."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import random
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT
from cvsite import exports
from cvsite.link import load_site
from cvsite.model import Catalogue
from pybtex.database import parse_file

SITE = load_site(ROOT / "resources.yaml", ROOT / "references.bib")
DATED = len(SITE.catalogue.papers) + len(SITE.catalogue.formulas) + len(SITE.catalogue.notions) + len(SITE.catalogue.faq)
DATED += sum(1 for _, link in SITE.links() if link.added)


class Links(HTMLParser):
    """(href, text) of every <a> inside a <li>, and every <link> of the head, of one page."""

    def __init__(self):
        super().__init__()
        self.items: list[tuple[str, str]] = []  # anchors in list items, with the item's whole text
        self.head: list[dict] = []
        self._li: list[str] | None = None
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li":
            self._li, self._href = [], None
        elif tag == "a" and self._li is not None and self._href is None:
            self._href = attrs.get("href")
        elif tag == "link":
            self.head.append(attrs)

    def handle_data(self, data):
        if self._li is not None:
            self._li.append(data)

    def handle_endtag(self, tag):
        if tag == "li" and self._li is not None:
            if self._href:
                self.items.append((self._href, " ".join("".join(self._li).split())))
            self._li = None


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def resolve(built_site: Path, page: str, href: str) -> Path:
    """The file a relative link of `page` (a path under the site, ending in /) serves."""
    target = urlsplit(urljoin(f"http://site/{page}", href)).path.lstrip("/")
    path = built_site / target
    return path / "index.html" if target.endswith("/") or not target else path


def site_url(built_site: Path) -> str:
    return json.loads((built_site / "feed.json").read_text(encoding="utf-8"))["home_page_url"]


def served(built_site: Path, url: str, base: str) -> None:
    """An absolute URL of the feed names a built page, and its anchor exists on that page."""
    assert url.startswith(base), url
    parts = urlsplit(url)
    path = built_site / parts.path.lstrip("/") / "index.html"
    assert path.is_file(), url
    if parts.fragment:
        assert f'id="{parts.fragment}"' in path.read_text(encoding="utf-8"), url


# --- resources.json and references.bib ------------------------------------------------------------


def test_resources_json_is_the_validated_catalogue(built_site):
    raw = (built_site / "resources.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert data.pop("license") == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/",
                                   "attribution": "Deep Learning Computer Vision Resources contributors"}
    assert Catalogue.model_validate(data) == SITE.catalogue
    assert raw == exports.catalogue_json(SITE)  # the same catalogue, the same bytes
    keys = list(json.loads(raw)["papers"][0])
    assert keys == sorted(keys)


def test_references_bib_is_served_unchanged(built_site):
    assert (built_site / "references.bib").read_bytes() == (ROOT / "references.bib").read_bytes()


# --- the bibliography page ------------------------------------------------------------------------


def test_bibliography_lists_every_paper_with_a_link_to_its_page(built_site):
    page = built_site / "bibliography" / "index.html"
    links = Links()
    links.feed(page.read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0])  # not the navigation
    entries = [(href, text) for href, text in links.items if href.startswith("../papers/")]
    assert sorted(href for href, _ in entries) == sorted(f"../papers/{p.id}/" for p in SITE.catalogue.papers)
    for href, _ in entries:
        assert resolve(built_site, "bibliography/", href).is_file(), href

    # Sorted by first author's last name, then year, both as written in references.bib.
    bib = parse_file(ROOT / "references.bib")
    by_href = {f"../papers/{p.id}/": p for p in SITE.catalogue.papers}
    order = []
    for href, text in entries:
        paper = by_href[href]
        entry = bib.entries[paper.bibtex]
        last = " ".join(name.render_as("text") for name in entry.persons["author"][0].rich_last_names)
        assert text.startswith(f"{paper.short_name}: ") and last in text and entry.fields["year"] in text, (href, text)
        order.append((last.casefold(), entry.fields["year"]))
    assert order == sorted(order)

    raw = page.read_text(encoding="utf-8")
    assert 'href="../references.bib"' in raw
    assert "<title>Bibliography - " in raw
    assert "bibliography.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # in the navigation


def test_references_decode_tex_and_escape_markdown():
    text = {r.paper.bibtex: r.text for r in exports.references(SITE)}
    assert "Hervé Jégou" in text["touvron2021deit"]  # J{\'e}gou in the .bib
    assert "{" not in "".join(text.values())


# --- feeds on the real build ----------------------------------------------------------------------


def test_feed_xml_is_rss_2_newest_first_with_absolute_links(built_site):
    base = site_url(built_site)
    rss = ET.parse(built_site / "feed.xml").getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), required
    assert channel.findtext("link") == base
    items = channel.findall("item")
    assert len(items) == min(exports.FEED_SIZE, DATED)
    dates = []
    for item in items:
        assert item.findtext("title")
        served(built_site, item.findtext("link"), base)
        guid = item.find("guid")
        if guid.get("isPermaLink") == "true":
            served(built_site, guid.text, base)
        dates.append(parsedate_to_datetime(item.findtext("pubDate")))
    assert dates == sorted(dates, reverse=True)
    assert len({item.findtext("guid") for item in items}) == len(items)
    expected = exports.feed_items(SITE, base)
    assert [item.findtext("link") for item in items] == [i.url for i in expected]


def test_feed_json_has_json_feed_1_1_required_fields(built_site):
    base = site_url(built_site)
    feed = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["feed_url"] == f"{base}feed.json"
    assert isinstance(feed["items"], list) and len(feed["items"]) == min(exports.FEED_SIZE, DATED)
    ids = set()
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"] not in ids
        ids.add(item["id"])
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        served(built_site, item["url"], base)
        published = dt.datetime.fromisoformat(item["date_published"])  # RFC 3339
        assert published.tzinfo is not None
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("page", ["", "papers/resnet/", "bibliography/"])
def test_pages_announce_both_feeds(built_site, page):
    head = parse(built_site / page / "index.html").head
    alternates = {link["type"]: link["href"] for link in head if link.get("rel") == "alternate"}
    assert resolve(built_site, page, alternates["application/rss+xml"]) == built_site / "feed.xml"
    assert resolve(built_site, page, alternates["application/feed+json"]) == built_site / "feed.json"


# --- feeds on altered catalogues ------------------------------------------------------------------


def _with(**update) -> exports.Site:
    return dataclasses.replace(SITE, catalogue=SITE.catalogue.model_copy(update=update))


BASE = "https://example.org/cv/"


def _aged(entry, old: dict):
    """The entry and its own dated links (a formula's explainers), all as old as `old` says."""
    links = getattr(entry, "resources", None) or []
    return entry.model_copy(update={**old, "resources": [r.model_copy(update=old) for r in links]} if links else old)


def test_feed_is_newest_first_capped_and_includes_dated_links():
    cat = SITE.catalogue
    old = {"added": dt.date(2019, 1, 1)}
    papers = [
        p.model_copy(update={"added": dt.date(2020, 1, 1) + dt.timedelta(days=i), "corrections": []}) for i, p in enumerate(cat.papers)
    ]
    topic = cat.topics[0]
    link = topic.resources[0].model_copy(update={"added": dt.date(2021, 1, 1)})
    topics = [topic.model_copy(update={"resources": [link, *topic.resources[1:]]}), *cat.topics[1:]]
    site = _with(
        papers=papers,
        topics=topics,
        formulas=[_aged(f, old) for f in cat.formulas],
        notions=[_aged(n, old) for n in cat.notions],
        faq=[_aged(q, old) for q in cat.faq],
    )
    items = exports.feed_items(site, BASE)
    assert len(items) == exports.FEED_SIZE
    assert items[0].external_url == link.url and items[0].url == f"{BASE}topics/{topic.id}/"
    dates = [item.date for item in items]
    assert dates == sorted(dates, reverse=True)
    newest = sorted(papers, key=lambda p: p.added, reverse=True)[0]
    assert items[1].url == f"{BASE}papers/{newest.id}/"
    assert all(item.url.startswith(BASE) for item in items)


def test_feed_order_does_not_depend_on_the_catalogue_order():
    shuffled = list(SITE.catalogue.papers)
    random.Random(4).shuffle(shuffled)
    items = exports.feed_items(SITE, BASE)
    assert exports.feed_items(_with(papers=shuffled), BASE) == items
    rss = exports.rss_feed(exports.feed_items(_with(papers=shuffled), BASE), site_url=BASE, title="t", description="d")
    assert rss == exports.rss_feed(items, site_url=BASE, title="t", description="d")


def test_feed_escapes_contributor_text():
    hostile = "<script>alert(1)</script> & ]]> \x01<b>bold</b>"
    paper = SITE.catalogue.papers[0].model_copy(update={"short_name": hostile, "tldr": hostile, "added": dt.date.today()})
    everything = exports.feed_items(_with(papers=[paper, *SITE.catalogue.papers[1:]]), BASE, limit=10**6)
    items = [item for item in everything if item.url == f"{BASE}papers/{paper.id}/"]
    assert items[0].text == hostile

    rss = ET.fromstring(exports.rss_feed(items, site_url=BASE, title="a < b", description=None))
    first = rss.find("channel/item")
    clean = hostile.replace("\x01", "")  # not allowed in XML 1.0 at all
    assert first.findtext("title").startswith(clean)  # plain text, escaped once
    description = first.findtext("description")
    assert description == html.escape(clean)  # HTML for the reader, which shows the text as written
    assert "<" not in description
    assert rss.findtext("channel/title") == "a < b"

    feed = json.loads(exports.json_feed(items, site_url=BASE, title="t", description=None))
    assert feed["items"][0]["content_text"] == hostile
    assert "content_html" not in feed["items"][0]


def test_feeds_need_an_absolute_site_url():
    with pytest.raises(ValueError, match="site_url"):
        exports.feed_items(SITE, "/relative/")


def test_paper_pages_get_the_reference_mkdocs_bibtex_would_format():
    """hooks/main.py makes mkdocs-bibtex take each reference from cvsite.bib.formatted (formatted once,
    shared with the bibliography page): for every entry, exactly what the plugin formats on its own."""
    from cvsite import bib
    from mkdocs_bibtex.citation import Citation
    from mkdocs_bibtex.registry import SimpleRegistry

    own = SimpleRegistry(bib_files=[str(ROOT / "references.bib")])
    shared = SimpleRegistry(bib_files=[str(ROOT / "references.bib")])
    bib.share_with_mkdocs_bibtex(shared)
    assert getattr(shared.reference_text, "shared", False)
    different = {key: (shared.reference_text(Citation(key)), own.reference_text(Citation(key)))
                 for key in own.bib_data.entries
                 if shared.reference_text(Citation(key)) != own.reference_text(Citation(key))}
    assert not different, list(different.items())[:3]
    assert "\\(" not in "".join(shared.reference_text(Citation(key)) for key in own.bib_data.entries)

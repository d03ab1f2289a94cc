"""No markup leaks through to a reader: the visible text of every built page, the search index, the
feeds and resources.json (tests/integrity.py says what counts as a leak). Planted fixtures show that
each kind of leak is caught, and that code, math and scripts are not taken for one."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from integrity import CHECKS, DATA_CHECKS, leaks, visible_text


def _report(found: dict[str, list[tuple[str, str]]]) -> str:
    return "\n".join(f"{where}: {name}: …{snippet}…" for where, items in found.items() for name, snippet in items[:5])


def test_every_built_page_shows_no_leaked_markup(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 80, "expected every page of the site"
    found = {str(page.relative_to(built_site)): leaks(visible_text(page.read_text(encoding="utf-8"))) for page in pages}
    found = {where: items for where, items in found.items() if items}
    assert not found, _report(found)


def _search_documents(site: Path) -> list[tuple[str, str]]:
    """(location, text) of every document of the search index that the site ships (Pagefind's fragments:
    the text that result snippets are cut from)."""
    documents = []
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        if data["url"] == "/contributing/":
            continue  # it shows how to write TeX in code spans (`$...$`, `\lt`), which the index keeps as text
        documents.append((data["url"], data["meta"].get("title", "") + "\n" + data["content"]))
    return documents


def test_search_index_shows_no_leaked_markup(built_site):
    documents = _search_documents(built_site)
    assert len(documents) > 100
    found = {where: items for where, text in documents if (items := leaks(text))}
    assert not found, _report(found)


def test_feeds_show_no_leaked_markup(built_site):
    feed = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    texts = [(item["id"], item["title"] + "\n" + item["content_text"]) for item in feed["items"]]
    rss = ET.parse(built_site / "feed.xml").getroot()
    for item in rss.iter("item"):
        # <description> is HTML-escaped plain text: unescaped once by the XML parser, once by a reader
        texts.append((item.findtext("guid"), item.findtext("title") + "\n" + visible_text(item.findtext("description"))))
    assert len(texts) > 20
    found = {where: items for where, text in texts if (items := leaks(text))}
    assert not found, _report(found)


_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$", re.S)


def _strings(value, key=""):
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v, key)


def test_resources_json_holds_no_template_or_escaping_leaks(built_site):
    """The export carries the catalogue as written (Markdown and TeX are its data), so only what can
    never be data is a leak: Jinja, attribute lists, double escaping, a name said twice."""
    data = json.loads((built_site / "resources.json").read_text(encoding="utf-8"))
    found = []
    for key, value in _strings(data):
        if key in ("latex", "symbol"):  # TeX fields
            continue
        found += leaks(_MATH.sub(" ", value), DATA_CHECKS)
    assert not found, found[:10]


# --- the checker catches every kind of leak ------------------------------------------------------

PAGE = """<html><head><title>T</title><script>var x = "{{ y }}";</script><style>p{{}}</style></head>
<body><nav class="md-nav">Table of contents</nav><article>@@BODY@@</article></body></html>"""

PLANTED = {
    "attribute list": [
        "<p>SSD · ECCV 2016{: .paper-meta }</p>", '<p><a href="x">arXiv</a>{ .md-button }</p>', "<p>Heading { #anchor }</p>",
        "<h2>Figures { }</h2>",
    ],
    "Jinja": ["<p>Authors: {{ paper.authors }}</p>", "<li>{% for x in y %}</li>", "<p>end %}</p>"],
    "unrendered bold": ["<p>**Window attention.** Tokens attend</p>"],
    "unrendered link": ["<p>see [the paper](https://arxiv.org/abs/1512.03385)</p>", "<p>[ResNet](../papers/resnet.md)</p>"],
    "unrendered code": ["<h2>Should I use `inplace=True` in PyTorch?</h2>"],
    "admonition marker": ['<p>!!! abstract "TL;DR"</p>'],
    "table row": ["<p>| Metric | Value | Dataset |</p>"],
    "TeX outside math": [r"<p>the loss \frac{1}{N} of</p>", "<p>where $x$ is the input</p>", r"<p>a box \(b\) here</p>"],
    "double-escaped entity": ["<p>SSD&amp;#58; Single Shot</p>", "<p>Tom &amp;amp; Jerry</p>"],
    "name repeated": ["<li><strong>SSD</strong>: SSD: Single Shot MultiBox Detector</li>", "<p>BoT-SORT: BoT-SORT: Robust</p>"],
}


@pytest.mark.parametrize(("check", "fragment"), [(c, f) for c, fragments in PLANTED.items() for f in fragments])
def test_each_planted_leak_is_caught_with_its_snippet(check, fragment):
    found = leaks(visible_text(PAGE.replace("@@BODY@@", fragment, 1)))
    assert check in [name for name, _ in found], (fragment, found)
    snippet = next(s for name, s in found if name == check)
    assert snippet.strip(), "the report shows where the leak is"


def test_every_check_has_a_planted_fixture():
    assert {name for name, _ in CHECKS} == set(PLANTED)


CLEAN = [
    "<p>Plain prose: a 3 × 3 convolution, top-1 81.3 %, AP<sub>50</sub>, e-mail a@b.c, 50 % off.</p>",
    "<pre><code>{: .x } {{ y }} **b** `c` | a | b | \\frac</code></pre>",
    '<p>Inline <code>model.train()</code> and <code>padding="same"</code>.</p>',
    '<p>Math <span class="arithmatex">\\(\\frac{a}{b}\\)</span> and <span class="katex">x</span>.</p>',
    '<div class="arithmatex">\\[ \\sum_i x_i \\]</div>',
    "<p>Tom &amp; Jerry, 1 &lt; 2.</p>",
    "<p>Mask R-CNN extends Faster R-CNN: Faster R-CNN gains a mask branch.</p>",
    '<svg viewBox="0 0 1 1"><title>{{ not text }}</title></svg>',
]


@pytest.mark.parametrize("fragment", CLEAN)
def test_code_math_and_prose_are_not_leaks(fragment):
    assert leaks(visible_text(PAGE.replace("@@BODY@@", fragment, 1))) == []


def test_visible_text_keeps_sidebars_and_drops_scripts():
    text = visible_text(PAGE.replace("@@BODY@@", "<p>Body</p>", 1))
    assert "Table of contents" in text and "Body" in text and "var x" not in text and "p{" not in text

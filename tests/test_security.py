"""Nothing a contributor writes reaches a page as markup or script: raw HTML, javascript: and data:
links and attr_list attributes are written into every kind of text field, and the built pages
carry none of them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import yaml
from conftest import copy_project, mkdocs

VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click](javascript:alert(3))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "<a href='javascript:alert(4)'>x</a>",
    "text{: onclick=\"alert(5)\" }",
    "<iframe src=//evil.example></iframe>",
    '<svg><script>alert(6)</script></svg>',
    "<style>body{display:none}</style>",
]
PAYLOAD = " ".join(VECTORS)  # for Markdown fields
SHORT = '<script>alert(1)</script><img src=x onerror="alert(2)">[x](javascript:alert(3)){: onclick="alert(5)" }'  # plain text fields


class Tags(HTMLParser):
    """Every real tag of a page, with its attributes (text that merely looks like a tag is not one)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_markup_in_every_text_field_is_inert(tmp_path):
    project = copy_project(tmp_path / "project")
    data = yaml.safe_load((project / "resources.yaml").read_text(encoding="utf-8"))
    topic, paper, formula, notion, faq = data["topics"][0], data["papers"][0], data["formulas"][0], data["notions"][0], data["faq"][0]
    topic["title"] += SHORT
    topic["summary"] += "\n\n" + PAYLOAD
    topic["resources"][0]["title"] += SHORT
    topic["resources"][0]["note"] = PAYLOAD
    paper["title"] += SHORT
    paper["short_name"] += SHORT
    paper["tldr"] = SHORT
    paper["key_ideas"].append(PAYLOAD)
    paper["notes"] = PAYLOAD + "\n\n" + PAYLOAD
    paper["authors"].append(SHORT)
    paper["venue"] += SHORT
    formula["name"] += SHORT
    formula["explanation"] += "\n\n" + PAYLOAD
    formula["legend"][0]["meaning"] += SHORT
    notion["summary"] += "\n\n" + PAYLOAD
    faq["question"] += SHORT
    faq["answer"] += "\n\n" + PAYLOAD
    (project / "resources.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    site = tmp_path / "site"
    result = mkdocs("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    pages = [
        site / "topics" / topic["id"] / "index.html",
        site / "papers" / paper["id"] / "index.html",
        site / "losses" / "index.html",
        site / "topics" / notion["topic"] / "index.html",
        site / "faq" / "index.html",
        site / "papers" / "index.html",
    ]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        assert "alert(" in article, f"{page}: the payload should be on the page, as inert text"
        tags = Tags(article).tags
        assert not [t for t, _ in tags if t in ("script", "iframe", "img", "style", "object", "embed")], page
        assert not [(t, a) for t, a in tags for name in a if name.lower().startswith("on")], page
        for href in [a["href"] for t, a in tags if "href" in a]:
            assert re.match(r"(https?://|#|\.\.?/|[\w-]+/)", href), (page, href)
        # the page head (title, description) carries the text escaped, too
        head_tags = Tags(html.split("</head>", 1)[0]).tags
        assert not [a for t, a in head_tags if t == "script" and not a.get("src") and "alert" in str(a)], page
        assert "<script>alert" not in html and "<img src=x" not in html, page

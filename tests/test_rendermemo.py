"""The serve-time memo of Markdown conversions (hooks/cvsite/rendermemo.py): a page whose Markdown and
build did not change gets what its last conversion produced, with a table of contents of its own; a
conversion that logged is not kept."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from cvsite import rendermemo
from mkdocs.structure.toc import get_toc

CONFIG = {"markdown_extensions": [], "mdx_configs": {}, "validation": {}, "use_directory_urls": True}


def _page(markdown: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri="a.md", url="a/"), markdown=markdown, content=None, toc=None,
                           _title_from_render=None, present_anchor_ids=None, links_to_anchors=None)


def _render(calls: list, warn: bool = False):
    def render(page, config, files):
        calls.append(page.markdown)
        if warn:
            logging.getLogger("mkdocs.test").warning("a broken link")
        page.content = f"<p>{page.markdown}</p>"
        page.toc = get_toc([{"level": 2, "id": "one", "name": "One", "children": []}])
        page._title_from_render = "Title"
        page.present_anchor_ids = {"one"}
    return render


def test_an_unchanged_page_is_not_converted_again_and_gets_its_own_table_of_contents():
    calls: list = []
    memo = rendermemo.memoized(_render(calls))
    files = []
    first = _page("x")
    memo(first, CONFIG, files)
    again = _page("x")
    memo(again, CONFIG, files)
    assert calls == ["x"]
    assert again.content == "<p>x</p>" and again._title_from_render == "Title" and again.present_anchor_ids == {"one"}
    assert [item.id for item in again.toc] == ["one"]
    next(iter(again.toc)).title = "changed by a plugin"  # a later stage may change the page's copy...
    third = _page("x")
    memo(third, CONFIG, files)
    assert next(iter(third.toc)).title == "One"  # ...but not what the next rebuild gets
    memo(_page("y"), CONFIG, files)
    assert calls == ["x", "y"]


def test_a_conversion_that_logged_is_done_again_so_its_warning_shows_again():
    calls: list = []
    memo = rendermemo.memoized(_render(calls, warn=True), logger_name="mkdocs.test")
    memo(_page("x"), CONFIG, [])
    memo(_page("x"), CONFIG, [])
    assert calls == ["x", "x"]

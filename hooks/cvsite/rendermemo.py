"""While serving: a page whose Markdown has not changed is not converted to HTML again.

`mkdocs serve` rebuilds every page after any save, and converting Markdown to HTML is most of a
rebuild. `memoized(render)` wraps MkDocs' `Page.render(config, files)`: it keeps what a conversion
produced (the HTML, the table of contents, the title, the anchors and the links to anchors) under a
key that holds everything the conversion reads:

- the page's Markdown, as the plugins left it (on_page_markdown runs before);
- the page's source path and URL (relative links depend on them);
- every file of the build with its URL (links are resolved and checked against them);
- the Markdown settings of mkdocs.yml and its link validation levels.

A conversion that logged anything (a broken link, say) is not kept, so its warning shows again on the
next rebuild. Only the latest rebuild's pages are kept. `mkdocs build` never uses this.
"""

from __future__ import annotations

import hashlib
import logging
import pickle  # the table of contents is kept pickled: loading a copy is about 6 times faster than deepcopy


class _Caught(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _files_signature(files) -> str:
    digest = hashlib.sha256()
    for file in sorted(files, key=lambda f: f.src_uri):
        digest.update(f"{file.src_uri}\0{file.url}\0{file.inclusion}\n".encode())
    return digest.hexdigest()


def memoized(render, logger_name: str = "mkdocs"):
    kept: dict[tuple, tuple] = {}
    used: set[tuple] = set()
    last: list = [None, "", None]  # [files object, its signature, the config's signature]

    def render_memoized(page, config, files) -> None:
        if last[0] is not files:  # a new build: its files and settings, once
            last[:] = [files, _files_signature(files), repr((config["markdown_extensions"], config["mdx_configs"],
                                                             config["validation"], config["use_directory_urls"]))]
            for key in set(kept) - used:  # what the previous build did not use
                del kept[key]
            used.clear()
        key = (page.file.src_uri, page.file.url, page.markdown, last[1], last[2])
        used.add(key)
        if key in kept:
            content, toc, title, anchors, links = kept[key]
            page.content, page.toc, page._title_from_render = content, pickle.loads(toc), title  # a copy of its own
            page.present_anchor_ids = set(anchors)
            if links is not None:  # the File objects of this build, by path
                page.links_to_anchors = {files.get_file_from_path(src): dict(v) for src, v in links.items()}
            return
        caught = _Caught()
        logger = logging.getLogger(logger_name)
        logger.addHandler(caught)
        try:
            render(page, config, files)
        finally:
            logger.removeHandler(caught)
        if caught.count:
            return
        links = page.links_to_anchors
        kept[key] = (page.content, pickle.dumps(page.toc), page._title_from_render, frozenset(page.present_anchor_ids or ()),
                     None if links is None else {f.src_uri: dict(v) for f, v in links.items()})

    return render_memoized

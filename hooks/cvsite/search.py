"""Stage 8: the full-text search index, built by Pagefind (the pinned `pagefind[bin]` wheel brings its
binary, no Node) over the finished site, so it works under any builder (MkDocs, ProperDocs).

Pagefind splits the index into fragments: a reader's browser downloads only the parts of the index
that the words typed need, and the text of the results shown, never the whole index (a word's chunk
still lists every page that has it, so it grows with the catalogue: docs/performance.md).
docs/javascripts/search.js asks it from Material's header search box.

What is indexed is what the reader sees of a page's content, marked by `body()` when the page is
rendered: not the navigation, the tags, or the "Referenced by" list. Math is left out (its source is
TeX, which must not show in a snippet), and so are code blocks, heading anchors and citations.
Weights come from the templates (`data-pagefind-weight`): a paper's short name, a formula's name.

A page of many entries (the losses and metrics) is marked by `body(html, split="h3")` instead: each of
its entries becomes a search result of its own, so "focal loss" finds the focal loss itself first,
not a long page that has it somewhere, or the papers that mention it.
"""

from __future__ import annotations

import asyncio
import base64
import html as html_lib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

from pagefind.service import PagefindService

BUNDLE = "pagefind"  # the folder of the index and its engine, under the site
# Pagefind's ready-made interfaces (about 380 KB): search.js talks to the engine (pagefind.js) itself.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
# Math in every form it may take: arithmatex's spans and blocks (TeX for MathJax), MathJax's output,
# and the site's own: Temml's MathML and the boxes of display equations.
MATH = [".arithmatex", "mjx-container", ".MathJax", ".katex", ".katex-display", "math", ".math-display"]
# Code blocks are not prose, and some hold TeX source too (BibTeX, resources.yaml samples); inline code stays.
EXCLUDE = [*MATH, ".highlight", "pre", ".headerlink", ".footnote", ".footnote-ref"]
_SPLIT = re.compile(r'<div data-search-split="(h[2-6])" data-search-title="([^"]*)">\n(.*?)\n</div><!-- /search-split -->', re.S)


class SearchIndexError(RuntimeError):
    pass


def body(html: str, split: str | None = None, title: str = "") -> str:
    """The content of a page, marked as the part of it that search indexes; with `split`, one search
    result per heading of that level (and one for what comes before the first)."""
    if split:
        return f'<div data-search-split="{split}" data-search-title="{html_lib.escape(title)}">\n{html}\n</div><!-- /search-split -->'
    return f"<div data-pagefind-body>\n{html}\n</div>"


def _record(html: str, page: str = "") -> str:
    meta = f' data-pagefind-meta="page:{page}"' if page else ""
    return f'<html lang="en"><body><div data-pagefind-body{meta}>{html}</div></body></html>'


def records(page_html: str, url: str) -> list[tuple[str, str]]:
    """(url, HTML document) of each entry of a split page, the entry's heading as its title; what is
    not in an entry (the introduction, higher headings) is one more record, at the page's url."""
    match = _SPLIT.search(page_html)
    if not match:
        return []
    level, page, content = match.groups()
    intro, entries = [], []
    for part in re.split(r"(?=<h[1-6][\s>])", content):
        anchor = re.match(rf'<{level}[^>]*\bid="([^"]+)"', part)
        if anchor:
            heading = part.replace(f"<{level}", "<h1", 1).replace(f"</{level}>", "</h1>", 1)
            entries.append((f"{url}#{anchor.group(1)}", _record(heading, page)))
        else:
            intro.append(part)
    return [(url, _record("".join(intro))), *entries]


class _Service(PagefindService):
    """Pagefind's service, reading its replies as they come. The pinned client (pagefind 1.5.2) sleeps
    0.1 s before reading each reply, so the ~80 records of the split pages cost 8 s a build; this is
    its reading loop without that sleep (the replies are the same, in the same order), and without its
    2 MiB limit on a reply (the whole index comes back as one reply: see `_index`)."""

    async def _reply(self) -> bytes:
        chunks = []
        while True:
            try:
                chunks.append(await self._backend.stdout.readuntil(b","))  # base64 has no comma
                return b"".join(chunks)
            except asyncio.LimitOverrunError as error:  # longer than the stream's buffer: take what is there
                chunks.append(await self._backend.stdout.readexactly(error.consumed))

    async def _wait_for_responses(self) -> None:
        while True:
            output = await self._reply()
            response = json.loads(base64.b64decode(output[:-1]))
            if response is None:
                continue
            message_id = response.get("message_id")
            payload = response["payload"]
            if message_id is None and payload.get("original_message"):  # a message it could not parse
                message_id = json.loads(payload["original_message"]).get("message_id")
            future = self._responses.get(message_id)
            if future is None or future.done():
                continue
            if payload["type"] == "Error":
                future.set_exception(Exception(payload["message"], payload.get("original_message")))
            else:
                future.set_result(payload)

    async def close(self) -> None:
        """End the service by closing its input, and wait for it to exit (the pinned client kills it)."""
        self._poll_task.cancel()
        self._backend.stdin.close()
        try:
            await asyncio.wait_for(self._backend.wait(), timeout=60)
        except TimeoutError:
            self._backend.terminate()
            await self._backend.wait()


async def _index(site_dir: Path, output: Path) -> None:
    shutil.rmtree(output, ignore_errors=True)
    config = {"exclude_selectors": EXCLUDE, "force_language": "en", "output_path": str(output)}
    service = await _Service().launch()
    try:
        index = await service.create_index(config)
        await index.add_directory(str(site_dir))
        for page in sorted(site_dir.rglob("index.html")):
            text = page.read_text(encoding="utf-8")
            if "data-search-split=" not in text:
                continue
            url = "/" + str(page.parent.relative_to(site_dir)).strip(".") + "/"
            for record_url, document in records(text, url.replace("//", "/")):
                await index.add_html_file(content=document, url=record_url)
        # The index comes back and is written here, not by Pagefind's WriteFiles: that one replies before
        # its files are all on disk, and a service ended right after could leave some cut short.
        files = await index.get_files()
    finally:
        await service.close()
    for file in sorted(files, key=lambda f: f["path"]):
        if file["path"].startswith(UNUSED):
            continue
        target = output / file["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file["content"])


def index(site_dir: Path, output: Path | None = None) -> None:
    """Index site_dir: writes site_dir/pagefind/ (or `output`)."""
    try:
        asyncio.run(_index(site_dir.resolve(), (output or site_dir / BUNDLE).resolve()))
    except Exception as error:  # the service reports failures as exceptions of its own
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {error}") from error


class Background:
    """While serving: the index is built after the rebuild, not inside it, so the edited page reloads
    without waiting for Pagefind (the longest step of a rebuild at ten times the catalogue).

    `restore(site_dir)` puts the last finished index back at once (MkDocs empties the folder before each
    rebuild), so search keeps working; `start(site_dir)` then indexes the new pages on a thread and
    swaps the new index in, unless the index of a later rebuild (`new_build()`) is in already. Until
    the swap, search answers from the index of the save before.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._build = 0
        self._kept: Path | None = None  # the last finished index, outside the site folder
        self._kept_build = -1  # the rebuild it indexes
        self._home = Path(tempfile.mkdtemp(prefix="cvsite-search-"))

    def new_build(self) -> None:
        with self._lock:
            self._build += 1

    def restore(self, site_dir: Path) -> None:
        with self._lock:
            if self._kept is not None:
                self._link_in(self._kept, site_dir)

    def start(self, site_dir: Path) -> threading.Thread:
        with self._lock:
            build = self._build
        thread = threading.Thread(target=self._run, args=(site_dir, build), name="cvsite-search", daemon=True)
        thread.start()
        return thread

    def _run(self, site_dir: Path, build: int) -> None:
        output = self._home / f"index-{build}"
        try:
            index(site_dir, output)
        except SearchIndexError as error:
            if self._build == build:  # not a page removed under it by a newer rebuild
                logging.getLogger("mkdocs.hooks.cvsite").error(str(error))
            shutil.rmtree(output, ignore_errors=True)
            return
        with self._lock:
            if build < self._kept_build:  # an index of a later rebuild is in already
                shutil.rmtree(output, ignore_errors=True)
                return
            # In, even when a newer rebuild has started (its own index will replace this one): an index
            # a save old is better than none while the first one of a session is being built.
            old, self._kept, self._kept_build = self._kept, output, build
            self._link_in(output, site_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def _link_in(source: Path, site_dir: Path) -> None:
        """site_dir/pagefind becomes a copy of `source` (hard links: no bytes copied), replaced in one rename."""
        target = site_dir / BUNDLE
        staged = site_dir / f".{BUNDLE}-new"
        shutil.rmtree(staged, ignore_errors=True)
        shutil.copytree(source, staged, copy_function=os.link)
        if target.exists():
            retired = site_dir / f".{BUNDLE}-old"
            shutil.rmtree(retired, ignore_errors=True)
            target.rename(retired)
            staged.rename(target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staged.rename(target)

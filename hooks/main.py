"""MkDocs hooks: the catalogue pipeline, one event per stage.

    on_startup       note whether this is `mkdocs serve` (and --dirty); if so, keep each page's HTML while its Markdown is unchanged
    on_config        load, validate and link resources.yaml + references.bib (cached while unchanged)
    on_files         render the generated pages (topics, papers, losses, FAQ) and add them to the build; let
                     mkdocs-bibtex take each paper's reference from the one formatting of it (cvsite.bib)
    on_page_markdown give generated pages their tags (task, year, kind); the home page its reading order
    on_nav, on_env   render the theme's navigation once a build for all the pages that are not in it (cvsite.navcache);
                     under `mkdocs serve --dirty` (make serve), mark the pages whose HTML cannot have changed, which
                     are not written again (cvsite.incremental; on_post_build deletes the pages that are gone)
    on_page_content  sanitize the HTML of generated pages; mark the content of searchable pages for the index
    on_page_context  add "Referenced by" to paper pages, from the links of every page
    on_post_page     typeset the page's math as MathML (Temml), linking its stylesheets only where there is math
    on_post_build    save the on-disk caches (MathML, lineage layouts: .cache/cvsite/); copy Temml's stylesheet
                     and the math font into the site, the font cut to the characters shown;
                     write resources.json, the feeds, the names index of search (cvsite.names), llms.txt and the
                     Markdown copies of the pages; index the site for search (Pagefind;
                     while serving, after the rebuild, on a thread); put a Content-Security-Policy into every HTML file (last: it
                     hashes the final HTML)

The logic lives in `cvsite/`, which the tests import directly; this file stays thin because a
running `mkdocs serve` never reloads a changed hook module.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sys
from html import escape, unescape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cvsite import (  # noqa: E402
    bib,
    cache,
    charts,
    csp,
    exports,
    fonts,
    incremental,
    lineage,
    llms,
    names,
    navcache,
    paths,
    references,
    render,
    rendermemo,
    sanitize,
    search,
    typeset,
)
from cvsite.link import Site, load_site  # noqa: E402
from cvsite.load import CatalogueError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.cvsite")
_cache: dict[tuple, Site] = {}
_last_good: list[Site] = []  # while serving, a broken edit shows the last good catalogue
_serving = False
_incremental = False  # `mkdocs serve --dirty` (make serve): only the pages that changed are written again
_pages = incremental.Pages()
_page_urls: set[str] = set()  # the pages of the build under way
_page_glyphs: dict[str, set[str]] = {}  # page URL -> the characters its equations show (pages not written keep theirs)
_clean = sanitize.clean
_site: Site  # the catalogue of the build under way, set by on_config
_generated: dict[str, render.GeneratedPage] = {}
_links = references.LinkGraph()
_referenced: dict[str, str] = {}  # make serve: page URL -> its "Referenced by" HTML, made once for the signature and the page
_nav_pages: list[Page] = []  # the pages in the navigation, for navcache
_nav_items: list = []  # the navigation's tree, for the pages' signatures (incremental)
_search = search.Background()  # while serving, the search index is built after each rebuild


class _DirtyNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:  # MkDocs' warning about dirty builds: cvsite.incremental handles it
        return "A 'dirty' build is being performed" not in record.getMessage()


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving, _clean, _incremental
    _serving = command == "serve"
    _incremental = _serving and dirty
    if _incremental:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())
    if _serving and not hasattr(Page.render, "__wrapped__"):  # a rebuild converts again only the Markdown that changed
        Page.render = functools.wraps(Page.render)(rendermemo.memoized(Page.render))
    if _serving:  # and sanitizes again only the HTML that changed (clean() is a pure function of it)
        _clean = functools.lru_cache(maxsize=4096)(sanitize.clean)


def _paths(config: MkDocsConfig) -> tuple[Path, Path]:
    root = Path(config.config_file_path).resolve().parent
    return root / "resources.yaml", root / "references.bib"


def _load(config: MkDocsConfig) -> Site:
    """The linked catalogue; parsed again only when one of its two files changed (serve rebuilds).

    A broken catalogue stops `mkdocs build`. While serving, it is reported in the terminal and in a
    banner on every page, and the last good catalogue stays on show until the next good save.
    """
    resources, bib = _paths(config)
    # Keyed by content, not modification time: saving or touching an unchanged file costs nothing.
    key = tuple(hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else "" for p in (resources, bib))
    config.extra["catalogue_error"] = None
    if key not in _cache:
        try:
            site = load_site(resources, bib)
        except CatalogueError as error:
            message = f"resources.yaml is not valid; fix these and save again:\n{error}"
            if not (_serving and _last_good):
                raise PluginError(message) from None
            log.error(message)
            config.extra["catalogue_error"] = str(error)
            return _last_good[0]
        _cache.clear()
        _cache[key] = site
        _last_good[:] = [site]
    return _cache[key]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    _search.new_build()  # an index still being built for the save before is not swapped in
    cache.configure(Path(config.config_file_path).resolve().parent / ".cache" / "cvsite")
    site = _site = _load(config)
    for item in config.nav or []:  # the Topics section lists the topics in the order the home page recommends
        if isinstance(item, dict) and item.get("Topics") == []:
            item["Topics"] = [f"topics/{topic.id}.md" for topic in paths.topic_order(site)]
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    bibtex = config.plugins.get("bibtex")  # its on_config has made the registry by now
    if bibtex is not None and getattr(bibtex, "registry", None) is not None:
        bib.share_with_mkdocs_bibtex(bibtex.registry)  # one formatting of each entry, for its page and the bibliography
    _generated.clear()
    _links.clear()
    for page in render.pages(_site, Path(config.docs_dir), site_url=config.site_url or "", repo_url=config.repo_url or ""):
        files.append(File.generated(config, page.path, content=page.markdown))
        _generated[page.path] = page
    # references.bib as a download: a static file of the build, so links to it are checked too
    files.append(File.generated(config, "references.bib", abs_src_path=str(_paths(config)[1])))
    if _incremental:  # every page is read and converted (on_env decides which are written again)
        _pages.begin()
        for file in files.documentation_pages():
            file.is_modified = lambda: True
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tags go in before Material's tags plugin reads them (it runs at priority -50)."""
    if page.file.src_uri == "index.md":  # the home page's "Start here", from the reading paths
        markdown = markdown.replace(render.START_HERE, render.start_here(_site))
    generated = _generated.get(page.file.src_uri)
    if generated and generated.tags:
        page.meta["tags"] = list(generated.tags)
    if generated and not generated.searchable:
        page.meta["search"] = {"exclude": True}
    return markdown


def on_nav(nav, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
    _nav_pages[:] = nav.pages
    _nav_items[:] = nav.items
    return nav


def on_env(env, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201
    navcache.install(env, navcache.theme_partial(config.theme.dirs, config.theme.custom_dir), _nav_pages)
    _page_urls.clear()
    _page_urls.update(file.page.url for file in files.documentation_pages() if file.page is not None)
    if _incremental:  # every page is converted by now: which ones to write again
        _mark_unchanged(config, files)
    return env


def _nav_signature(items) -> str:  # noqa: ANN001
    return "".join(f"({item.title}|{getattr(item, 'url', '')}{_nav_signature(item.children or [])})" for item in items)


def _mark_unchanged(config: MkDocsConfig, files: Files) -> None:
    root = Path(config.config_file_path).resolve().parent
    shared = incremental.digest(
        _nav_signature(_nav_items), str(config.extra.get("catalogue_error")),
        incremental.files_digest([Path(config.config_file_path), *Path(config.theme.custom_dir or root / "overrides").rglob("*")]),
    )
    _referenced.clear()
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        neighbours = [(p.title, p.url) if p else None for p in (page.previous_page, page.next_page)]
        referenced = _referenced[page.url] = _referenced_by(page)
        signature = incremental.digest(
            shared, page.content or "", referenced, _toc_signature(page.toc), str(page.title),
            repr(sorted(page.meta.items(), key=str)),
            page.url, str(page.canonical_url), repr(neighbours),
        )
        changed = _pages.changed(file.abs_dest_path, signature)
        file.is_modified = lambda changed=changed: changed


def _toc_signature(items) -> str:  # noqa: ANN001
    return "".join(f"({item.level}|{item.id}|{item.title}{_toc_signature(item.children)})" for item in items or [])


def _referenced_by(page: Page) -> str:
    return references.referenced_by(_links, page.url) if page.url.startswith("papers/") and page.url != "papers/" else ""


@event_priority(100)  # before other plugins read the page
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _generated.get(page.file.src_uri)
    if generated:
        # The theme prints the title and description unescaped (<title>, <meta>, navigation): escape once.
        page.meta["title"] = escape(unescape(page.title or ""))
        page.meta["description"] = escape(generated.description)
        html = lineage.fill(_clean(html), _site, page.url)
        html = charts.fill(html, _site, page.url)  # benchmark pages: the progress chart, after sanitizing
    index_page = generated is not None and not generated.searchable  # all papers, timeline...: they link to every paper
    index_page = index_page or page.file.src_uri.startswith("benchmarks/")  # a paper's results table links its benchmarks already
    if not index_page:
        _links.record(page.url, unescape(page.title or page.url), html)
    if not page.meta.get("search", {}).get("exclude"):
        html = search.body(html, split=generated.search_entries if generated else None, title=unescape(page.title or ""))
    return html


def on_page_context(context: dict, *, page: Page, config: MkDocsConfig, nav) -> dict:
    """Every page's content exists by now, so a paper page can list the pages that link to it."""
    page.content += _referenced.pop(page.url) if page.url in _referenced else _referenced_by(page)
    return context


@event_priority(50)  # before any late hook that reads the final HTML
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    shown = _page_glyphs[page.url] = set()
    try:
        return typeset.page(output, depth=page.url.count("/"), glyphs=shown)
    except typeset.TexError as error:  # catalogue math is checked with its line at load; this is a hand-written page
        raise PluginError(f"{page.file.src_uri}: {error}") from None


def on_post_build(*, config: MkDocsConfig) -> None:
    cache.save_all()
    site_dir = Path(config.site_dir)
    if _incremental:  # a page removed since the last rebuild: its HTML goes too
        for output in _pages.gone():
            Path(output).unlink(missing_ok=True)
        _pages.commit()
    # the characters the equations of this build's pages show, for the math font's subset (pages not written again too)
    glyphs = set().union(*(shown for url, shown in _page_glyphs.items() if url in _page_urls))
    font_cache = Path(config.config_file_path).resolve().parent / ".cache" / "math-font"
    fonts.subset(typeset.FONT, typeset.copy_assets(site_dir), glyphs, font_cache)
    exports.write(_site, Path(config.site_dir), site_url=config.site_url, title=config.site_name, description=config.site_description)
    names.write(_site, site_dir)
    llms.write(_site, Path(config.site_dir), site_url=config.site_url, title=config.site_name, description=config.site_description)
    if _serving:  # the browsers reload now; the new index follows a moment later (search.Background)
        _search.restore(site_dir)
        _search.start(site_dir)
        return
    try:
        search.index(site_dir)
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None
    csp.apply(site_dir)  # not while serving (above): `mkdocs serve` injects a live-reload script that changes each build

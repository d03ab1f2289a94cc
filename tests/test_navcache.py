"""hooks/cvsite/navcache.py: the theme's navigation, rendered once for all the pages of a folder that are
not in it, and for itself on every page that is."""

from __future__ import annotations

import posixpath
import re
from types import SimpleNamespace

from conftest import ROOT
from cvsite import navcache
from jinja2 import DictLoader, Environment

# A stand-in for Material's partial: links relative to the page, and the active item marked.
PARTIAL = ("{{ tick() }}{% for item in nav %}<a href='{{ item.url | rel(page.url) }}'"
           "{% if item is sameas page %} class='active'{% endif %}>{{ item.url }}</a>{% endfor %}")


def _env(pages_in_nav):
    """An environment with cvsite_nav installed, and the list of the pages the partial was rendered for."""
    env = Environment(loader=DictLoader({"page.html": "{{ cvsite_nav() }}"}))
    env.filters["rel"] = lambda url, base: posixpath.relpath(url or ".", base or ".")
    renders = []
    env.globals["tick"] = lambda: renders.append(1) or ""
    navcache.install(env, PARTIAL, pages_in_nav)
    return env, renders


def test_pages_outside_the_navigation_share_their_folders_render_and_get_the_same_html_as_without_it():
    home, topic, papers = SimpleNamespace(url=""), SimpleNamespace(url="topics/detection/"), SimpleNamespace(url="papers/")
    nav = [home, topic, papers]  # the link to papers/ is "../" from a paper, "../../papers" from a benchmark
    env, renders = _env(nav)
    plain = Environment(loader=DictLoader({"p": PARTIAL}))
    plain.filters["rel"] = env.filters["rel"]
    plain.globals["tick"] = lambda: ""
    rendered = {}
    for page in [home, topic, SimpleNamespace(url="papers/a/"), SimpleNamespace(url="papers/b/"), SimpleNamespace(url="benchmarks/c/")]:
        rendered[page.url] = env.get_template("page.html").render(page=page, nav=nav)
        assert rendered[page.url] == plain.get_template("p").render(page=page, nav=nav), page.url
    assert "class='active'" in rendered["topics/detection/"] and "class='active'" not in rendered["papers/a/"]
    assert rendered["papers/a/"] == rendered["papers/b/"] != rendered["benchmarks/c/"]
    assert len(renders) == 4  # home, topic, and once for papers/, once for benchmarks/


def test_the_theme_partial_is_materials_own_not_our_override():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    source = navcache.theme_partial(config.theme.dirs, config.theme.custom_dir)
    assert "md-nav--primary" in source and "cvsite_nav" not in source
    assert "cvsite_nav()" in (ROOT / "overrides" / "partials" / "nav.html").read_text(encoding="utf-8")


def test_every_paper_page_carries_the_same_navigation_and_its_links_work(built_site):
    navs = {}
    for page in sorted((built_site / "papers").glob("*/index.html"))[:40]:
        html = page.read_text(encoding="utf-8")
        navs[page.parent.name] = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>', html, re.S).group()
    assert len(set(navs.values())) == 1
    nav = next(iter(navs.values()))
    for href in re.findall(r'href="([^"#]+)"', nav):
        if not href.startswith("http"):
            target = (built_site / "papers" / "x" / href).resolve()
            assert (target / "index.html").exists() or target.exists(), href

"""Stage 7b: the theme's primary navigation, rendered once a build for all the pages that are not in it.

Material renders the whole navigation (every section and topic) into every page, which was about 40% of
its time per page. A page that is not in the navigation (a paper, a benchmark: most pages of the site)
has nothing of its own in it: no item is active, and its links differ only by where the page's folder is.
So `cvsite_nav()` renders Material's own partial once for each such folder (papers/, benchmarks/) and
gives every page in that folder the same HTML; a page in the navigation (the home page, a topic, the
losses...) gets it rendered for itself, as before. overrides/partials/nav.html calls it; Material's
partial is registered under MATERIAL_NAV so that it is still the one that renders.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader, Environment, pass_context
from markupsafe import Markup

MATERIAL_NAV = "cvsite/material-nav.html"


def theme_partial(theme_dirs: Iterable[str], custom_dir: str | None) -> str:
    """The source of the theme's own partials/nav.html (not our override of it)."""
    for folder in theme_dirs:
        if custom_dir and Path(folder).resolve() == Path(custom_dir).resolve():
            continue
        path = Path(folder) / "partials" / "nav.html"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError("the theme has no partials/nav.html")


def install(env: Environment, source: str, pages_in_nav: Iterable[object]) -> None:
    """Register `cvsite_nav()` in `env` (a new one each build, so each build renders the navigation anew)."""
    env.loader = ChoiceLoader([DictLoader({MATERIAL_NAV: source}), env.loader])
    in_nav = {id(page) for page in pages_in_nav}
    rendered: dict[str, Markup] = {}

    @pass_context
    def cvsite_nav(context) -> Markup:  # noqa: ANN001
        template = context.environment.get_template(MATERIAL_NAV)
        page = context.get("page")
        url = getattr(page, "url", None)
        if page is None or url is None or id(page) in in_nav:
            return Markup(template.render(context.get_all()))
        folder = posixpath.dirname(url.rstrip("/"))  # papers/alexnet/ -> papers: links are relative to it
        if folder not in rendered:
            rendered[folder] = Markup(template.render(context.get_all()))
        return rendered[folder]

    env.globals["cvsite_nav"] = cvsite_nav

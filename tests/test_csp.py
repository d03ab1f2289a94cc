"""Nothing runs that we did not ship: every page carries a Content-Security-Policy (hooks/cvsite/csp.py),
no page of the site violates it in Chromium, and an inline script planted in a page's content is
blocked while the theme's own inline scripts run."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from conftest import copy_project, mkdocs
from cvsite import csp

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
# Registered before any page script runs (DevTools injects it, outside the page's policy).
RECORD = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


def _directives(content: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in content.split(";"))


def test_every_page_has_the_policy_first_in_its_head(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 80
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policies = POLICY.findall(html)
        assert len(policies) == 1, page
        assert html.index("Content-Security-Policy") < html.index("<script"), f"{page}: the policy must come before any script"
        directives = _directives(policies[0])
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"], page
        assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
        for source in directives["script-src"].split():
            assert source in ("'self'", "'wasm-unsafe-eval'") or source.startswith("'sha256-"), source


def test_every_theme_inline_script_is_hashed_and_no_content_script_is(built_site):
    html = (built_site / "papers" / "ssd" / "index.html").read_text(encoding="utf-8")
    allowed = set(_directives(POLICY.search(html)[1])["script-src"].split())
    inline = csp.theme_scripts(html)
    assert inline, "Material writes inline scripts (__md_scope, the palette); they must be found"
    assert {csp.source_hash(s) for s in inline} <= allowed


def test_theme_scripts_skips_content_sources_and_data():
    page = ("<html><head><meta charset='utf-8'><script>theme()</script><script src='a.js'></script>"
            '<script type="application/json">{"a": 1}</script></head><body><article><script>evil()</script></article>'
            "<script>footer()</script></body></html>")
    assert csp.theme_scripts(page) == ["theme()", "footer()"]
    with_meta = csp.with_policy(page, "script-src 'self'")
    assert with_meta.index("Content-Security-Policy") < with_meta.index("<script>theme()")


def _violations(page, url: str) -> list[str]:
    page.goto(url, wait_until="load")
    return page.evaluate("window.__violations")


def test_every_inline_script_of_every_page_is_hashed_in_its_policy(built_site):
    """What Chromium enforces, read from every page: each inline script the page holds has its hash in
    that page's own policy (the browser test below shows, one page of each kind, that Chromium agrees)."""
    pages = sorted(built_site.rglob("*.html"))
    unhashed = {}
    for file in pages:
        html = file.read_text(encoding="utf-8")
        allowed = set(_directives(POLICY.search(html)[1])["script-src"].split())
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>(.*?)</script>", html, re.S)
        if missing := [s[:60] for s in inline if csp.source_hash(s) not in allowed]:
            unhashed[file.relative_to(built_site).as_posix()] = missing
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), f"{file}: an inline event handler, which the policy blocks"
    assert len(pages) > 80
    assert not unhashed, unhashed


def _one_page_of_each_kind(built_site) -> list[str]:
    """A page of each kind: the first path segment and the depth (home, papers/x/, benchmarks/x/, tags/...)."""
    kinds: dict[tuple[str, int], str] = {}
    for file in sorted(built_site.rglob("*.html")):
        path = file.relative_to(built_site).as_posix().removesuffix("index.html")
        parts = path.strip("/").split("/") if path.strip("/") else []
        kinds.setdefault((parts[0] if parts else "", len(parts)), path)
    return sorted(kinds.values())


@pytest.mark.browser
def test_no_page_violates_the_policy(browser, server, built_site):
    paths = _one_page_of_each_kind(built_site)
    assert {"", "404.html", "papers/", "losses/", "faq/", "benchmarks/"} <= set(paths), paths
    assert {p.split("/")[0] for p in paths if p.count("/") == 2} >= {"papers", "topics", "benchmarks"}, paths
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD)
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    for path in paths:
        if violations := _violations(page, f"{server}/{path}"):
            found[path] = violations
    context.close()
    assert not found, found
    assert not refused, refused[:5]
    assert not errors, errors[:5]


@pytest.mark.browser
def test_a_planted_inline_script_is_blocked(tmp_path, browser):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "planted.md").write_text(
        "# Planted\n\nA hand-written page with a script in its content.\n\n"
        '<script>document.documentElement.dataset.planted = "ran";</script>\n', encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr
    assert '<script>document.documentElement.dataset.planted = "ran";</script>' in (site / "planted" / "index.html").read_text()

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    context.add_init_script(RECORD)
    page = context.new_page()
    try:
        violations = _violations(page, f"http://127.0.0.1:{httpd.server_address[1]}/planted/")
        assert page.evaluate("document.documentElement.dataset.planted") is None, "the planted script ran"
        assert any(v.startswith("script-src") and "inline" in v for v in violations), violations
        # the theme's own inline scripts ran: __md_scope is defined by one of them
        assert page.evaluate("typeof __md_scope") == "object"
    finally:
        context.close()
        httpd.shutdown()


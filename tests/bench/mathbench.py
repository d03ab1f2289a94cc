"""Math, old way and new way, side by side in one run of `make bench`.

New (the site): MathML written at build time by Temml; a math page downloads temml.css, math.css and the
math font (STIX Two Math, cut to the site's characters). Old (until KaTeX, kept here only to be measured):
the same page with its formulas put back as arithmatex left them (TeX, found by looking each MathML up in
the build's own cache of TeX to MathML), typeset in the browser by MathJax 3.2.2 (tex-chtml.js, from the
pinned django-static-mathjax wheel, as the site served it) through the loader the site used
(tests/bench/mathjax-loader.js). The old page sits beside the new one, at the same depth, so that every
relative URL works.

Measured in headless Chromium, empty cache, `runs` times each: the math bytes downloaded (raw, and
gzip -9 / brotli -q 11 of the same files, as a server would send them), and the time from navigation
to the last equation drawn: the math markup final (at once for MathML; MathJax's "typeset" for the old
way), its fonts loaded (document.fonts.ready), then the next frame.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import statistics
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import brotli
from cvsite import typeset

HERE = Path(__file__).resolve().parent
MATHJAX_PARTS = ["tex-chtml.js", "ui", "a11y", "input/tex/extensions", "output/chtml/fonts/woff-v2"]
MATH_URL = re.compile(r"/assets/(?:math|mathjax)/|/stylesheets/math\.css|/javascripts/mathjax-loader\.js")

# Records when the last equation is drawn, the same way for both: final markup, fonts in, next frame.
_DRAWN = """
window.__drawn = new Promise((resolve) => {
  const done = () => document.fonts.ready.then(() => requestAnimationFrame(() => resolve(performance.now())));
  const old = () => document.documentElement.dataset.math;
  addEventListener("DOMContentLoaded", () => {
    if (!document.querySelector(".arithmatex")) return done();  // MathML: the equations are in the HTML
    const wait = () => (old() === "typeset" ? done() : old() === "error" ? resolve(null) : setTimeout(wait, 5));
    wait();
  });
});
"""


def tex_of_mathml(project: Path) -> dict[str, str]:
    """MathML (without its opening <math> tag) -> the TeX it was made from, from the build's cache."""
    inverse = {}
    for cache in (project / ".cache" / "cvsite").glob("mathml-*.json"):
        for key, (mathml, _error) in json.loads(cache.read_text(encoding="utf-8")).items():
            if mathml:
                tex, display = json.loads(key)
                inverse[typeset.formula(tex, display).split(">", 1)[1]] = tex  # as the page has it
    return inverse


_MATHML = re.compile(r'<div class="math-display"[^>]*>(<math[^>]*>(.*?))</div>|<math[^>]*>(.*?</math>)', re.S)


def as_mathjax_page(page: str, tex_of: dict[str, str]) -> str:
    """The MathML page as the site served it before: arithmatex's spans, the MathJax loader, no math CSS."""
    def replace(match: re.Match) -> str:
        display = match.group(1) is not None
        tex = tex_of[match.group(2) if display else match.group(3)]
        if display:
            return f'<div class="arithmatex">\\[{html.escape(tex, quote=False)}\\]</div>'
        return f'<span class="arithmatex">\\({html.escape(tex, quote=False)}\\)</span>'

    page = _MATHML.sub(replace, page)
    page = re.sub(r'<link rel="stylesheet" href="[^"]*(?:temml|math)\.css">', "", page)
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)  # the site had none then
    return page


def install_old_way(site: Path, path: str, tex_of: dict[str, str]) -> str:
    """Put MathJax and the old page beside the new one; returns the old page's path."""
    source = Path(str(files("mathjax"))) / "static" / "mathjax" / "es5"
    for part in MATHJAX_PARTS:
        src, dst = source / part, site / "assets" / "mathjax" / part
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    shutil.copy2(HERE / "mathjax-loader.js", site / "javascripts" / "mathjax-loader.js")
    old_path = path.rstrip("/") + "-mathjax/"
    up = "../" * path.strip("/").count("/") + "../"
    page = as_mathjax_page((site / path / "index.html").read_text(encoding="utf-8"), tex_of)
    page = page.replace("</body>", f'<script src="{up}javascripts/mathjax-loader.js"></script></body>', 1)
    (site / old_path).mkdir(parents=True, exist_ok=True)
    (site / old_path / "index.html").write_text(page, encoding="utf-8")
    return old_path


def _compressed(site: Path, urls: list[str]) -> dict:
    raw = gz = br = 0
    for url in sorted(set(urls)):
        path = urlsplit(url).path.lstrip("/")
        data = (site / (path + "index.html" if path.endswith("/") or not path else path)).read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 9, mtime=0))
        br += len(brotli.compress(data, quality=11))
    return {"files": len(set(urls)), "kb_raw": round(raw / 1000, 1), "kb_gzip": round(gz / 1000, 1), "kb_brotli": round(br / 1000, 1)}


def measure(browser, site: Path, base: str, path: str, runs: int = 5) -> dict:
    samples, math_urls = [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.add_init_script(_DRAWN)
        urls: list[str] = []
        page.on("requestfinished", lambda request, sink=urls: sink.append(request.url))
        page.goto(f"{base}/{path}")
        drawn = page.evaluate("window.__drawn")
        count = page.evaluate("document.querySelectorAll('mjx-container').length || document.querySelectorAll('article math').length")
        page.wait_for_load_state("networkidle")
        context.close()
        if drawn is None:
            raise SystemExit(f"math failed to typeset on {path}")
        samples.append(drawn)
        math_urls = [url for url in urls if MATH_URL.search(urlsplit(url).path)]
    return {"equations": count, "drawn_ms_runs": [round(s) for s in samples], "drawn_ms_median": round(statistics.median(samples)),
            **_compressed(site, math_urls), "html": _compressed(site, [f"{base}/{path}"])}


def compare(browser, site: Path, base: str, paths: list[str], tex_of: dict[str, str], runs: int = 5) -> dict:
    """{path: {"new": ..., "old": ...}} for each math page."""
    results = {}
    for path in paths:
        old_path = install_old_way(site, path, tex_of)
        results[path] = {"new": measure(browser, site, base, path, runs), "old": measure(browser, site, base, old_path, runs)}
    return results


def run(site: Path, project: Path, base: str, paths: list[str], runs: int = 5) -> dict:
    """`project` is the folder the site was built from: its cache gives each equation's TeX back."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return compare(browser, site, base, paths, tex_of_mathml(project), runs)
        finally:
            browser.close()


def markdown(results: dict) -> list[str]:
    rows = ["", "Math, old way (MathJax 3.2.2 in the browser) and new way (MathML at build time), side by side: math files a page "
            "downloads (raw / gzip -9 / brotli), and the time from navigation to the last equation drawn (markup final, fonts "
            "loaded, next frame; headless Chromium, empty cache, local server, median of the runs):", "",
            "| page | way | equations | math files | raw | gzip | brotli | the page's HTML: raw / gzip / brotli "
            "| last equation drawn (runs) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for path, ways in results.items():
        for name, label in (("old", "MathJax (before)"), ("new", "MathML (now)")):
            r = ways[name]
            h = r["html"]
            rows.append(f"| `{path}` | {label} | {r['equations']} | {r['files']} | {r['kb_raw']} KB | {r['kb_gzip']} KB "
                        f"| {r['kb_brotli']} KB | {h['kb_raw']} / {h['kb_gzip']} / {h['kb_brotli']} KB "
                        f"| {r['drawn_ms_median']} ms ({', '.join(map(str, r['drawn_ms_runs']))}) |")
    return rows


def targets(results: dict) -> list[tuple[str, str, bool, None]]:
    checks = []
    for path, ways in results.items():
        new, old = ways["new"], ways["old"]
        checks.append((f"math files of {path} <= 120 KB compressed", f"{new['kb_gzip']} KB gzip, {new['kb_brotli']} KB brotli "
                       f"(MathJax: {old['kb_gzip']} KB gzip)", new["kb_gzip"] <= 120, None))
        checks.append((f"last equation of {path} drawn no later than with MathJax", f"{new['drawn_ms_median']} ms "
                       f"(MathJax: {old['drawn_ms_median']} ms)", new["drawn_ms_median"] <= old["drawn_ms_median"], None))
    return checks

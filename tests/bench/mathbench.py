"""Math, old way and new way, side by side in one run of `make bench`.

New (the site): KaTeX at build time; a math page downloads katex.min.css, math.css and the woff2 fonts
its glyphs use. Old (until KaTeX, kept here only to be measured): the same page with its formulas put
back as arithmatex left them (TeX, read from the MathML annotation KaTeX keeps), typeset in the browser
by MathJax 3.2.2 (tex-chtml.js, from the pinned django-static-mathjax wheel, as the site served it) through
the loader the site used (tests/bench/mathjax-loader.js). The old page sits beside the new one, at the
same depth, so that every relative URL works.

Measured in headless Chromium, empty cache, `runs` times each: the math bytes downloaded (raw, and
gzip -9 / brotli -q 11 of the same files, as a server would send them), and the time from navigation
to the last equation drawn: the math markup final (at once for KaTeX; MathJax's "typeset" for the old
way), its fonts loaded (document.fonts.ready), then the next frame.
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
import statistics
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

import brotli

HERE = Path(__file__).resolve().parent
MATHJAX_PARTS = ["tex-chtml.js", "ui", "a11y", "input/tex/extensions", "output/chtml/fonts/woff-v2"]
MATH_URL = re.compile(r"/assets/(?:katex|mathjax)/|/stylesheets/math\.css|/javascripts/mathjax-loader\.js")

# Records when the last equation is drawn, the same way for both: final markup, fonts in, next frame.
_DRAWN = """
window.__drawn = new Promise((resolve) => {
  const done = () => document.fonts.ready.then(() => requestAnimationFrame(() => resolve(performance.now())));
  const old = () => document.documentElement.dataset.math;
  addEventListener("DOMContentLoaded", () => {
    if (!document.querySelector(".arithmatex")) return done();  // KaTeX: the equations are in the HTML
    const wait = () => (old() === "typeset" ? done() : old() === "error" ? resolve(null) : setTimeout(wait, 5));
    wait();
  });
});
"""


def _spans(text: str, start: int) -> int:
    """The end of the <span> element that opens at text[start] (KaTeX's output nests only spans)."""
    depth, position = 0, start
    for tag in re.compile(r"<span\b|</span>").finditer(text, start):
        depth += 1 if tag.group() == "<span" else -1
        position = tag.end()
        if depth == 0:
            return position
    raise ValueError("unbalanced spans")


def as_mathjax_page(page: str) -> str:
    """The KaTeX page as the site served it before: arithmatex's spans, the MathJax loader, no KaTeX CSS."""
    out, position = [], 0
    opening = re.compile(r'<span class="katex-display"[^>]*>|<span class="katex"[^>]*>')
    while match := opening.search(page, position):
        end = _spans(page, match.start())
        source = re.search(r'<annotation encoding="application/x-tex">(.*?)</annotation>', page[match.start():end], re.S)
        tex = html.unescape(source.group(1))
        display = match.group().startswith('<span class="katex-display"')
        wrapped = f'<div class="arithmatex">\\[{html.escape(tex, quote=False)}\\]</div>' if display else \
            f'<span class="arithmatex">\\({html.escape(tex, quote=False)}\\)</span>'
        out += [page[position:match.start()], wrapped]
        position = end
    page = "".join(out) + page[position:]
    page = re.sub(r'<link rel="stylesheet" href="[^"]*(?:katex\.min|math)\.css">', "", page)
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)  # the site had none then
    return page


def install_old_way(site: Path, path: str) -> str:
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
    page = as_mathjax_page((site / path / "index.html").read_text(encoding="utf-8"))
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
        count = page.evaluate("document.querySelectorAll('.katex, mjx-container').length")
        page.wait_for_load_state("networkidle")
        context.close()
        if drawn is None:
            raise SystemExit(f"math failed to typeset on {path}")
        samples.append(drawn)
        math_urls = [url for url in urls if MATH_URL.search(urlsplit(url).path)]
    return {"equations": count, "drawn_ms_runs": [round(s) for s in samples], "drawn_ms_median": round(statistics.median(samples)),
            **_compressed(site, math_urls), "html": _compressed(site, [f"{base}/{path}"])}


def compare(browser, site: Path, base: str, paths: list[str], runs: int = 5) -> dict:
    """{path: {"new": ..., "old": ...}} for each math page."""
    results = {}
    for path in paths:
        old_path = install_old_way(site, path)
        results[path] = {"new": measure(browser, site, base, path, runs), "old": measure(browser, site, base, old_path, runs)}
    return results


def run(site: Path, base: str, paths: list[str], runs: int = 5) -> dict:
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            return compare(browser, site, base, paths, runs)
        finally:
            browser.close()


def markdown(results: dict) -> list[str]:
    rows = ["", "Math, old way (MathJax 3.2.2 in the browser) and new way (KaTeX at build time), side by side: math files a page "
            "downloads (raw / gzip -9 / brotli), and the time from navigation to the last equation drawn (markup final, fonts "
            "loaded, next frame; headless Chromium, empty cache, local server, median of the runs):", "",
            "| page | way | equations | math files | raw | gzip | brotli | the page's HTML: raw / gzip / brotli "
            "| last equation drawn (runs) |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for path, ways in results.items():
        for name, label in (("old", "MathJax (before)"), ("new", "KaTeX (now)")):
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

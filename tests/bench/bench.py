"""`make bench`: build time, hook time, memory and size of the site at 1x, 10x and 50x the real
catalogue, the `mkdocs serve` rebuild time, and what a reader's browser downloads and waits for.

Every build is cold: a fresh `mkdocs` process and an empty site directory, in a temporary copy of the
project with a synthetic catalogue (tests/bench/catalogue.py). Prints a table, writes the figures to
tests/bench/results.json and rewrites the generated part of docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import pstats
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(ROOT / "tests"), str(ROOT / "hooks")]

import catalogue  # noqa: E402
import mathbench  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS, copy_project  # noqa: E402
from cvsite.load import MAX_BYTES  # noqa: E402

RESULTS = HERE / "results.json"
DOC = ROOT / "docs" / "performance.md"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
MARKERS = ("<!-- bench:start (written by tests/bench/bench.py) -->", "<!-- bench:end -->")
MB = 1_000_000
LIGHTHOUSE_METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    meminfo = Path("/proc/meminfo").read_text()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": re.search(r"model name\s*:\s*(.*)", cpuinfo).group(1).strip(),
        "nproc": os.cpu_count(),
        "memory_gb": round(int(re.search(r"MemTotal:\s*(\d+)", meminfo).group(1)) / 1024**2, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "chromium": chromium,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],  # other work on the machine skews the timings
    }


def mkdocs_command(*arguments: str, lift: bool, hook_times: Path | None = None, profile: Path | None = None) -> list[str]:
    options = ["--lift-size-limit"] if lift else []
    options += ["--hook-times", str(hook_times)] if hook_times else []
    options += ["--profile", str(profile)] if profile else []
    return [sys.executable, str(HERE / "run_mkdocs.py"), *options, "--", *arguments]


def environment(site_url: str) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}


def build(project: Path, site: Path, site_url: str, lift: bool, profile: Path | None = None, warm: bool = False) -> dict:
    """One cold `mkdocs build` (a fresh process, an empty site folder, and with `warm=False` no on-disk
    cache): wall time, mkdocs' own figure, peak RSS of that process, hook times."""
    shutil.rmtree(site, ignore_errors=True)
    if not warm:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    times = project / "hook-times.json"
    log = project / "build.log"
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(
            mkdocs_command("build", "--site-dir", str(site), lift=lift, hook_times=times, profile=profile),
            cwd=project, env=environment(site_url), stdout=out, stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)  # the rusage of this one child
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text()
    if process.returncode:
        raise SystemExit(f"mkdocs build failed in {project}:\n{text[-3000:]}")
    hooks = json.loads(times.read_text())  # event -> [wall, CPU]
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "mkdocs_reported_s": float(re.search(r"Documentation built in ([\d.]+) seconds", text).group(1)),
        "peak_rss_mb": round(usage.ru_maxrss * 1024 / MB, 1),  # ru_maxrss is in KiB on Linux
        "hooks_s": round(sum(wall for wall, _ in hooks.values()), 3),
        "hooks_cpu_s": round(sum(cpu for _, cpu in hooks.values()), 3),
        "hooks_by_event_s": {name: round(wall, 3) for name, (wall, _) in hooks.items() if wall >= 0.0005},
        "warnings": [line for line in text.splitlines() if "WARNING" in line][:5],
    }


def site_metrics(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = {str(p.relative_to(site)): p.stat().st_size for p in files if p.suffix == ".html"}
    papers = [size for path, size in pages.items() if path.startswith("papers/") and path != "papers/index.html"]
    largest = sorted(pages.items(), key=lambda item: -item[1])[:3]
    index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())  # the whole bundle, not what a reader gets
    return {
        "site_mb": round(sum(p.stat().st_size for p in files) / MB, 1),
        "files": len(files),
        "pages": len(pages),
        "search_index_mb": round(index / MB, 2),  # Pagefind's bundle on disk
        "search_files": sum(1 for _ in (site / "pagefind").rglob("*.pf_*")),
        "search_index_kb_per_page": round(index / len(pages) / 1000, 1),
        "html_kb_per_page_median": round(statistics.median(pages.values()) / 1000, 1),
        "html_kb_per_paper_page_median": round(statistics.median(papers) / 1000, 1) if papers else None,
        "html_largest_kb": {path: round(size / 1000, 1) for path, size in largest},
        "math_assets_mb": round(sum(p.stat().st_size for p in files if "assets/math" in str(p)) / MB, 2),
    }


def hook_profile(profile: Path, project: Path, top: int = 12) -> dict:
    """Where the hooks spend their time: profiled total, the hooks' share, and their costliest functions."""
    stats = pstats.Stats(str(profile))
    hooks_dir = str(project / "hooks")
    events = {}
    ours = []
    for (file, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        if not file.startswith(hooks_dir):
            continue
        where = f"{Path(file).relative_to(project)}:{name}"
        ours.append((cumulative, where))
        if file.endswith("hooks/main.py") and (name.startswith("on_") or name == "<module>"):
            events[name] = cumulative  # the events never call each other: their sum does not double-count
    total = stats.total_tt
    hooks = sum(events.values())
    buckets = {  # (file suffix, function) -> what it is; cumulative times, some nest in others (noted)
        "Markdown to HTML (Python-Markdown + extensions, MkDocs' page.render)": ("mkdocs/structure/pages.py", "render"),
        "theme templates (Material's Jinja, MkDocs' _build_page)": ("mkdocs/commands/build.py", "_build_page"),
        "mkdocs-bibtex (on_page_markdown)": ("mkdocs_bibtex/plugin.py", "on_page_markdown"),
        "tags plugin (on_page_markdown)": ("material/plugins/tags/plugin.py", "on_page_markdown"),
        "Pagefind indexing (in on_post_build)": ("hooks/cvsite/search.py", "index"),
        "our hooks, all events (Pagefind included)": (None, None),
    }
    spent = {}
    for label, (suffix, name) in buckets.items():
        if suffix is None:
            spent[label] = round(hooks, 2)
            continue
        spent[label] = round(sum(v[3] for (file, _, fn), v in stats.stats.items() if file.endswith(suffix) and fn == name), 2)
    return {
        "where_the_time_goes_s": spent,
        "profiled_total_s": round(total, 2),
        "profiled_hooks_s": round(hooks, 2),
        "profiled_hooks_share": round(hooks / total, 3),
        "costliest_hook_functions_cumulative_s": {where: round(c, 3) for c, where in sorted(ours, reverse=True)[:top]},
    }


def serve_rebuild(project: Path, touches: int = 3) -> dict:
    """Seconds from touching resources.yaml to `mkdocs serve` saying it reloads the browsers."""
    port = free_port()
    process = subprocess.Popen(
        mkdocs_command("serve", "--dev-addr", f"127.0.0.1:{port}", lift=False),
        cwd=project, env=environment(f"http://127.0.0.1:{port}/"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in process.stdout], daemon=True).start()

    def wait_for(pattern: str, timeout: float = 120) -> tuple[float, str]:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                stamp, line = lines.get(timeout=1)
            except queue.Empty:
                if process.poll() is not None:
                    break
                continue
            if re.search(pattern, line):
                return stamp, line
        raise SystemExit(f"mkdocs serve did not print {pattern!r}")

    try:
        wait_for(r"Serving on")
        time.sleep(3)  # let the file watcher settle
        rebuilds, reported = [], []
        for _ in range(touches):
            for attempt in range(3):  # a touch made while the watcher is still starting can be missed
                start = time.perf_counter()
                os.utime(project / "resources.yaml")
                try:
                    _, built = wait_for(r"Documentation built in", timeout=20)
                    break
                except SystemExit:
                    if attempt == 2 or process.poll() is not None:
                        raise
            done, _ = wait_for(r"Reloading browsers")
            rebuilds.append(done - start)
            reported.append(float(re.search(r"([\d.]+) seconds", built).group(1)))
            time.sleep(1)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "touch_to_reload_s": [round(s, 2) for s in rebuilds],
        "touch_to_reload_median_s": round(statistics.median(rebuilds), 2),
        "mkdocs_reported_median_s": round(statistics.median(reported), 2),
    }


def serve_edit(project: Path, factor: int, edits: int = 3) -> dict:
    """Seconds from saving an edit of one paper's tldr in resources.yaml to the served page showing it
    (polled over HTTP every 50 ms) and to `mkdocs serve` telling the browsers to reload."""
    import urllib.request

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        mkdocs_command("serve", "--dirty", "--livereload", "--dev-addr", f"127.0.0.1:{port}", lift=True),  # as `make serve`
        cwd=project, env=environment(f"{base}/"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in process.stdout], daemon=True).start()

    def page(path: str) -> str:
        try:
            with urllib.request.urlopen(f"{base}/{path}", timeout=10) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait(predicate, timeout: float = 600) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if predicate():
                return time.perf_counter()
            if process.poll() is not None:
                raise SystemExit("mkdocs serve stopped")
            time.sleep(0.05)
        raise SystemExit("mkdocs serve did not show the edit")

    resources = project / "resources.yaml"
    paper = yaml.load(resources.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["papers"][0]
    old = " ".join(paper["tldr"].split()[:4])  # the first words, on the tldr's first line in the file
    if old not in resources.read_text(encoding="utf-8"):
        raise SystemExit(f"cannot find {old!r} in {resources}")
    try:
        wait(lambda: "</html>" in page(f"papers/{paper['id']}/"))
        time.sleep(3)  # let the file watcher settle
        shown, reloads, previous = [], [], old
        for k in range(edits):
            while not lines.empty():
                lines.get()
            marker = f"Edited{k}x{os.getpid()}"  # letters and digits: the same in the YAML and in the HTML
            text = resources.read_text(encoding="utf-8")
            start = time.perf_counter()
            resources.write_text(text.replace(previous, f"{old} {marker}", 1), encoding="utf-8")
            previous = f"{old} {marker}"
            shown.append(wait(lambda m=marker: m in page(f"papers/{paper['id']}/")) - start)
            while True:
                stamp, line = lines.get(timeout=120)
                if "Reloading browsers" in line:
                    reloads.append(stamp - start)
                    break
            time.sleep(1)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "factor": factor,
        "paper": paper["id"],
        "edit_to_page_shown_s": [round(x, 2) for x in shown],
        "edit_to_page_shown_median_s": round(statistics.median(shown), 2),
        "edit_to_reload_s": [round(x, 2) for x in reloads],
        "edit_to_reload_median_s": round(statistics.median(reloads), 2),
    }


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


SEARCHES = ("focal loss", "hungarian")  # a first search, then a second one on the same page


def compressed(data: bytes) -> tuple[int, int]:
    """gzip (level 6, what static hosts use) and brotli (quality 11, pre-compressed) sizes."""
    import brotli

    return len(gzip.compress(data, 6)), len(brotli.compress(data, quality=11))


def search_bytes(site: Path) -> dict:
    """What a reader downloads to search, in Chromium: the first query typed into the header's box (the
    engine, its WebAssembly, the index chunks and the results' text), then a second query. Pagefind's
    files are stored gzipped already (raw is what travels), so their gzip and brotli add a few bytes. Raw bytes are
    the files as served; gzip and brotli are those files compressed as a web server would send them.
    Keys go in 15 ms apart; search.js waits 120 ms after the last key before it asks Pagefind, so only
    the whole query's index chunks are fetched (a slower typist's pause may fetch a prefix's too)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    steps: dict[str, list[str]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            urls: list[str] = []
            page.on("requestfinished", lambda request: urls.append(request.url))
            page.goto(f"{base}/about/", wait_until="networkidle")
            loaded = {u for u in urls if "/pagefind/" in u or u.endswith("/search.js")}
            steps["page load"] = sorted(loaded)
            for name, query in zip(("first search", "second search"), SEARCHES, strict=True):
                urls.clear()
                page.keyboard.press("/")
                box = page.locator("input.md-search__input")
                box.fill("")
                box.press_sequentially(query, delay=15)
                page.wait_for_function(
                    "q => document.querySelector('.md-search-result__list').dataset.query === q", arg=query, timeout=60_000
                )
                page.wait_for_load_state("networkidle")
                # Pagefind's files and the names index only: instant navigation also fetches sitemap.xml on
                # the first keystroke, which is not search
                steps[name] = sorted({u for u in urls if re.search(r"/(?:pagefind|search-names)/", urlsplit(u).path)})
            browser.close()
    finally:
        httpd.shutdown()
    result = {}
    for name, fetched in steps.items():
        raw = gz = br = 0
        for url in fetched:
            data = (site / urlsplit(url).path.lstrip("/")).read_bytes()
            g, b = compressed(data)
            raw, gz, br = raw + len(data), gz + g, br + b
        result[name] = {
            "requests": len(fetched), "kb_raw": round(raw / 1000, 1), "kb_gzip": round(gz / 1000, 1), "kb_brotli": round(br / 1000, 1)
        }
    # search.js comes with every page (in "page load"); the first search counts it too, as part of the engine
    first = result["first search"]
    for key, kb in zip(("kb_raw", "kb_gzip", "kb_brotli"), compressed_kb(site / "javascripts" / "search.js"), strict=True):
        first[f"{key}_with_search_js"] = round(first[key] + kb, 1)
    return result


def _kind(path: str) -> str:
    if mathbench.MATH_URL.search(path):
        return "math"
    if "/pagefind/" in path or "/search-names/" in path:
        return "search"
    if path.endswith("/") or path.endswith(".html"):
        return "HTML"
    return {".css": "CSS", ".js": "JS"}.get(Path(path).suffix, "other (images, fonts, icons)")


KINDS = ("HTML", "CSS", "JS", "search", "math", "other (images, fonts, icons)")


def bytes_by_kind(site: Path, base: str, paths: list[str]) -> dict:
    """What a first visit to each page downloads, by kind of file: raw, gzip and brotli (the site's
    files compressed as a web server would send them; the local test server sends them raw)."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for path in paths:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            urls: list[str] = []
            page.on("requestfinished", lambda request, sink=urls: sink.append(request.url))
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
            context.close()
            kinds = {kind: [0, 0, 0] for kind in KINDS}
            for url in sorted(set(urls)):
                local = urlsplit(url).path
                file = site / local.lstrip("/")
                if file.is_dir():
                    file = file / "index.html"
                if not file.is_file():
                    continue
                data = file.read_bytes()
                g, b = compressed(data)
                total = kinds[_kind(local)]
                total[0], total[1], total[2] = total[0] + len(data), total[1] + g, total[2] + b
            results[path] = {kind: [round(x / 1000, 1) for x in sizes] for kind, sizes in kinds.items()}
        browser.close()
    return results


def compressed_kb(path: Path) -> tuple[float, float, float]:
    data = path.read_bytes()
    g, b = compressed(data)
    return round(len(data) / 1000, 1), round(g / 1000, 1), round(b / 1000, 1)


def math_pages(site: Path) -> tuple[str, str]:
    """The first paper page (by id) with math and the first without."""
    with_math = without = None
    for page in sorted((site / "papers").glob("*/index.html")):
        has_math = "<math" in page.read_text(encoding="utf-8")
        if has_math and not with_math:
            with_math = f"papers/{page.parent.name}/"
        if not has_math and not without:
            without = f"papers/{page.parent.name}/"
    return with_math, without


def reader(base: str, paths: list[str], runs: int = 3) -> dict:
    """Bytes each page downloads (fresh cache). Math timings, old way and new, are in mathbench.py."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for path in paths:
            samples = []
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda request, sink=finished: sink.append(request))
                page.goto(f"{base}/{path}")
                page.wait_for_load_state("networkidle")
                has_math = page.evaluate("document.querySelectorAll('article math').length > 0")
                sizes = [(request.url, request.sizes()["responseBodySize"]) for request in finished]
                context.close()
                math = sum(size for url, size in sizes if mathbench.MATH_URL.search(url))
                samples.append({
                    "state": "mathml" if has_math else "none",
                    "requests": len(sizes),
                    "bytes_total": sum(size for _, size in sizes),
                    "bytes_math": math,
                    "bytes_search_index": sum(size for url, size in sizes if "/pagefind/" in url or url.endswith("search_index.json")),
                })
            first = samples[0]
            results[path] = {
                "math": first["state"],
                "requests": first["requests"],
                "kb_total": round(first["bytes_total"] / 1000, 1),
                "kb_math": round(first["bytes_math"] / 1000, 1),
                "kb_without_math": round((first["bytes_total"] - first["bytes_math"]) / 1000, 1),
                "kb_search_index": round(first["bytes_search_index"] / 1000, 1),
            }
        browser.close()
    return results


def lighthouse(url: str, runs: int = 3) -> dict:
    """Lighthouse's desktop performance score, the median of `runs`."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` in {HERE} (make bench does it)")
    scores, metrics, errors = [], [], []
    for _ in range(runs + 2):  # a run Lighthouse could not score (its runtimeError) is retried, twice at most
        if len(scores) == runs:
            break
        result = subprocess.run(
            [str(LIGHTHOUSE), url, "--preset=desktop", "--only-categories=performance", "--output=json",
             "--output-path=stdout", "--quiet", f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
            capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        if result.returncode:
            raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        if report["categories"]["performance"]["score"] is None:
            errors.append((report.get("runtimeError") or {}).get("code", "no score"))
            continue
        scores.append(round(report["categories"]["performance"]["score"] * 100))
        audits = report["audits"]
        metrics.append({
            key: round(audits[key]["numericValue"], 3 if key == "cumulative-layout-shift" else 0)
            for key in LIGHTHOUSE_METRICS
        })
    if not scores:
        return {"scores": [], "median": None, "errors": errors}
    middle = sorted(range(len(scores)), key=lambda i: scores[i])[len(scores) // 2]
    return {"scores": scores, "median": statistics.median(scores), "metrics_of_median_run": metrics[middle], "errors": errors}


def _limit_of_build(results: dict) -> str:
    """What the profile (the largest size profiled) says the build spends its time on."""
    profiled = [(int(f), size["profile"]) for f, size in results["sizes"].items() if "profile" in size]
    if not profiled:
        return ""
    factor, profile = max(profiled)
    spent = profile.get("where_the_time_goes_s", {})
    top = sorted(spent.items(), key=lambda item: -item[1])[:3]
    return (f"profile at {factor}x ({profile['profiled_total_s']} s under cProfile): "
            + "; ".join(f"{label} {value} s" for label, value in top))


def targets(results: dict) -> list[tuple[str, str, bool, bool | None, str]]:
    """(target, measured, met on wall-clock time, met on CPU time where that applies, what limits it
    when it is not met). Issue 13's targets first, then the earlier ones (issue 6) still watched."""
    sizes, checks = results["sizes"], []
    one, ten, fifty = sizes.get("1"), sizes.get("10"), sizes.get("50")
    build_limit = _limit_of_build(results)
    if fifty:
        b = fifty["build"]
        checks.append(("50x cold build <= 25 s (issue 13)", f"{b['wall_s']} s (CPU {b['cpu_s']} s)", b["wall_s"] <= 25, b["cpu_s"] <= 25,
                       build_limit + "; MkDocs renders every page's Markdown and theme, which no hook can skip in a cold build"))
    if one:
        b = one["build"]
        share, cpu_share = b["hooks_s"] / b["wall_s"], b["hooks_cpu_s"] / b["cpu_s"]
        events = sorted(b["hooks_by_event_s"].items(), key=lambda item: -item[1])[:2]
        checks.append(("1x hooks <= 10 % of the build (issue 13)", f"{share:.0%} of wall, {cpu_share:.0%} of CPU", share <= 0.10,
                       cpu_share <= 0.10, "largest events: " + ", ".join(f"{e} {t} s" for e, t in events)
                       + " (on_post_build runs the Pagefind binary: wall time, little of our CPU)"))
    if "serve_edit" in results:
        shown = results["serve_edit"]["edit_to_page_shown_median_s"]
        checks.append((f"{results['serve_edit']['factor']}x serve: one paper edited to page shown <= 3 s (issue 13)",
                       f"{shown} s (to the reload signal "
                       f"{results['serve_edit']['edit_to_reload_median_s']} s)", shown <= 3, None,
                       "make serve writes again only the pages that changed, but every save still loads and checks the whole "
                       "catalogue, renders every page's Markdown from it, and takes every page through MkDocs' reading and our "
                       "content stages (Markdown conversion and the theme are skipped for unchanged pages)"))
    if fifty and "search" in fifty:
        first = fifty["search"]["first search"]
        checks.append(("50x first search <= 150 KB compressed, engine included (issue 13)",
                       f"{first['kb_gzip_with_search_js']} KB gzip, {first['kb_brotli_with_search_js']} KB brotli",
                       first["kb_gzip_with_search_js"] <= 150, None,
                       "Pagefind's engine (pagefind.js and its WebAssembly, about 85 KB gzip at any size) and the index "
                       "chunks of the words typed, which list every page that has the word and so grow with the catalogue"))
    checks += [(*check, "") for check in mathbench.targets(results.get("math", {}))]
    for path, score in results.get("lighthouse", {}).items():
        unscored = f", runs Lighthouse could not score: {score['errors']}" if score.get("errors") else ""
        checks.append((f"Lighthouse desktop performance {path} = 100 (issue 13)", f"{score['median']} (runs {score['scores']}{unscored})",
                       score["median"] is not None and score["median"] >= 100, None, "see the metrics of the median run above"))
    if one:
        b = one["build"]
        checks.append(("1x cold build <= 3 s (issue 6)", f"{b['wall_s']} s (CPU {b['cpu_s']} s)", b["wall_s"] <= 3, b["cpu_s"] <= 3,
                       "Pagefind and the Markdown of ~150 pages; see the 1x events"))
    if fifty:
        checks.append(("50x site <= 300 MB (issue 6)", f"{fifty['site']['site_mb']} MB", fifty["site"]["site_mb"] <= 300, None, ""))
    if fifty and ten:
        ratio = fifty["build"]["wall_s"] / ten["build"]["wall_s"]
        cpu_ratio = fifty["build"]["cpu_s"] / ten["build"]["cpu_s"]
        checks.append(("50x build / 10x build <= 6 (issue 6)", f"{ratio:.1f} (CPU {cpu_ratio:.1f})", ratio <= 6, cpu_ratio <= 6, ""))
    if "serve" in results:
        rebuild = results["serve"]["touch_to_reload_median_s"]
        checks.append(("1x serve rebuild <= 1.5 s (issue 6)", f"{rebuild} s", rebuild <= 1.5, None, "a full rebuild of the 1x site"))
    for path, page in results.get("reader", {}).items():
        if page["math"] == "none":
            checks.append((f"no math byte on {path} (no math)", f"{page['kb_math']} KB", page["kb_math"] == 0, None, ""))
        checks.append((f"{path} <= 500 KB without math files", f"{page['kb_without_math']} KB", page["kb_without_math"] <= 500, None, ""))
    return checks


def markdown(results: dict) -> str:
    m, rows = results["machine"], []
    rows += [
        f"Measured {m['date']} on {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB of memory, {m['os']}, "
        f"Python {m['python']}, {m['chromium']}. Command: `{results['command']}` (took {results['duration_s']} s). "
        f"Load average (1, 5, 15 min) at the start {m['load_average_at_start']}, at the end {m['load_average_at_end']}: "
        "other work on the machine slows every timing below."
        + ("" if "lighthouse" in results else " Lighthouse and the old-and-new math comparison were not run this time (see the command)."),
        "",
        "| size | papers | pages | resources.yaml | cold build: wall (runs) / CPU | mkdocs' figure | our hooks: wall / CPU | peak RSS "
        "| site | search bundle (Pagefind, on disk) | per page: HTML median / paper HTML median / index |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for factor, size in results["sizes"].items():
        b, s = size["build"], size["site"]
        rows.append(
            f"| {factor}x | {size['papers']} | {s['pages']} | {size['resources_mb']} MB "
            f"| {b['wall_s']} s ({', '.join(map(str, b['wall_s_runs']))}) "
            f"/ {b['cpu_s']} s | {b['mkdocs_reported_s']} s | {b['hooks_s']} s ({b['hooks_s'] / b['wall_s']:.0%}) / {b['hooks_cpu_s']} s "
            f"({b['hooks_cpu_s'] / b['cpu_s']:.0%}) | {b['peak_rss_mb']} MB | {s['site_mb']} MB | {s['search_index_mb']} MB "
            f"| {s['html_kb_per_page_median']} KB / {s['html_kb_per_paper_page_median']} KB / {s['search_index_kb_per_page']} KB |"
        )
    rows += ["", "Time in each hook event (seconds, timer around each call; `import` is loading hooks/main.py and its imports):", ""]
    events = sorted({e for size in results["sizes"].values() for e in size["build"]["hooks_by_event_s"]})
    rows += ["| size | " + " | ".join(events) + " |", "| --- |" + " --- |" * len(events)]
    for factor, size in results["sizes"].items():
        rows.append(f"| {factor}x | " + " | ".join(str(size["build"]["hooks_by_event_s"].get(e, "")) for e in events) + " |")
    for factor, size in results["sizes"].items():
        if "profile" in size:
            p = size["profile"]
            rows += [
                "",
                f"Profile at {factor}x (cProfile slows the build to {p['profiled_total_s']} s; hooks {p['profiled_hooks_s']} s, "
                f"{p['profiled_hooks_share']:.0%}). Costliest functions of hooks/, cumulative seconds:",
                "",
                "| function | s |",
                "| --- | --- |",
            ]
            rows += [f"| `{where}` | {s} |" for where, s in p["costliest_hook_functions_cumulative_s"].items()]
            if p.get("where_the_time_goes_s"):
                rows += ["", f"Where the whole {factor}x build goes (cProfile, cumulative seconds; Pagefind is inside our hooks):", "",
                         "| stage | s |", "| --- | --- |"]
                rows += [f"| {label} | {value} |" for label, value in p["where_the_time_goes_s"].items()]
    if any("search" in size for size in results["sizes"].values()):
        rows += ["", f"Search (Pagefind), what a reader downloads in Chromium: the first query ({SEARCHES[0]!r}: engine, "
                 f"WebAssembly, index chunks, the text of the results shown) and then a second one ({SEARCHES[1]!r}). "
                 "The first search includes search.js (loaded with every page). Raw / gzip / brotli:", "",
                 "| size | page load | first search | second search | requests (first, second) |", "| --- | --- | --- | --- | --- |"]
        for factor, size in results["sizes"].items():
            if "search" not in size:
                continue
            x = size["search"]
            load, first, second = x["page load"], x["first search"], x["second search"]
            rows.append(f"| {factor}x | {load['kb_raw']} / {load['kb_gzip']} / {load['kb_brotli']} KB "
                        f"| {first['kb_raw_with_search_js']} / {first['kb_gzip_with_search_js']} / "
                        f"{first['kb_brotli_with_search_js']} KB "
                        f"| {second['kb_raw']} / {second['kb_gzip']} / {second['kb_brotli']} KB "
                        f"| {first['requests']}, {second['requests']} |")
    if "serve" in results:
        s = results["serve"]
        rows += ["", f"`mkdocs serve` at 1x, touch resources.yaml to \"Reloading browsers\": {s['touch_to_reload_s']} s "
                 f"(median {s['touch_to_reload_median_s']} s; mkdocs' own figure {s['mkdocs_reported_median_s']} s)."]
    if "serve_edit" in results:
        e = results["serve_edit"]
        rows += ["", f"`mkdocs serve --livereload` at {e['factor']}x, the tldr of `{e['paper']}` edited in resources.yaml "
                 "(3 saves): to the served "
                 f"page showing the edit {e['edit_to_page_shown_s']} s (median {e['edit_to_page_shown_median_s']} s); to the "
                 f"\"Reloading browsers\" signal {e['edit_to_reload_s']} s (median {e['edit_to_reload_median_s']} s)."]
    if results.get("by_kind"):
        rows += ["", "What a first visit downloads, by kind of file (1x site; raw / gzip level 6 / brotli quality 11, KB; "
                 "the first search is in the search table above):", "",
                 "| page | " + " | ".join(KINDS) + " |", "| --- |" + " --- |" * len(KINDS)]
        for path, kinds in results["by_kind"].items():
            rows.append(f"| `/{path}` | " + " | ".join(" / ".join(map(str, kinds[k])) if any(kinds[k]) else "0" for k in KINDS) + " |")
    if results.get("reader"):
        rows += ["", "Reader, headless Chromium, empty cache, local server without compression (1x site):", "",
                 "| page | math | requests | bytes | of which math files | without math files | of which search |",
                 "| --- | --- | --- | --- | --- | --- | --- |"]
        for path, r in results["reader"].items():
            rows.append(f"| `{path}` | {r['math']} | {r['requests']} | {r['kb_total']} KB | {r['kb_math']} KB "
                        f"| {r['kb_without_math']} KB | {r['kb_search_index']} KB |")
    if results.get("math"):
        rows += mathbench.markdown(results["math"])
    if results.get("lighthouse"):
        rows += ["", "Lighthouse 12.2.3, desktop preset, performance only, 3 runs:", "",
                 "| page | median | runs | FCP | LCP | TBT | CLS | speed index |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for path, score in results["lighthouse"].items():
            if not score["scores"]:
                rows.append(f"| `{path}` | not scored | {score['errors']} | | | | | |")
                continue
            x = score["metrics_of_median_run"]
            rows.append(f"| `{path}` | {score['median']} | {score['scores']} | {x['first-contentful-paint']:.0f} ms "
                        f"| {x['largest-contentful-paint']:.0f} ms "
                        f"| {x['total-blocking-time']:.0f} ms | {x['cumulative-layout-shift']} | {x['speed-index']:.0f} ms |")
    rows += ["", "Targets (issue 13, then issue 6), with what limits the ones not met:", "",
             "| target | measured | met | met on CPU time | what limits it |", "| --- | --- | --- | --- | --- |"]
    rows += [
        f"| {name} | {value} | {'yes' if ok else '**no**'} | {'' if cpu is None else 'yes' if cpu else '**no**'} | {'' if ok else limit} |"
        for name, value, ok, cpu, limit in results["targets"]
    ]
    return "\n".join(rows)


def update_doc(text: str) -> None:
    if not DOC.exists():
        return
    doc = DOC.read_text(encoding="utf-8")
    start, end = doc.find(MARKERS[0]), doc.find(MARKERS[1])
    if start < 0 or end < 0:
        return
    DOC.write_text(doc[: start + len(MARKERS[0])] + "\n" + text + "\n" + doc[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50", help="catalogue factors, comma-separated")
    parser.add_argument("--profile-sizes", default="1,10", help="factors also built once under cProfile (slow)")
    parser.add_argument("--runs-1x", type=int, default=3, help="cold builds at 1x (the median is reported)")
    parser.add_argument("--no-browser", action="store_true", help="skip the reader metrics and Lighthouse")
    parser.add_argument("--no-search", action="store_true", help="skip the bytes of a first and a second search")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/performance.md")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measures")
    parser.add_argument("--serve-edit-size", type=int, default=10, help="the factor at which serve is timed after a one-paper edit")
    parser.add_argument("--serve-edits", type=int, default=3, help="how many edits serve is timed on")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse and the old-and-new math comparison")
    parser.add_argument("--no-warm", action="store_true", help="skip the 50x rebuild with the cold build's cache")
    arguments = parser.parse_args()
    started = time.perf_counter()
    port = free_port()
    site_url = f"http://127.0.0.1:{port}/"
    command = " ".join(["make bench"] if len(sys.argv) == 1 else ["tests/bench/bench.py", *sys.argv[1:]])
    results: dict = {"command": command, "machine": machine(), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="cv-bench-") as temporary:
        tmp = Path(temporary)
        for factor in [int(f) for f in arguments.sizes.split(",")]:
            project = copy_project(tmp / f"x{factor}")
            shutil.rmtree(project / ".cache", ignore_errors=True)  # cold: no MathML or layout cache from this checkout
            catalogue.write(ROOT, project, factor)
            yaml_bytes = (project / "resources.yaml").stat().st_size
            lift = yaml_bytes > MAX_BYTES
            papers = len(yaml.load((project / "resources.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["papers"])
            print(f"{factor}x: {papers} papers, resources.yaml {yaml_bytes / MB:.1f} MB; building...", flush=True)
            runs = [build(project, tmp / f"site{factor}", site_url, lift) for _ in range(arguments.runs_1x if factor == 1 else 1)]
            median = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
            # with the cache of the cold run
            warm = build(project, tmp / "warm", site_url, lift, warm=True) if factor == 50 and not arguments.no_warm else None
            size = {
                "papers": papers,
                "resources_mb": round(yaml_bytes / MB, 2),
                "size_limit_lifted": lift,
                "build": {**median, "wall_s_runs": [r["wall_s"] for r in runs], "cpu_s_runs": [r["cpu_s"] for r in runs]},
                **({"warm_cache_build": {k: warm[k] for k in ("wall_s", "cpu_s", "hooks_s")}} if warm else {}),
                "site": site_metrics(tmp / f"site{factor}"),
            }
            if not arguments.no_search:
                print(f"{factor}x: search bytes...", flush=True)
                size["search"] = search_bytes(tmp / f"site{factor}")
                print(json.dumps(size["search"]), flush=True)
            if factor == arguments.serve_edit_size and not arguments.no_serve:
                print(f"{factor}x: mkdocs serve, one paper edited...", flush=True)
                results["serve_edit"] = serve_edit(project, factor, edits=arguments.serve_edits)
                print(json.dumps(results["serve_edit"]), flush=True)
            if str(factor) in arguments.profile_sizes.split(","):
                print(f"{factor}x: profiling...", flush=True)
                build(project, tmp / "profiled", site_url, lift, profile=tmp / "profile")
                size["profile"] = hook_profile(tmp / "profile", project)
            results["sizes"][str(factor)] = size
            print(json.dumps(size["build"]), flush=True)
        if "1" in results["sizes"] and not arguments.no_serve:
            print("1x: mkdocs serve rebuilds...", flush=True)
            results["serve"] = serve_rebuild(tmp / "x1")
            if not arguments.no_browser:
                handler = functools.partial(_QuietHandler, directory=str(tmp / "site1"))
                httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
                threading.Thread(target=httpd.serve_forever, daemon=True).start()
                try:
                    with_math, without = math_pages(tmp / "site1")
                    print(f"reader metrics on {with_math} and {without}...", flush=True)
                    results["reader"] = reader(site_url.rstrip("/"), [with_math, without])
                    kinds_of = ["", "topics/object-detection/", with_math, without, "losses/"]
                    results["by_kind"] = bytes_by_kind(tmp / "site1", site_url.rstrip("/"), kinds_of)
                    if not arguments.no_lighthouse:
                        print("lighthouse...", flush=True)
                        results["lighthouse"] = {path: lighthouse(site_url + path) for path in (with_math, without)}
                        print("math, old way and new way...", flush=True)
                        results["math"] = mathbench.run(tmp / "site1", tmp / "x1", site_url.rstrip("/"), [with_math, "losses/"])
                finally:
                    httpd.shutdown()
    results["machine"]["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    results["targets"] = targets(results)
    results["duration_s"] = round(time.perf_counter() - started)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    table = markdown(results)
    print("\n" + table + f"\n\n(bench took {results['duration_s']} s; JSON in {RESULTS.relative_to(ROOT)})")
    if not arguments.no_doc:
        update_doc(table)


if __name__ == "__main__":
    main()

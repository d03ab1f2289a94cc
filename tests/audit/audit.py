"""Lighthouse audit (make audit): accessibility, best practices and SEO of four kinds of page, on a fresh
strict build served locally. Prints a table and exits 1 when any score is below 100.

Lighthouse 12.2.3 is pinned in tests/audit/package-lock.json (`npm ci --prefix tests/audit`) and drives
Debian's Chromium (CHROME_PATH). Its default mobile emulation is kept: it checks tap targets and viewport.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = " ".join([  # the flags of tests/conftest.py
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
])
CATEGORIES = ["accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "topic": "/topics/object-detection/",
    "paper": "/papers/diou/",
    "losses": "/losses/",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(site: Path, site_url: str) -> None:
    """A strict build, for the URL it is served at (canonical links and the sitemap use it)."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"mkdocs build --strict failed:\n{result.stderr}")


def lighthouse(url: str) -> dict:
    """One Lighthouse run; returns its JSON report."""
    env = {"CHROME_PATH": CHROMIUM, **os.environ}  # make audit sets it; the same default when run by hand
    result = subprocess.run(
        [str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES)}", "--output=json", "--output-path=stdout",
         "--quiet", f"--chrome-flags={CHROMIUM_ARGS}"],
        env=env, capture_output=True, text=True, timeout=300,
    )
    if result.returncode:
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout)


def failed_audits(report: dict, category: str) -> list[str]:
    """The audits that cost points in a category, to say what to fix."""
    refs = report["categories"][category]["auditRefs"]
    audits = report["audits"]
    return [f"{ref['id']}: {audits[ref['id']]['title']}" for ref in refs
            if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1]


def main() -> int:
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix {HERE.relative_to(ROOT)}` (make audit does it)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="cv-audit-") as tmp:
        site = Path(tmp) / "site"
        build(site, base + "/")
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            rows = []
            for name, path in PAGES.items():
                report = lighthouse(base + path)
                scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
                problems = [p for c in CATEGORIES if scores[c] < 100 for p in failed_audits(report, c)]
                rows.append((name, path, scores, problems))
        finally:
            httpd.shutdown()
            httpd.server_close()

    print(f"| page | path | {' | '.join(CATEGORIES)} |")
    print(f"| --- | --- | {' | '.join('---' for _ in CATEGORIES)} |")
    for name, path, scores, _ in rows:
        print(f"| {name} | `{path}` | {' | '.join(str(scores[c]) for c in CATEGORIES)} |")
    failing = [(name, problems) for name, _, scores, problems in rows if min(scores.values()) < 100]
    for name, problems in failing:
        print(f"\n{name}: below 100 because of", *problems, sep="\n  ", file=sys.stderr)
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared fixtures: one strict build of the real site, a local HTTP server for it, and a headless
Chromium driven by Playwright (Debian's /usr/bin/chromium: Playwright's own download is not used).

One build for the whole run, however many pytest-xdist workers there are: the process that starts
pytest (xdist's controller, or pytest itself) picks the port the site is built for, serves the shared
site folder on it, and hands both to the workers in environment variables. As soon as a process has
collected a test that reads the built site, the first one to take a file lock starts the build in
the background (tests/build_site.py); tests that read it are run last, so the others fill the wait.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
WAIT = 120  # seconds a browser action may wait
# True once a page's math is as a reader sees it: no math, or Temml's stylesheet applies (it names the
# math font) and the font is in. `document.fonts.ready` alone is not enough after instant navigation: it
# can resolve before the newly linked stylesheet has asked for the font.
MATH_SETTLED = """async () => { await document.fonts.ready;
  const m = document.querySelector('article math');
  if (!m) return true;
  if (!getComputedStyle(m).fontFamily.includes('STIX2')) return false;
  const faces = [...document.fonts].filter(f => f.family.includes('STIX2'));
  return faces.some(f => f.status === 'loaded') && !faces.some(f => f.status === 'loading'); }"""


def luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2) of a CSS colour as getComputedStyle gives it: rgb(...) or rgba(...)."""
    channels = [float(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def mkdocs(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the mkdocs of this environment as a contributor would."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600
    )


def copy_project(target: Path) -> Path:
    """A copy of the project (without the venv or build output) to break and build in tests."""
    ignore = shutil.ignore_patterns(".venv", "site", ".git", "test-artifacts", "__pycache__", ".pytest_cache", "node_modules")
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


SHARED = "CVSITE_TEST_SHARED"  # the folder of the shared build: site/, its lock, its result
PORT = "CVSITE_TEST_PORT"  # the port the shared site is built for and served on
READS_SITE = {"built_site", "server"}
_httpd: list[http.server.ThreadingHTTPServer] = []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


def pytest_configure(config) -> None:
    """In the process that starts the run: the shared folder, the port, and the server on it (it
    serves site/ once it is built; the workers inherit the environment)."""
    if hasattr(config, "workerinput") or SHARED in os.environ:
        return
    shared = Path(tempfile.mkdtemp(prefix="cv-test-site-"))
    handler = functools.partial(_QuietHandler, directory=str(shared / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _httpd.append(httpd)
    os.environ[SHARED], os.environ[PORT] = str(shared), str(httpd.server_address[1])


def pytest_unconfigure(config) -> None:
    if not _httpd:
        return
    _httpd.pop().shutdown()
    shared = Path(os.environ.pop(SHARED))
    os.environ.pop(PORT, None)
    pid = shared / "build.pid"
    if pid.exists() and not (shared / "build.json").exists():  # a run stopped before the build ended
        try:
            os.kill(int(pid.read_text()), 15)
        except (OSError, ValueError):
            pass
    shutil.rmtree(shared, ignore_errors=True)


def _start_build() -> None:
    """Start the shared build, unless another process has already."""
    shared = Path(os.environ[SHARED])
    with (shared / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (shared / "build.pid").exists():
            return
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "build_site.py"), str(shared), os.environ[PORT]],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        (shared / "build.pid").write_text(str(process.pid))


def pytest_collection_modifyitems(session, config, items) -> None:
    """Tests that read the built site go last (a stable sort: every worker gets the same order), and
    the build starts now, in the background."""
    reads = [item for item in items if READS_SITE & set(getattr(item, "fixturenames", ()))]
    if not reads:
        return
    others = [item for item in items if not READS_SITE & set(getattr(item, "fixturenames", ()))]
    items[:] = others + reads
    _start_build()


@pytest.fixture(scope="session")
def port() -> int:
    """The port the shared site is built for and served on. Material's instant navigation only
    takes over links that match `site_url`, port included."""
    return int(os.environ[PORT])


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The real catalogue, built with --strict, once for the whole run; the build must print no warning."""
    shared = Path(os.environ[SHARED])
    if not (shared / "build.pid").exists():  # collected without the fixture (e.g. requested dynamically)
        _start_build()
    result = shared / "build.json"
    deadline = time.monotonic() + 900
    while not result.exists():
        assert time.monotonic() < deadline, "the shared site build did not finish in 15 minutes"
        time.sleep(0.2)
    build = json.loads(result.read_text(encoding="utf-8"))
    assert build["returncode"] == 0, build["stderr"]
    warnings = [line for line in build["stderr"].splitlines() if "WARNING" in line]
    assert not warnings, "\n".join(warnings)
    return shared / "site"


@pytest.fixture(scope="session")
def server(built_site, port) -> str:
    """The shared site, served by the process that started the run."""
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        new_context = browser.new_context

        def patient_context(*args, **kwargs):
            """Every context waits up to WAIT for a page or an element: on a busy machine a page with
            many fonts can take longer than Playwright's 30 s (a limit to wait, not a timing under test)."""
            context = new_context(*args, **kwargs)
            context.set_default_timeout(WAIT * 1000)
            return context

        browser.new_context = patient_context
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; any uncaught JavaScript error on it fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors

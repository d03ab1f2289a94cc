"""`mkdocs serve`: an edit of a paper shows in the open browser tab (live reload), on its page and on
the pages that show it; a broken edit of resources.yaml is reported and the server stays up, showing
the last good site with the error in a banner; the next good save recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import copy_project, luminance
from playwright.sync_api import Error as PlaywrightError


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.read().decode("utf-8")


BUILD = 300  # seconds a build may take on a busy machine (a limit to wait, not a timing under test)


def wait_until(predicate, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The colour of each text element of the banner, and the first opaque background behind it.
_COLOURS = """() => [...document.querySelectorAll('.catalogue-error, .catalogue-error *')].map(el => {
  let node = el, bg = 'rgba(0, 0, 0, 0)';
  while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
    bg = getComputedStyle(node).backgroundColor; node = node.parentElement;
  }
  return [el.tagName, getComputedStyle(el).color, bg];
})"""


def _banner_contrast(browser, url: str) -> dict[str, float]:
    """The lowest text contrast of the error banner in the light and the dark scheme."""
    lowest = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(url)
        ratios = []
        for _, colour, background in page.evaluate(_COLOURS):
            high, low = sorted((luminance(colour), luminance(background)), reverse=True)
            ratios.append((high + 0.05) / (low + 0.05))
        context.close()
        assert ratios, "the banner is on the page"
        lowest[scheme] = min(ratios)
    return lowest


@pytest.mark.timeout(1800)  # a build and two rebuilds (a limit, not a timing)
def test_broken_edit_keeps_server_alive_and_good_save_recovers(tmp_path, browser):
    project = copy_project(tmp_path / "project")
    serve_port = _free_port()
    base = f"http://127.0.0.1:{serve_port}"
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{serve_port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        topic = "cnn-basics"
        wait_until(lambda: "cheat sheets" in fetch(f"{base}/topics/{topic}/"), timeout=BUILD, what="the first build")
        resources = project / "resources.yaml"
        good = resources.read_text(encoding="utf-8")
        lines = good.splitlines()
        year = next(i for i, line in enumerate(lines) if line.strip().startswith("year:"))
        resources.write_text("\n".join(lines[:year] + [lines[year]] + lines[year:]) + "\n", encoding="utf-8")

        def reported() -> bool:
            log.seek(0)
            return f"resources.yaml:{year + 2}: " in log.read()

        wait_until(reported, timeout=BUILD, what="the error in the terminal")
        wait_until(lambda: "resources.yaml has errors" in fetch(f"{base}/"), timeout=BUILD, what="the error banner")
        assert process.poll() is None, "the server died"
        contrast = _banner_contrast(browser, f"{base}/")
        assert min(contrast.values()) >= 4.5, contrast
        assert "cheat sheets" in fetch(f"{base}/topics/{topic}/")  # the last good site is still served

        summary = lines[lines.index("    summary: |-") + 1]  # the first topic's summary text
        resources.write_text(good.replace(summary, summary + " Fixed and saved again.", 1), encoding="utf-8")
        wait_until(lambda: "Fixed and saved again." in fetch(f"{base}/topics/{topic}/"), timeout=BUILD, what="the recovery")
        assert "resources.yaml has errors" not in fetch(f"{base}/")
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _search(context, base: str, query: str) -> list[str]:
    """The URLs Pagefind finds for `query` on the served site, from a page loaded afresh (a page keeps
    the index it loaded first)."""
    page = context.new_page()
    try:
        page.goto(f"{base}/")
        return page.evaluate("""async q => {
            const pagefind = await import('/pagefind/pagefind.js');
            const found = await pagefind.search(q);
            return Promise.all(found.results.slice(0, 10).map(async r => (await r.data()).url));
        }""", query)
    except PlaywrightError:  # no index yet (the first build's is under way)
        return []
    finally:
        page.close()


@pytest.mark.timeout(1800)  # a build and a rebuild (a limit, not a timing)
def test_edited_paper_shows_in_the_open_page_and_where_it_is_listed(tmp_path, browser):
    """Edit-and-see, as `make serve` runs (--dirty: a rebuild writes again only the pages that changed,
    cvsite.incremental): a contributor edits a paper's tldr while its page is open; live reload brings the
    new text into that tab, and the pages that list the paper show it too (nothing stale is served).
    Then an edit that changes another page only outside its content: its navigation and its "Referenced
    by" list follow, and the math fonts keep the glyphs of the pages not written again."""
    project = copy_project(tmp_path / "project")
    serve_port = _free_port()
    base = f"http://127.0.0.1:{serve_port}"
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "--dev-addr", f"127.0.0.1:{serve_port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    context = browser.new_context()
    page = context.new_page()
    try:
        old = "VGG asks what happens when a plain ConvNet is made much deeper"
        new = "VGG asks, in words a test wrote (Zebra-7731), what happens when a plain ConvNet is made much deeper"
        wait_until(lambda: old in fetch(f"{base}/papers/vgg/"), timeout=BUILD, what="the first build")
        page.goto(f"{base}/papers/vgg/")
        assert old in page.locator("article").inner_text()
        page.evaluate("window.__before_edit = true")
        resources = project / "resources.yaml"
        text = resources.read_text(encoding="utf-8")
        assert text.count(old) == 1
        resources.write_text(text.replace(old, new), encoding="utf-8")
        # no page.reload(): the open tab must reload itself and show the edit
        page.wait_for_function("t => document.querySelector('article').innerText.includes(t)", arg="Zebra-7731", timeout=BUILD * 1000)
        assert page.evaluate("window.__before_edit") is None, "live reload loads the page anew"
        assert old not in page.locator("article").inner_text()
        assert "Zebra-7731" in fetch(f"{base}/papers/")  # the papers index shows each paper's first sentence
        assert "Zebra-7731" in fetch(f"{base}/topics/image-classification/")  # its reading path too
        # The search index is built after the rebuild, on a thread (cvsite.search.Background): it follows.
        wait_until(lambda: "/papers/vgg/" in _search(context, base, "Zebra-7731"), timeout=BUILD, what="the new search index")
        assert _search(context, base, "plain ConvNet"), "search works"
        # The About page's heading (a navigation title on every page) and a link from it to DETR: DETR's
        # content is unchanged, but its navigation and its "Referenced by" list are not.
        font = f"{base}/assets/math/STIXTwoMath.woff2"
        with urllib.request.urlopen(font, timeout=20) as response:
            glyphs_before = response.read()
        detr = fetch(f"{base}/papers/detr/")
        assert "Giraffe-5518" not in detr
        about = project / "docs" / "about.md"
        text = about.read_text(encoding="utf-8")
        assert text.startswith("# About\n")
        about.write_text(text.replace("# About\n", "# About Giraffe-5518\n\nSee [DETR](papers/detr.md).\n", 1), encoding="utf-8")
        wait_until(lambda: "Giraffe-5518" in fetch(f"{base}/papers/detr/"), timeout=BUILD, what="DETR's page after the edit")
        detr = fetch(f"{base}/papers/detr/")
        navigation = detr.split('<nav class="md-nav md-nav--primary', 1)[1].split('data-md-type="toc"', 1)[0]
        assert "About Giraffe-5518" in navigation
        referenced = detr.split('id="referenced-by"', 1)[1]
        assert "About Giraffe-5518" in referenced.split("</ul>", 1)[0]
        with urllib.request.urlopen(font, timeout=20) as response:
            assert response.read() == glyphs_before, "the math font lost glyphs of pages not written again"
        # the open tab reloads itself after that edit too, and shows the new navigation
        page.wait_for_function("t => document.body.textContent.includes(t)", arg="About Giraffe-5518", timeout=BUILD * 1000)
        page.wait_for_load_state("load")
        assert process.poll() is None, "the server died"
    finally:
        # The server goes first: a live reload it starts while the browser context closes can leave
        # Playwright's close waiting for ever (seen under the full suite's load).
        process.terminate()
        process.wait(timeout=20)
        context.close()
        log.close()

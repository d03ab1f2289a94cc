"""Screenshots of the main page types at a phone's and a laptop's width, saved as test artifacts
(test-artifacts/screenshots/) for a person to look at; no page may scroll sideways at either width."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS
from test_accessibility import wait_until_settled

pytestmark = pytest.mark.browser
SHOTS = ARTIFACTS / "screenshots"
PAGES = {
    "home": "/",
    "topic": "/topics/object-detection/",
    "paper": "/papers/diou/",
    "losses": "/losses/",
    "benchmarks": "/benchmarks/",
    "benchmark": "/benchmarks/coco-test-dev-box-ap/",
    "index-filtered": "/papers/?topic=object-detection&from=2018",
}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_screenshot(page, server, name, width):
    page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
    page.goto(server + PAGES[name])
    wait_until_settled(page)
    # Wide content (tables, formulas, diagrams) must scroll inside its own box, not the whole page.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{PAGES[name]} is {overflow}px wider than a {width}px screen"
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000

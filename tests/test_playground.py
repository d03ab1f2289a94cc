"""The box playground of /losses/: drag and resize with the mouse, move with the keyboard, and check
every shown value against the NumPy reference in docs/implementations/box_losses.py."""

from __future__ import annotations

import math

import pytest
from conftest import ARTIFACTS
from implementations.box_losses import ciou_loss, diou_loss, giou, giou_loss, iou, iou_loss

pytestmark = pytest.mark.browser
PLAYGROUND = ".box-playground"
SHOWN = 0.0005 + 1e-9  # the page rounds to 3 decimals


def boxes(page) -> tuple[list[int], list[int]]:
    root = page.locator(PLAYGROUND)
    return [int(v) for v in root.get_attribute("data-pred").split(",")], [int(v) for v in root.get_attribute("data-gt").split(",")]


def shown(page) -> dict[str, float]:
    values = page.eval_on_selector_all(f"{PLAYGROUND} [data-metric]", "cells => cells.map(c => [c.dataset.metric, c.textContent])")
    return {name: math.inf if text == "∞" else float(text) for name, text in values}


def assert_matches_reference(page) -> dict[str, float]:
    pred, gt = boxes(page)
    expected = {
        "iou": iou(pred, gt), "iou-loss": 1 - iou(pred, gt), "iou-ln-loss": iou_loss(pred, gt),
        "giou": giou(pred, gt), "giou-loss": giou_loss(pred, gt),
        "diou": 1 - diou_loss(pred, gt), "diou-loss": diou_loss(pred, gt),
        "ciou": 1 - ciou_loss(pred, gt), "ciou-loss": ciou_loss(pred, gt),
    }
    values = shown(page)
    assert values.keys() == expected.keys()
    for name, value in expected.items():
        assert values[name] == pytest.approx(value, abs=SHOWN) or values[name] == value == math.inf, (name, pred, gt, values)
    # what is drawn is what is computed
    drawn = page.eval_on_selector(
        f"{PLAYGROUND} .bp-box--pred .bp-body", "r => ['x', 'y', 'width', 'height'].map(a => Number(r.getAttribute(a)))"
    )
    assert drawn == [pred[0], pred[1], pred[2] - pred[0], pred[3] - pred[1]]
    return values


def screen(page, x: float, y: float) -> tuple[float, float]:
    """Where the canvas point (x, y), in box units, is on the screen."""
    point = page.eval_on_selector(
        f"{PLAYGROUND} svg",
        "(svg, [x, y]) => { const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM()); return [p.x, p.y]; }",
        [x, y],
    )
    return point[0], point[1]


def drag(page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*screen(page, *start))
    page.mouse.down()
    page.mouse.move(*screen(page, *end), steps=8)
    page.mouse.up()


def save_screenshot(page, name: str) -> None:
    """The playground alone, from the top of the page so that the sticky header does not cover it."""
    page.evaluate("window.scrollTo(0, 0)")
    box = page.locator(PLAYGROUND).bounding_box()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True, clip=box)


def watch_errors(page) -> list[str]:
    """Uncaught errors thrown by the playground's script (other scripts have their own tests)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error}\n{error.stack}") if "playground.js" in (error.stack or "") else None)
    return errors


def open_playground(page, server) -> None:
    errors = watch_errors(page)
    page.goto(f"{server}/losses/")
    page.locator(f"{PLAYGROUND} svg").wait_for()
    page.locator(PLAYGROUND).scroll_into_view_if_needed()
    assert not errors, errors


def test_drag_and_resize_show_the_reference_values(page, server):
    open_playground(page, server)
    before = assert_matches_reference(page)
    pred, gt = boxes(page)

    centre = ((pred[0] + pred[2]) / 2, (pred[1] + pred[3]) / 2)
    drag(page, centre, (centre[0] + 40, centre[1] + 30))
    moved, gt_after = boxes(page)
    assert gt_after == gt
    # the drag moved the box by (40, 30) units, give or take a unit of pixel rounding
    for got, want in zip(moved, [pred[0] + 40, pred[1] + 30, pred[2] + 40, pred[3] + 30], strict=True):
        assert abs(got - want) <= 1, (moved, pred)
    assert moved[2] - moved[0] == pred[2] - pred[0] and moved[3] - moved[1] == pred[3] - pred[1]
    after_move = assert_matches_reference(page)
    assert after_move != before

    # the corner handle: wide and flat, so that CIoU's aspect-ratio term counts
    drag(page, (moved[2] - 2, moved[3] - 2), (moved[2] + 58, moved[3] - 52))
    resized, _ = boxes(page)
    assert resized[:2] == moved[:2]
    assert abs(resized[2] - (moved[2] + 60)) <= 1 and abs(resized[3] - (moved[3] - 50)) <= 1, (resized, moved)
    values = assert_matches_reference(page)
    assert values != after_move
    assert values["diou"] - values["ciou"] > 0.005  # alpha * v is visible in the shown values

    save_screenshot(page, "playground-1280-light.png")


def test_keyboard_moves_and_resizes_a_box(page, server):
    open_playground(page, server)
    pred, gt = boxes(page)
    before = shown(page)
    page.locator(f"{PLAYGROUND} .bp-box--pred").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    assert boxes(page) == ([pred[0] - 5, pred[1] - 5, pred[2] - 5, pred[3] - 5], gt)
    assert assert_matches_reference(page) != before
    page.keyboard.press("Shift+ArrowRight")
    assert boxes(page)[0] == [pred[0] - 5, pred[1] - 5, pred[2], pred[3] - 5]
    assert_matches_reference(page)
    status = page.locator(f"{PLAYGROUND} [aria-live]").text_content()
    assert f"IoU {shown(page)['iou']:.3f}" in status
    # the focused box tells assistive technology where it is
    label = page.locator(f"{PLAYGROUND} .bp-box--pred").get_attribute("aria-label")
    assert label.endswith(f"[{pred[0] - 5}, {pred[1] - 5}, {pred[2]}, {pred[3] - 5}]"), label


def test_disjoint_boxes_give_negative_giou(page, server):
    open_playground(page, server)
    pred, gt = boxes(page)
    # drag the prediction into the top-left corner, away from the ground truth
    centre = ((pred[0] + pred[2]) / 2, (pred[1] + pred[3]) / 2)
    drag(page, centre, (centre[0] - pred[0], centre[1] - pred[1]))
    pred, gt = boxes(page)
    assert pred[2] < gt[0] or pred[3] < gt[1], (pred, gt)
    values = assert_matches_reference(page)
    assert values["iou"] == 0 and values["iou-ln-loss"] == math.inf
    assert values["giou"] < 0 and values["giou-loss"] > 1

    page.get_by_role("button", name="Disjoint").click()
    values = assert_matches_reference(page)
    assert values["iou"] == 0 and values["giou"] < 0


@pytest.mark.parametrize(("width", "scheme"), [(390, "dark"), (1280, "dark"), (390, "light")])
def test_playground_in_both_colour_schemes_and_widths(browser, server, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        open_playground(page, server)
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        assert_matches_reference(page)
        svg = page.locator(f"{PLAYGROUND} svg").bounding_box()
        assert svg["width"] <= width and svg["height"] > 100
        save_screenshot(page, f"playground-{width}-{scheme}.png")
    finally:
        context.close()


def test_instant_navigation_builds_the_playground_once(page, server):
    errors = watch_errors(page)
    page.goto(f"{server}/faq/")  # a page without a playground: no error
    page.evaluate("window.__same_document = true")
    for _ in range(2):  # there and back and there again, all by Material's router
        page.locator(".md-tabs a[href$='losses/'], .md-nav a[href$='losses/']").first.click()
        page.wait_for_url("**/losses/")
        page.locator(f"{PLAYGROUND} svg").wait_for()
        assert page.locator(f"{PLAYGROUND} svg").count() == 1
        assert page.locator(f"{PLAYGROUND} [data-metric='ciou']").count() == 1
        assert_matches_reference(page)
        page.locator(".md-tabs a[href$='faq/'], .md-nav a[href$='faq/']").first.click()
        page.wait_for_url("**/faq/")
    assert page.evaluate("window.__same_document") is True, "the navigation reloaded the page"
    assert not errors, errors


def test_same_centre_other_shape_separates_ciou_from_diou(page, server):
    open_playground(page, server)
    page.get_by_role("button", name="Same centre, other shape").click()
    pred, gt = boxes(page)
    assert pred[0] + pred[2] == gt[0] + gt[2] and pred[1] + pred[3] == gt[1] + gt[3]
    values = assert_matches_reference(page)
    assert values["diou"] == values["iou"]  # no centre distance
    assert values["ciou"] < values["diou"] - 0.02  # only the aspect ratio differs

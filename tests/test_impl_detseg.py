"""Tests of docs/implementations/set_prediction.py (DETR's Hungarian matching and set loss) and
panoptic.py: properties a wrong implementation would break. The worked examples printed in the
catalogue are checked in test_implementations.py."""

import itertools
import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import panoptic as pq  # docs/ is on the test path (pyproject.toml)
from implementations import set_prediction as sp

IDS = ("hungarian-loss", "panoptic-quality")
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}

PROBS = [[0.1, 0.7, 0.2], [0.6, 0.1, 0.3], [0.2, 0.2, 0.6]]
BOXES = [[0.5, 0.2, 0.9, 0.8], [0.1, 0.1, 0.4, 0.4], [0.0, 0.0, 0.3, 0.3]]
LABELS = [0, 1]
GT = [[0.1, 0.1, 0.4, 0.5], [0.5, 0.2, 0.9, 0.8]]


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {"implementations/set_prediction.py", "implementations/panoptic.py"}


def test_cost_matrix_values_printed_in_the_explanation():
    cost = sp.matching_cost(PROBS, BOXES, LABELS, GT)
    assert cost.shape == (2, 3)
    np.testing.assert_allclose(cost, [[9.114286, 0.4, 4.129412], [-0.7, 9.721429, 11.883333]], atol=5e-6)
    assert sp.hungarian_match(PROBS, BOXES, LABELS, GT) == [1, 0]


def test_matching_is_the_minimum_over_every_assignment():
    rng = np.random.default_rng(0)
    for _ in range(20):
        n, k = 5, 3
        logits = rng.normal(size=(n, k + 1))
        probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
        corners = rng.uniform(0, 1, size=(n, 2, 2))
        boxes = np.concatenate([corners.min(1), corners.max(1)], axis=1).tolist()
        gt_corners = rng.uniform(0, 1, size=(3, 2, 2))
        gt = np.concatenate([gt_corners.min(1), gt_corners.max(1)], axis=1).tolist()
        labels = rng.integers(0, k, size=3).tolist()
        cost = sp.matching_cost(probs.tolist(), boxes, labels, gt)
        sigma = sp.hungarian_match(probs.tolist(), boxes, labels, gt)
        assert len(set(sigma)) == 3  # one-to-one
        best = min(cost[[0, 1, 2], list(s)].sum() for s in itertools.permutations(range(n), 3))
        assert cost[[0, 1, 2], sigma].sum() == pytest.approx(best)


def test_prediction_order_does_not_change_the_loss():
    # A set loss: shuffling the predictions must not change it (a fixed order-based loss would).
    loss = sp.hungarian_loss(PROBS, BOXES, LABELS, GT)
    for order in itertools.permutations(range(3)):
        assert sp.hungarian_loss([PROBS[i] for i in order], [BOXES[i] for i in order], LABELS, GT) == pytest.approx(loss)


def test_perfect_confident_predictions_cost_almost_nothing():
    probs = [[1 - 2e-9, 1e-9, 1e-9], [1e-9, 1 - 2e-9, 1e-9], [1e-9, 1e-9, 1 - 2e-9]]
    boxes = [GT[0], GT[1], [0.0, 0.0, 0.1, 0.1]]
    assert sp.hungarian_loss(probs, boxes, LABELS, GT) == pytest.approx(0.0, abs=1e-6)


def test_a_duplicate_prediction_is_pushed_to_no_object():
    # Two predictions claim the same cat; only one may take it, the other pays -log p(no object).
    probs = [[0.9, 0.05, 0.05], [0.9, 0.05, 0.05]]
    boxes = [GT[0], GT[0]]
    loss = sp.hungarian_loss(probs, boxes, [0], [GT[0]])
    assert loss == pytest.approx(-math.log(0.9) - math.log(0.05))


def test_box_loss_weights():
    assert sp.box_loss(GT[0], BOXES[1]) == pytest.approx(1.0)
    assert sp.box_loss(GT[0], BOXES[1], lambda_l1=0.0, lambda_giou=1.0) == pytest.approx(0.25)
    assert sp.box_loss(GT[0], BOXES[1], lambda_l1=1.0, lambda_giou=0.0) == pytest.approx(0.1)


@pytest.mark.parametrize(
    "probs, boxes, labels, gt",
    [
        ([[0.5, 0.5]], [[0, 0, 1, 1]], [0, 0], [[0, 0, 1, 1], [0, 0, 1, 1]]),  # more objects than predictions
        ([[0.5, 0.5]], [[0, 0, 1, 1]], [1], [[0, 0, 1, 1]]),  # label is the "no object" column
        ([[0.5, 0.5]], [[0, 0, 1, 1], [0, 0, 1, 1]], [0], [[0, 0, 1, 1]]),  # one box too many
    ],
)
def test_bad_input_is_refused(probs, boxes, labels, gt):
    with pytest.raises(ValueError):
        sp.hungarian_loss(probs, boxes, labels, gt)


# --- panoptic quality --------------------------------------------------------

@pytest.mark.parametrize(
    "ious, fp, fn",
    [([0.9, 0.8, 0.6], 1, 2), ([0.55], 0, 0), ([], 3, 1), ([1.0, 0.51, 0.7, 0.99], 0, 5)],
)
def test_panoptic_quality_is_segmentation_times_recognition_quality(ious, fp, fn):
    expected = pq.segmentation_quality(ious) * pq.recognition_quality(len(ious), fp, fn)
    assert pq.panoptic_quality(ious, fp, fn) == pytest.approx(expected)


def test_panoptic_quality_bounds():
    assert pq.panoptic_quality([1.0, 1.0], 0, 0) == pytest.approx(1.0)
    assert pq.panoptic_quality([], 2, 3) == 0.0
    # every unmatched segment costs half a match: one FP lowers a perfect single match from 1 to 2/3
    assert pq.panoptic_quality([1.0], 1, 0) == pytest.approx(2 / 3)


@pytest.mark.parametrize("ious, fp, fn", [([0.5], 0, 0), ([0.4, 0.9], 0, 0), ([1.2], 0, 0), ([0.9], -1, 0), ([], 0, 0)])
def test_panoptic_quality_refuses_bad_input(ious, fp, fn):
    with pytest.raises(ValueError):
        pq.panoptic_quality(ious, fp, fn)

"""Tests of docs/implementations/pose_metrics.py: properties of `oks` and `pckh` (COCO's
cocoeval.computeOks and MPII's PCKh definition), one on the worked example printed in the catalogue.
The worked examples themselves are checked in test_implementations.py."""

import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import pose_metrics as pose  # docs/ is on the test path (pyproject.toml)

IDS = ("oks", "pckh")
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {"implementations/pose_metrics.py"}


def test_oks_example_passes_three_of_ten_thresholds():
    # the catalogue's explanation says the example pose counts at 0.50, 0.55 and 0.60 only
    example = FORMULAS["oks"]["example"]["inputs"]
    assert pose.oks_thresholds_passed(**example) == pytest.approx(0.3)


# --- OKS ----------------------------------------------------------------------

GT = [[100.0, 200.0], [140.0, 250.0], [200.0, 300.0]]
SIG = [0.026, 0.079, 0.062]


def test_perfect_pose_has_oks_one():
    assert pose.oks(GT, GT, [2, 2, 2], 5000.0, SIG) == pytest.approx(1.0)
    assert pose.oks_thresholds_passed(GT, GT, [2, 2, 2], 5000.0, SIG) == 1.0


def test_coco_sigmas_are_the_17_cocoeval_constants():
    assert len(pose.COCO_SIGMAS) == 17
    expected = np.array([.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89]) / 10
    assert np.allclose(pose.COCO_SIGMAS, expected)
    assert pose.OKS_THRESHOLDS == [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]


def test_oks_matches_cocoeval_formula_on_17_keypoints():
    rng = np.random.default_rng(0)
    gt = rng.uniform(0, 200, size=(17, 2))
    pred = gt + rng.normal(0, 6, size=(17, 2))
    vis = rng.integers(0, 3, size=17)
    vis[0] = 2
    area = 9000.0
    # cocoeval.computeOks, written out: e = (dx^2 + dy^2) / vars / (area + eps) / 2, vars = (2 sigma)^2
    variances = (np.array(pose.COCO_SIGMAS) * 2) ** 2
    e = ((pred - gt) ** 2).sum(axis=1) / variances / (area + np.spacing(1)) / 2
    expected = np.sum(np.exp(-e[vis > 0])) / np.count_nonzero(vis > 0)
    assert pose.oks(pred.tolist(), gt.tolist(), vis.tolist(), area) == pytest.approx(expected)


def test_unlabelled_keypoints_are_ignored():
    far = [GT[0], GT[1], [900.0, 900.0]]
    assert pose.oks(far, GT, [2, 2, 0], 5000.0, SIG) == pytest.approx(1.0)
    assert pose.oks(far, GT, [2, 2, 1], 5000.0, SIG) < 0.7


def test_same_pixel_error_costs_less_on_a_bigger_person_and_a_looser_keypoint():
    pred = [[103.0, 204.0], [143.0, 254.0], [203.0, 304.0]]  # 5 px off everywhere
    assert pose.oks(pred, GT, [2, 2, 2], 20000.0, SIG) > pose.oks(pred, GT, [2, 2, 2], 2000.0, SIG)
    nose_only = pose.oks(pred[:1], GT[:1], [2], 5000.0, [0.026])
    hip_like = pose.oks(pred[:1], GT[:1], [2], 5000.0, [0.107])
    assert hip_like > nose_only


def test_one_keypoint_value_is_the_gaussian_of_its_normalised_distance():
    # a single keypoint at distance d = s * k has e = 1/2, so OKS = exp(-1/2)
    area, sigma = 400.0, 0.05
    d = math.sqrt(area) * 2 * sigma
    assert pose.oks([[d, 0.0]], [[0.0, 0.0]], [2], area, [sigma]) == pytest.approx(math.exp(-0.5))


def test_oks_rejects_bad_input():
    with pytest.raises(ValueError):
        pose.oks(GT, GT, [0, 0, 0], 5000.0, SIG)
    with pytest.raises(ValueError):
        pose.oks(GT, GT, [2, 2, 2], 0.0, SIG)
    with pytest.raises(ValueError):
        pose.oks(GT, GT[:2], [2, 2, 2], 5000.0, SIG)


def test_oks_thresholds_passed_counts_thresholds():
    # a pose with OKS between 0.75 and 0.8 passes 0.50 ... 0.75: six thresholds
    area, sigma = 400.0, 0.05
    target = 0.77
    d = math.sqrt(-math.log(target) * 2 * area * (2 * sigma) ** 2)
    assert pose.oks([[d, 0.0]], [[0.0, 0.0]], [2], area, [sigma]) == pytest.approx(target)
    assert pose.oks_thresholds_passed([[d, 0.0]], [[0.0, 0.0]], [2], area, [sigma]) == pytest.approx(0.6)


# --- PCKh ---------------------------------------------------------------------

def test_pckh_threshold_is_inclusive_and_scales_with_alpha():
    gt = [[0.0, 0.0], [0.0, 0.0]]
    pred = [[20.0, 0.0], [20.1, 0.0]]
    assert pose.pckh(pred, gt, [1, 1], 40.0, 0.5) == pytest.approx(0.5)
    assert pose.pckh(pred, gt, [1, 1], 40.0, 0.1) == 0.0
    assert pose.pckh(pred, gt, [1, 1], 40.0, 1.0) == 1.0


def test_pckh_skips_invisible_joints_and_rejects_bad_input():
    gt = [[0.0, 0.0], [0.0, 0.0]]
    assert pose.pckh([[1.0, 0.0], [500.0, 0.0]], gt, [1, 0], 40.0) == 1.0
    with pytest.raises(ValueError):
        pose.pckh(gt, gt, [0, 0], 40.0)
    with pytest.raises(ValueError):
        pose.pckh(gt, gt, [1, 1], 0.0)

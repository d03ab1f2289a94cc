"""Tests for docs/implementations/depth_metrics.py: known properties of the depth-estimation formulas.
Their worked examples in the catalogue (resources.yaml) are checked in test_implementations.py."""

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import depth_metrics as depth  # docs/ is on the test path (pyproject.toml)

IDS = ("scale-invariant-log-loss", "abs-rel", "delta-accuracy")
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {"implementations/depth_metrics.py"}


GT = [1.0, 2.5, 4.0, 7.0, 12.0]
PRED = [1.2, 2.0, 4.4, 6.0, 15.0]


def test_perfect_prediction():
    assert depth.scale_invariant_log_loss(GT, GT) == pytest.approx(0.0, abs=1e-12)
    assert depth.abs_rel(GT, GT) == 0.0
    assert depth.delta_accuracy(GT, GT) == 1.0


def test_fully_scale_invariant_error_ignores_a_global_scale():
    for scale in (0.1, 3.0, 42.0):
        scaled = [scale * p for p in PRED]
        assert depth.scale_invariant_log_loss(scaled, GT, lam=1.0) == pytest.approx(
            depth.scale_invariant_log_loss(PRED, GT, lam=1.0)
        )
    assert depth.scale_invariant_log_loss([3.0 * g for g in GT], GT, lam=1.0) == pytest.approx(0.0, abs=1e-12)


def test_lambda_zero_is_the_squared_log_error_and_a_global_scale_then_costs():
    expected = np.mean((np.log(PRED) - np.log(GT)) ** 2)
    assert depth.scale_invariant_log_loss(PRED, GT, lam=0.0) == pytest.approx(expected)
    assert depth.scale_invariant_log_loss([2.0 * g for g in GT], GT, lam=0.0) == pytest.approx(np.log(2.0) ** 2)


def test_the_loss_decreases_as_lambda_grows():
    values = [depth.scale_invariant_log_loss(PRED, GT, lam=lam) for lam in (0.0, 0.5, 1.0)]
    assert values[0] > values[1] > values[2] >= 0.0


def test_abs_rel_divides_by_the_ground_truth_not_the_prediction():
    # the same 1 m error costs more on a near pixel than on a far one
    assert depth.abs_rel([2.0], [1.0]) == pytest.approx(1.0)
    assert depth.abs_rel([11.0], [10.0]) == pytest.approx(0.1)
    # and the metric is not symmetric in its arguments
    assert depth.abs_rel([1.0], [2.0]) == pytest.approx(0.5)


def test_delta_is_symmetric_and_strict_at_the_threshold():
    assert depth.delta_accuracy([1.25], [1.0]) == 0.0  # ratio exactly 1.25 does not count
    assert depth.delta_accuracy([1.0], [1.25]) == 0.0
    assert depth.delta_accuracy([1.24], [1.0]) == 1.0
    assert depth.delta_accuracy([1.0], [1.24]) == 1.0
    assert depth.delta_accuracy(PRED, GT, threshold=1.25 ** 3) >= depth.delta_accuracy(PRED, GT, threshold=1.25 ** 2)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        depth.abs_rel([1.0, 2.0], [1.0])
    with pytest.raises(ValueError):
        depth.delta_accuracy([0.0], [1.0])
    with pytest.raises(ValueError):
        depth.scale_invariant_log_loss([], [])

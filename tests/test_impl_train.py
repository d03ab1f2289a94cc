"""Tests of docs/implementations/mixed_labels.py: the properties that define the mixed-label cross-entropy
of mixup and CutMix (`mixup-loss`), some on the worked example printed in the catalogue, whose output is
checked in test_implementations.py."""

import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import mixed_labels as mixed  # docs/ is on the test path (pyproject.toml)

IDS = ("mixup-loss",)
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {"implementations/mixed_labels.py"}


def test_worked_example_by_hand():
    # the printed steps: 0.7 * -ln 0.6 + 0.3 * -ln 0.3, and the printed lowest value for a prediction of (0.7, 0.3, 0)
    inputs = FORMULAS["mixup-loss"]["example"]["inputs"]
    assert mixed.mixup_loss(**inputs) == pytest.approx(-(0.7 * math.log(0.6) + 0.3 * math.log(0.3)))
    assert mixed.mixup_loss([0.7, 0.3, 0.0], 0, 1, 0.7) == pytest.approx(0.610864, abs=5e-7)


def test_it_is_the_weighted_sum_of_two_cross_entropies():
    # the official mixup and CutMix code computes lam * CE(p, a) + (1 - lam) * CE(p, b)
    rng = np.random.default_rng(0)
    for _ in range(20):
        p = rng.dirichlet(np.ones(5))
        a, b = rng.integers(0, 5, size=2)
        lam = float(rng.uniform())
        expected = lam * -math.log(p[a]) + (1 - lam) * -math.log(p[b])
        assert mixed.mixup_loss(list(p), int(a), int(b), lam) == pytest.approx(expected)


def test_lam_one_or_equal_labels_give_plain_cross_entropy():
    p = [0.5, 0.25, 0.25]
    assert mixed.mixup_loss(p, 1, 2, 1.0) == pytest.approx(-math.log(0.25))
    assert mixed.mixup_loss(p, 0, 0, 0.3) == pytest.approx(-math.log(0.5))
    # lam = 1 ignores the second label even where the prediction gives it probability 0
    assert mixed.mixup_loss([0.6, 0.4, 0.0], 0, 2, 1.0) == pytest.approx(-math.log(0.6))


def test_the_prediction_equal_to_the_mixed_label_has_the_lowest_loss():
    lam, best = 0.7, [0.7, 0.3, 0.0]
    lowest = mixed.mixup_loss(best, 0, 1, lam)
    assert lowest == pytest.approx(-(0.7 * math.log(0.7) + 0.3 * math.log(0.3)))  # the entropy of the mixed label
    rng = np.random.default_rng(1)
    for _ in range(50):
        assert mixed.mixup_loss(list(rng.dirichlet(np.ones(3))), 0, 1, lam) > lowest


def test_symmetry_swapping_the_examples_and_lam():
    p = [0.2, 0.5, 0.3]
    assert mixed.mixup_loss(p, 0, 2, 0.35) == pytest.approx(mixed.mixup_loss(p, 2, 0, 0.65))


@pytest.mark.parametrize(
    ("probs", "lam"), [([0.6, 0.3], 0.5), ([0.7, 0.5, -0.2], 0.5), ([0.6, 0.3, 0.1], 1.2), ([0.6, 0.3, 0.1], -0.1)]
)
def test_invalid_input_is_refused(probs, lam):
    with pytest.raises(ValueError):
        mixed.mixup_loss(probs, 0, 1, lam)

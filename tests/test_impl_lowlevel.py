"""Tests for docs/implementations/low_level_vision.py: known properties of EPE, Fl-all, PSNR and SSIM.
The worked examples printed in resources.yaml for the low-level-vision formulas are checked in
test_implementations.py."""

import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import low_level_vision as llv  # docs/ is on the test path (pyproject.toml)

CATALOGUE = yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))
FORMULAS = [f for f in CATALOGUE["formulas"] if f.get("topic") == "low-level-vision"]


def test_the_topic_has_its_three_formulas():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert {f["id"] for f in FORMULAS} == {"endpoint-error", "psnr", "ssim"}
    assert {f["implementation"]["file"] for f in FORMULAS} == {"implementations/low_level_vision.py"}


# --- optical flow -------------------------------------------------------------

GT = [[2.0, 0.0], [3.0, 4.0], [1.0, 2.0], [-6.0, 8.0]]


def test_perfect_flow_has_zero_error_and_no_outliers():
    assert llv.endpoint_error(GT, GT) == 0.0
    assert llv.fl_all(GT, GT) == 0.0


def test_epe_is_the_mean_euclidean_distance_not_the_mean_squared_one():
    pred = [[g[0] + 3.0, g[1] + 4.0] for g in GT]  # every vector off by (3, 4): distance 5
    assert llv.endpoint_error(pred, GT) == pytest.approx(5.0)
    assert llv.endpoint_error([[0.0, 0.0]], [[1.0, 1.0]]) == pytest.approx(math.sqrt(2.0))


def test_epe_is_symmetric_and_ignores_a_common_shift():
    pred = [[2.5, -1.0], [0.0, 4.0], [1.0, 1.0], [-5.0, 7.0]]
    assert llv.endpoint_error(pred, GT) == pytest.approx(llv.endpoint_error(GT, pred))
    shift = np.array([10.0, -7.0])
    assert llv.endpoint_error(np.array(pred) + shift, np.array(GT) + shift) == pytest.approx(
        llv.endpoint_error(pred, GT)
    )


def test_fl_all_needs_both_the_absolute_and_the_relative_threshold():
    big = [[100.0, 0.0]]
    # 4 px off a 100 px motion: above 3 px but below 5% (5 px), so not an outlier
    assert llv.fl_all([[104.0, 0.0]], big) == 0.0
    # 6 px off: above both thresholds
    assert llv.fl_all([[106.0, 0.0]], big) == 100.0
    # 2.9 px off a tiny motion: above 5% but not above 3 px
    assert llv.fl_all([[2.9, 0.0]], [[0.0, 0.0]]) == 0.0


def test_flow_inputs_are_checked():
    with pytest.raises(ValueError):
        llv.endpoint_error([[1.0, 2.0]], [[1.0, 2.0], [0.0, 0.0]])
    with pytest.raises(ValueError):
        llv.endpoint_error([1.0, 2.0], [1.0, 2.0])


# --- restoration --------------------------------------------------------------

RNG = np.random.default_rng(0)
IMG = RNG.integers(0, 256, size=(16, 16)).astype(float)


def test_psnr_of_identical_images_is_infinite():
    assert math.isinf(llv.psnr(IMG, IMG))


def test_psnr_of_a_constant_error():
    # every pixel off by 1 on an 8-bit scale: MSE 1, PSNR = 20 log10(255)
    assert llv.psnr(IMG + 1.0, IMG) == pytest.approx(20 * math.log10(255.0))


def test_halving_the_mse_adds_about_3_db():
    noisy = IMG + RNG.normal(0.0, 10.0, IMG.shape)
    half = IMG + (noisy - IMG) / math.sqrt(2.0)
    assert llv.psnr(half, IMG) - llv.psnr(noisy, IMG) == pytest.approx(10 * math.log10(2.0))


def test_psnr_depends_on_the_data_range():
    a, b = IMG / 255.0, (IMG + 5.0) / 255.0
    assert llv.psnr(a, b, data_range=1.0) == pytest.approx(llv.psnr(IMG, IMG + 5.0))


def test_ssim_of_identical_images_is_one():
    assert llv.ssim(IMG, IMG) == pytest.approx(1.0)
    assert llv.ssim(IMG, IMG, win_size=7) == pytest.approx(1.0)


def test_ssim_is_symmetric_and_at_most_one():
    other = IMG + RNG.normal(0.0, 20.0, IMG.shape)
    assert llv.ssim(IMG, other, win_size=7) == pytest.approx(llv.ssim(other, IMG, win_size=7))
    assert llv.ssim(IMG, other, win_size=7) < 1.0


def test_ssim_punishes_structure_that_psnr_barely_sees():
    # same MSE: a uniform brightness shift keeps the structure, noise destroys it
    shift = IMG + 10.0
    noise = IMG + RNG.choice([-10.0, 10.0], size=IMG.shape)
    assert llv.psnr(shift, IMG) == pytest.approx(llv.psnr(noise, IMG))
    assert llv.ssim(shift, IMG, win_size=7) > llv.ssim(noise, IMG, win_size=7)


def test_ssim_inverted_contrast_is_negative():
    flipped = 255.0 - IMG
    assert llv.ssim(flipped, IMG) < 0.0


def test_ssim_window_must_fit():
    with pytest.raises(ValueError):
        llv.ssim(IMG, IMG, win_size=8)
    with pytest.raises(ValueError):
        llv.ssim(IMG, IMG, win_size=17)

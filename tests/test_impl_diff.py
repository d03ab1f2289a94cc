"""Tests of the diffusion formulas' NumPy references (classifier_free_guidance.py, flow_matching.py,
ddim_step.py): the worked examples printed in the catalogue, and properties a wrong implementation breaks
(the two guidance conventions agree, the OT path starts at noise and ends at data with the target as its
derivative, a DDIM step with the true noise recovers the clean image). Their worked examples printed in
the catalogue are checked in test_implementations.py."""

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import classifier_free_guidance as cfg  # docs/ is on the test path (pyproject.toml)
from implementations import ddim_step as ddim
from implementations import flow_matching as fm

FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}
IDS = ("cfg-combination", "flow-matching-loss", "ddim-step")
RNG = np.random.default_rng(0)


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    files = [FORMULAS[i]["implementation"]["file"] for i in IDS]
    assert files == [f"implementations/{m.__name__.rsplit('.', 1)[-1]}.py" for m in (cfg, fm, ddim)]


def test_the_sampling_rules_are_filed_as_sampling_and_the_objective_as_a_loss():
    assert [FORMULAS[i]["kind"] for i in IDS] == ["sampling", "loss", "sampling"]


# --- classifier-free guidance ---------------------------------------------------------------

COND, UNCOND = RNG.normal(size=(4, 8, 8)), RNG.normal(size=(4, 8, 8))


def test_no_guidance_is_the_conditional_estimate():
    assert np.allclose(cfg.classifier_free_guidance(COND, UNCOND, 0.0), COND)


def test_the_scale_convention_is_the_same_estimate_with_s_equal_one_plus_w():
    for w in (0.1, 0.5, 3.0, 7.5):
        s = 1.0 + w
        assert np.allclose(cfg.classifier_free_guidance(COND, UNCOND, w), UNCOND + s * (COND - UNCOND))


def test_guidance_moves_away_from_the_unconditional_estimate_linearly_in_w():
    gap = np.linalg.norm(COND - UNCOND)
    for w in (0.5, 1.0, 4.0):
        assert np.linalg.norm(cfg.classifier_free_guidance(COND, UNCOND, w) - UNCOND) == pytest.approx((1 + w) * gap)


def test_guidance_does_nothing_when_both_estimates_agree():
    assert np.allclose(cfg.classifier_free_guidance(COND, COND, 5.0), COND)


def test_guidance_keeps_the_shape_and_refuses_mismatched_estimates():
    assert cfg.classifier_free_guidance(COND, UNCOND, 2.0).shape == COND.shape
    with pytest.raises(ValueError):
        cfg.classifier_free_guidance(COND, UNCOND[:2], 1.0)


# --- flow matching ----------------------------------------------------------------------------

X0, X1 = RNG.normal(size=16), RNG.normal(size=16)


def test_the_ot_path_starts_at_the_noise_and_ends_near_the_data():
    assert np.allclose(fm.ot_path(X0, X1, 0.0, 0.1), X0)
    assert np.allclose(fm.ot_path(X0, X1, 1.0, 0.0), X1)
    assert np.allclose(fm.ot_path(X0, X1, 1.0, 0.1), X1 + 0.1 * X0)  # a sigma_min-wide Gaussian around x1


def test_the_target_is_the_time_derivative_of_the_path_at_every_t():
    h = 1e-6
    for t in (0.1, 0.5, 0.9):
        numeric = (fm.ot_path(X0, X1, t + h, 0.01) - fm.ot_path(X0, X1, t - h, 0.01)) / (2 * h)
        assert np.allclose(numeric, fm.ot_target_velocity(X0, X1, 0.01), atol=1e-6)


def test_euler_steps_along_the_target_reach_the_end_of_the_straight_path():
    x, steps = X0.copy(), 7
    for _ in range(steps):
        x = x + fm.ot_target_velocity(X0, X1, 0.0) / steps
    assert np.allclose(x, X1)


def test_the_loss_is_zero_for_the_target_and_the_squared_error_otherwise():
    target = fm.ot_target_velocity(X0, X1, 0.05)
    assert fm.flow_matching_loss(X0, X1, target, 0.05) == 0.0
    assert fm.flow_matching_loss(X0, X1, target + 0.5, 0.05) == pytest.approx(0.25 * X0.size)
    assert fm.flow_matching_loss([0.0], [1.0], [0.0], 0.0) == pytest.approx(1.0)  # sigma_min = 0: target x1 - x0


def test_flow_matching_inputs_are_checked():
    with pytest.raises(ValueError):
        fm.flow_matching_loss(X0, X1, X0[:3], 0.1)
    with pytest.raises(ValueError):
        fm.ot_path(X0, X1, 1.5, 0.1)


# --- DDIM --------------------------------------------------------------------------------------

CLEAN, NOISE = RNG.normal(size=32), RNG.normal(size=32)


def noisy(alpha_bar):
    return np.sqrt(alpha_bar) * CLEAN + np.sqrt(1 - alpha_bar) * NOISE


def test_with_the_true_noise_the_step_lands_on_the_forward_marginal_of_the_next_step():
    # x_t built from (x0, eps); a perfect noise estimate takes it to the point built from the same (x0, eps)
    assert np.allclose(ddim.predicted_x0(noisy(0.3), NOISE, 0.3), CLEAN)
    assert np.allclose(ddim.ddim_step(noisy(0.3), NOISE, 0.3, 0.7), noisy(0.7))
    assert np.allclose(ddim.ddim_step(noisy(0.3), NOISE, 0.3, 1.0), CLEAN)  # a step to alpha_bar = 1 is the clean image


def test_skipping_steps_gives_the_same_result_as_small_steps_when_the_estimate_is_exact():
    direct = ddim.ddim_step(noisy(0.2), NOISE, 0.2, 0.9)
    x = noisy(0.2)
    for a, b in ((0.2, 0.4), (0.4, 0.6), (0.6, 0.9)):
        x = ddim.ddim_step(x, NOISE, a, b)
    assert np.allclose(x, direct)


def test_a_step_to_the_same_noise_level_changes_nothing():
    assert np.allclose(ddim.ddim_step(noisy(0.5), RNG.normal(size=32), 0.5, 0.5), noisy(0.5))


def test_ddim_refuses_a_step_towards_more_noise():
    with pytest.raises(ValueError):
        ddim.ddim_step(0.5, 0.1, 0.8, 0.4)

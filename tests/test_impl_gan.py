"""Tests of docs/implementations/fid.py and gan_losses.py: properties every correct implementation of
`fid`, `gan-minimax-loss` and `gan-non-saturating-loss` has (closed forms, symmetry, the equilibrium value,
the gradients that give the non-saturating loss its name). Their worked examples printed in resources.yaml
are checked in test_implementations.py."""

import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import fid, gan_losses  # docs/ is on the test path (pyproject.toml)

IDS = ("fid", "gan-minimax-loss", "gan-non-saturating-loss")
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {"implementations/fid.py", "implementations/gan_losses.py"}


# --- FID ----------------------------------------------------------------------------------------------

RNG = np.random.default_rng(0)


def _random_cov(d):
    a = RNG.normal(size=(d, d))
    return a @ a.T + 0.1 * np.eye(d)


def test_identical_gaussians_are_at_distance_zero():
    mu, cov = RNG.normal(size=5), _random_cov(5)
    assert fid.frechet_distance(mu, cov, mu, cov) == pytest.approx(0.0, abs=1e-9)


def test_one_dimensional_gaussians_give_the_closed_form():
    # (m1 - m2)^2 + (s1 - s2)^2 for N(m1, s1^2) and N(m2, s2^2)
    assert fid.frechet_distance([1.0], [[4.0]], [3.0], [[9.0]]) == pytest.approx(4.0 + 1.0)


def test_the_two_by_two_case_matches_its_closed_form():
    # for 2 x 2 matrices, Tr((S1 S2)^{1/2}) = sqrt(Tr(S1 S2) + 2 sqrt(det S1 det S2))
    s1, s2 = _random_cov(2), _random_cov(2)
    mu1, mu2 = RNG.normal(size=2), RNG.normal(size=2)
    trace_sqrt = math.sqrt(np.trace(s1 @ s2) + 2 * math.sqrt(np.linalg.det(s1) * np.linalg.det(s2)))
    expected = np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * trace_sqrt
    assert fid.frechet_distance(mu1, s1, mu2, s2) == pytest.approx(expected)


def test_it_matches_the_eigenvalues_of_the_product_as_the_reference_code_computes_it():
    # the StyleGAN/pytorch-fid code takes sqrtm(S_g S_r); its trace is the sum of the roots of the eigenvalues
    s1, s2 = _random_cov(6), _random_cov(6)
    mu1, mu2 = RNG.normal(size=6), RNG.normal(size=6)
    trace_sqrt = np.sum(np.sqrt(np.linalg.eigvals(s2 @ s1).real))
    expected = np.sum((mu1 - mu2) ** 2) + np.trace(s1 + s2) - 2 * trace_sqrt
    assert fid.frechet_distance(mu1, s1, mu2, s2) == pytest.approx(expected)


def test_it_is_symmetric_and_ignores_a_common_rotation_and_shift():
    s1, s2 = _random_cov(4), _random_cov(4)
    mu1, mu2 = RNG.normal(size=4), RNG.normal(size=4)
    value = fid.frechet_distance(mu1, s1, mu2, s2)
    assert fid.frechet_distance(mu2, s2, mu1, s1) == pytest.approx(value)
    q, _ = np.linalg.qr(RNG.normal(size=(4, 4)))
    shift = RNG.normal(size=4)
    assert fid.frechet_distance(q @ mu1 + shift, q @ s1 @ q.T, q @ mu2 + shift, q @ s2 @ q.T) == pytest.approx(value)


def test_less_diversity_raises_the_distance_even_with_the_right_mean():
    cov = _random_cov(3)
    mu = RNG.normal(size=3)
    assert fid.frechet_distance(mu, cov, mu, 0.25 * cov) > 0.1
    # a shrunken covariance costs Tr(S) (1 - sqrt(c))^2 for the factor c
    assert fid.frechet_distance(mu, cov, mu, 0.25 * cov) == pytest.approx(np.trace(cov) * 0.25)


def test_from_features_uses_the_sample_mean_and_covariance():
    real = RNG.normal(size=(200, 3))
    gen = RNG.normal(loc=0.5, scale=2.0, size=(150, 3))
    expected = fid.frechet_distance(real.mean(0), np.cov(real.T), gen.mean(0), np.cov(gen.T))
    assert fid.fid_from_features(real, gen) == pytest.approx(expected)
    assert fid.fid_from_features(real, real) == pytest.approx(0.0, abs=1e-9)


def test_shapes_are_checked():
    with pytest.raises(ValueError):
        fid.frechet_distance([0.0, 0.0], np.eye(2), [0.0, 0.0, 0.0], np.eye(3))


# --- GAN losses ---------------------------------------------------------------------------------------


def test_the_equilibrium_value_is_minus_log_four():
    # at the optimum D = 1/2 everywhere and V = -log 4 (the paper's Theorem 1)
    assert gan_losses.gan_value([0.5, 0.5], [0.5, 0.5, 0.5]) == pytest.approx(-math.log(4))


def test_the_discriminator_loss_is_binary_cross_entropy():
    d_real, d_fake = [0.9, 0.6], [0.2, 0.4, 0.7]
    bce = -(np.mean(np.log(d_real)) + np.mean(np.log(1 - np.array(d_fake))))
    assert gan_losses.gan_discriminator_loss(d_real, d_fake) == pytest.approx(bce)
    # a better discriminator has a lower loss
    assert gan_losses.gan_discriminator_loss([0.99], [0.01]) < gan_losses.gan_discriminator_loss([0.6], [0.4])


def test_both_generator_losses_fall_as_the_discriminator_is_fooled():
    for loss in (gan_losses.gan_saturating_generator_loss, gan_losses.gan_non_saturating_generator_loss):
        assert loss([0.9]) < loss([0.5]) < loss([0.1])


def _gradient_wrt_logit(loss, p, h=1e-6):
    # D = sigmoid(a); the gradient a generator receives flows through the logit a
    a = math.log(p / (1 - p))
    sig = lambda t: 1 / (1 + math.exp(-t))  # noqa: E731
    return (loss([sig(a + h)]) - loss([sig(a - h)])) / (2 * h)


def test_the_non_saturating_loss_keeps_its_gradient_when_the_discriminator_wins():
    p = 0.01  # the discriminator is sure the sample is fake, as early in training
    saturating = _gradient_wrt_logit(gan_losses.gan_saturating_generator_loss, p)
    non_saturating = _gradient_wrt_logit(gan_losses.gan_non_saturating_generator_loss, p)
    assert saturating == pytest.approx(-p, rel=1e-4)  # d/da log(1 - sigmoid(a)) = -D
    assert non_saturating == pytest.approx(-(1 - p), rel=1e-4)  # d/da -log sigmoid(a) = -(1 - D)
    assert abs(non_saturating) > 50 * abs(saturating)


def test_probabilities_outside_the_open_interval_are_refused():
    for bad in ([0.0], [1.0], [1.2], []):
        with pytest.raises(ValueError):
            gan_losses.gan_non_saturating_generator_loss(bad)

"""Tests of docs/implementations/volume_rendering.py and chamfer_distance.py: properties every correct
implementation of `volume-rendering` and `chamfer-distance` has (closed forms, limits, symmetry).
Their worked examples in resources.yaml are checked in test_implementations.py."""

import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import chamfer_distance as cd  # docs/ is on the test path (pyproject.toml)
from implementations import volume_rendering as vr

IDS = ("volume-rendering", "chamfer-distance")
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {
        "implementations/volume_rendering.py",
        "implementations/chamfer_distance.py",
    }


# --- volume rendering ---------------------------------------------------------------------------------


def test_constant_medium_matches_the_closed_form_for_any_number_of_samples():
    # constant density s and colour c over a segment of length L: C = c (1 - exp(-s L)), exactly,
    # because the quadrature is exact for piecewise-constant density and colour
    s, length, c = 0.8, 3.0, 0.7
    for n in (1, 2, 7, 64):
        value = vr.render([s] * n, [length / n] * n, [c] * n)
        assert value == pytest.approx(c * (1 - math.exp(-s * length)))


def test_quadrature_converges_to_the_integral_for_a_varying_density():
    # density sigma(t) = t on [0, 2] and colour c(t) = t: C = int_0^2 t * t * exp(-t^2 / 2) dt
    exact = math.sqrt(math.pi / 2) * math.erf(math.sqrt(2)) - 2 * math.exp(-2)
    errors = []
    for n in (8, 64, 512):
        mids = (np.arange(n) + 0.5) * 2 / n
        errors.append(abs(vr.render(list(mids), [2 / n] * n, list(mids)) - exact))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-4


def test_weights_are_alpha_compositing_and_sum_to_one_minus_final_transmittance():
    sigmas, deltas = [0.3, 1.5, 0.0, 4.0], [0.2, 0.5, 1.0, 0.25]
    w = vr.weights(sigmas, deltas)
    alpha = [1 - math.exp(-s * d) for s, d in zip(sigmas, deltas, strict=True)]
    transmittance, expected = 1.0, []
    for a in alpha:  # front-to-back "over" compositing
        expected.append(transmittance * a)
        transmittance *= 1 - a
    assert w == pytest.approx(expected)
    assert w.sum() == pytest.approx(1 - math.exp(-sum(s * d for s, d in zip(sigmas, deltas, strict=True))))
    assert w[2] == 0.0  # empty space contributes nothing


def test_an_opaque_first_sample_hides_everything_behind_it():
    rgb = vr.render([1e4, 5.0, 5.0], [1.0, 1.0, 1.0], [[0.2, 0.4, 0.6], [1, 0, 0], [0, 1, 0]])
    assert rgb == pytest.approx([0.2, 0.4, 0.6])


def test_empty_ray_renders_black_and_loss_is_the_target_energy():
    assert vr.render([0.0, 0.0], [1.0, 1.0], [[1, 1, 1], [1, 1, 1]]) == pytest.approx([0, 0, 0])
    assert vr.volume_rendering_loss([0.0], [1.0], [[1, 1, 1]], [0.1, 0.2, 0.3]) == pytest.approx(0.14)


def test_loss_is_zero_when_the_rendering_matches_and_grows_with_the_error():
    sigmas, deltas, colors = [0.5, 2.0], [0.5, 0.5], [[1, 0, 0], [0, 0, 1]]
    rendered = vr.render(sigmas, deltas, colors)
    assert vr.volume_rendering_loss(sigmas, deltas, colors, list(rendered)) == pytest.approx(0.0, abs=1e-15)
    near = vr.volume_rendering_loss(sigmas, deltas, colors, list(rendered + 0.01))
    far = vr.volume_rendering_loss(sigmas, deltas, colors, list(rendered + 0.1))
    assert 0 < near < far


def test_bad_rays_are_refused():
    with pytest.raises(ValueError):
        vr.render([1.0, -0.1], [1.0, 1.0], [0.5, 0.5])
    with pytest.raises(ValueError):
        vr.render([1.0], [0.0], [0.5])
    with pytest.raises(ValueError):
        vr.volume_rendering_loss([1.0], [1.0], [[1, 0, 0]], [1.0, 0.0])


# --- Chamfer distance ---------------------------------------------------------------------------------

A = [[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.5, 2.0, -1.0]]
B = [[0.1, 0.0, 0.0], [1.0, 0.3, 0.0], [0.0, 2.0, -1.0], [4.0, 4.0, 4.0]]


def test_identical_sets_have_zero_distance_and_order_does_not_matter():
    assert cd.chamfer_distance(A, A) == 0.0
    assert cd.chamfer_distance(A, A[::-1]) == 0.0
    assert cd.chamfer_distance(A, B) == pytest.approx(cd.chamfer_distance(A[::-1], B[::-1]))


def test_symmetric():
    assert cd.chamfer_distance(A, B) == pytest.approx(cd.chamfer_distance(B, A))
    assert cd.chamfer_distance(A, B, squared=False) == pytest.approx(cd.chamfer_distance(B, A, squared=False))


def test_matches_a_plain_double_loop():
    def one_way(p, q, squared):
        total = 0.0
        for x in p:
            best = min(sum((xi - yi) ** 2 for xi, yi in zip(x, y, strict=True)) for y in q)
            total += best if squared else math.sqrt(best)
        return total / len(p)

    for squared in (True, False):
        expected = one_way(A, B, squared) + one_way(B, A, squared)
        assert cd.chamfer_distance(A, B, squared=squared) == pytest.approx(expected)


def test_an_outlier_counts_only_in_one_direction():
    # the far point of B is nobody's nearest neighbour in A, but it pays its own distance B -> A
    without = cd.chamfer_distance(A, B[:3])
    with_outlier = cd.chamfer_distance(A, B)
    assert cd.nearest_distances(A, B).tolist() == pytest.approx(cd.nearest_distances(A, B[:3]).tolist())
    assert with_outlier > without


def test_single_points_give_the_distance_twice():
    assert cd.chamfer_distance([[0, 0]], [[3, 4]]) == pytest.approx(2 * 25)
    assert cd.chamfer_distance([[0, 0]], [[3, 4]], squared=False) == pytest.approx(2 * 5)


def test_dtu_overall_is_half_the_unsquared_chamfer_distance():
    accuracy = cd.nearest_distances(A, B, squared=False).mean()  # reconstruction -> ground truth
    completeness = cd.nearest_distances(B, A, squared=False).mean()  # ground truth -> reconstruction
    assert (accuracy + completeness) / 2 == pytest.approx(cd.chamfer_distance(A, B, squared=False) / 2)


def test_mismatched_dimensions_are_refused():
    with pytest.raises(ValueError):
        cd.chamfer_distance([[0, 0, 0]], [[0, 0]])
    with pytest.raises(ValueError):
        cd.chamfer_distance([], [[0, 0]])

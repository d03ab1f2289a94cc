"""Tests of docs/implementations/self_supervised.py: known properties of the self-supervised
formulas (InfoNCE / NT-Xent, SigLIP, DINO). Their worked examples in the catalogue, resources.yaml,
are checked in test_implementations.py.
"""

import math

import numpy as np
import pytest
import yaml
from conftest import ROOT
from implementations import classification_losses as cls  # docs/ is on the test path (pyproject.toml)
from implementations import self_supervised as ssl

IDS = ("info-nce", "siglip-loss", "dino-loss")
FORMULAS = {f["id"]: f for f in yaml.safe_load((ROOT / "resources.yaml").read_text(encoding="utf-8"))["formulas"]}


def test_its_formulas_are_still_in_the_catalogue():
    # their worked examples run in test_implementations.py::test_worked_example, with every formula's
    assert set(IDS) <= FORMULAS.keys()
    assert {FORMULAS[i]["implementation"]["file"] for i in IDS} == {"implementations/self_supervised.py"}


# --- InfoNCE / NT-Xent -------------------------------------------------------

A = [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]


def test_nt_xent_of_identical_embeddings_is_log_of_candidates():
    same = [[1.0, 2.0]] * 3
    # every similarity equals 1: each view picks its sibling among 2N - 1 = 5 equal candidates
    assert ssl.nt_xent(same, same, 0.3) == pytest.approx(math.log(5))


def test_nt_xent_rewards_aligned_views():
    aligned = ssl.nt_xent(A, A, 0.5)
    shuffled = ssl.nt_xent(A, [A[1], A[2], A[0]], 0.5)
    assert aligned < shuffled


def test_nt_xent_is_symmetric_in_the_views_and_blind_to_scale():
    b = [[0.9, 0.3], [0.2, 1.1], [-0.7, 0.4]]
    value = ssl.nt_xent(A, b, 0.2)
    assert ssl.nt_xent(b, A, 0.2) == pytest.approx(value)
    assert ssl.nt_xent(A, [[3 * x for x in v] for v in b], 0.2) == pytest.approx(value)


def test_nt_xent_row_is_a_softmax_cross_entropy():
    a, b, tau = [[1.0, 0.0], [0.6, 0.8]], [[0.8, 0.6], [0.0, 1.0]], 0.5
    z = np.array(a + b, dtype=float)
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    rows = []
    for i, positive in enumerate([2, 3, 0, 1]):
        others = [k for k in range(4) if k != i]
        logits = np.array([z[i] @ z[k] / tau for k in others])
        probs = np.exp(logits) / np.exp(logits).sum()
        rows.append(cls.cross_entropy(list(probs), others.index(positive)))
    assert ssl.nt_xent(a, b, tau) == pytest.approx(np.mean(rows))


def test_nt_xent_lower_temperature_sharpens_a_correct_ranking():
    b = [[0.9, 0.1], [0.1, 0.9], [-0.9, 0.1]]
    assert ssl.nt_xent(A, b, 0.1) < ssl.nt_xent(A, b, 1.0)


# --- SigLIP sigmoid loss -----------------------------------------------------

def test_sigmoid_loss_at_zero_logits_is_batch_size_times_log_2():
    x = [[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]
    # every pair has logit 0, so each of the B rows adds B terms of log 2
    assert ssl.sigmoid_loss(x, x, 0.0, 0.0) == pytest.approx(3 * math.log(2))


def test_sigmoid_loss_matches_explicit_sum():
    x, y, t, b = [[1.0, 2.0], [2.0, -1.0]], [[0.5, 1.0], [1.0, 1.0]], 5.0, -2.0
    xn = np.array(x) / np.linalg.norm(x, axis=1, keepdims=True)
    yn = np.array(y) / np.linalg.norm(y, axis=1, keepdims=True)
    total = 0.0
    for i in range(2):
        for j in range(2):
            label = 1.0 if i == j else -1.0
            total += -math.log(1.0 / (1.0 + math.exp(-label * (t * xn[i] @ yn[j] + b))))
    assert ssl.sigmoid_loss(x, y, t, b) == pytest.approx(total / 2)


def test_sigmoid_loss_falls_as_matching_pairs_get_closer():
    img = [[1.0, 0.0], [0.0, 1.0]]
    far = [[0.6, 0.8], [0.8, 0.6]]
    near = [[0.99, 0.14], [0.14, 0.99]]
    assert ssl.sigmoid_loss(img, near, 10.0, -5.0) < ssl.sigmoid_loss(img, far, 10.0, -5.0)


def test_sigmoid_loss_is_stable_for_large_logits():
    img = [[1.0, 0.0], [0.0, 1.0]]
    # logits are +5000 on the diagonal and -5000 off it: all pairs right, with exp() far out of range
    value = ssl.sigmoid_loss(img, img, 1e4, -5e3)
    assert math.isfinite(value) and value == pytest.approx(0.0, abs=1e-9)
    # and confidently wrong pairs cost their logit, not infinity
    assert ssl.sigmoid_loss(img, img[::-1], 1e4, -5e3) == pytest.approx(2 * 5e3)


# --- DINO self-distillation loss --------------------------------------------

def test_dino_loss_is_minimal_when_student_matches_teacher_target():
    teacher, center, tau_s, tau_t = [1.0, 0.6, 0.2], [0.4, 0.0, 0.2], 0.5, 0.25
    target_logits = (np.array(teacher) - np.array(center)) / tau_t
    p_t = np.exp(target_logits) / np.exp(target_logits).sum()
    matching_student = list(target_logits * tau_s)  # student softmax equals P_t
    entropy = float(-(p_t * np.log(p_t)).sum())
    assert ssl.dino_loss(matching_student, teacher, center, tau_s, tau_t) == pytest.approx(entropy)
    assert ssl.dino_loss([0.0, 1.0, 2.0], teacher, center, tau_s, tau_t) > entropy


def test_dino_uniform_center_changes_nothing():
    student, teacher = [1.0, 0.5, 0.0], [1.0, 0.6, 0.2]
    plain = ssl.dino_loss(student, teacher, [0.0, 0.0, 0.0], 0.1, 0.04)
    assert ssl.dino_loss(student, teacher, [0.7, 0.7, 0.7], 0.1, 0.04) == pytest.approx(plain)


def test_dino_centering_can_change_which_dimension_the_teacher_prefers():
    student, teacher = [2.0, 0.0, 0.0], [1.0, 0.6, 0.2]
    uncentred = ssl.dino_loss(student, teacher, [0.0, 0.0, 0.0], 0.1, 0.04)
    centred = ssl.dino_loss(student, teacher, [0.9, 0.0, 0.0], 0.1, 0.04)
    assert centred > uncentred  # after centring the teacher favours dimension 1, not the student's 0


def test_dino_sharper_teacher_gives_a_lower_entropy_target():
    teacher = [1.0, 0.6, 0.2]
    uniform_student = [0.0, 0.0, 0.0]  # loss = log K whatever the target, so compare with a peaked student
    assert ssl.dino_loss(uniform_student, teacher, [0.0] * 3, 0.1, 0.04) == pytest.approx(math.log(3))
    peaked_student = [1.0, 0.0, 0.0]
    assert ssl.dino_loss(peaked_student, teacher, [0.0] * 3, 0.1, 0.04) < ssl.dino_loss(
        peaked_student, teacher, [0.0] * 3, 0.1, 1.0)

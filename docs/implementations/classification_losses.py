"""Classification losses: cross-entropy, label smoothing, focal loss,
Quality Focal Loss (GFL) and Hinton et al.'s knowledge-distillation loss.

Each function takes one example and returns a Python float (natural logs).
"""

import numpy as np


def _softmax(z, temperature=1.0):
    z = np.asarray(z, dtype=float) / temperature
    e = np.exp(z - z.max())
    return e / e.sum()


def _distribution(probs):
    p = np.asarray(probs, dtype=float)
    if np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError("probs must be non-negative and sum to 1")
    return p


def cross_entropy(probs, target):
    """-log p_target for predicted class probabilities and an integer label."""
    p = _distribution(probs)
    return float(-np.log(p[int(target)]))


def label_smoothing_ce(probs, target, epsilon):
    """Cross-entropy against the smoothed target (1 - eps) * one_hot + eps / K."""
    p = _distribution(probs)
    k = len(p)
    q = np.full(k, epsilon / k)
    q[int(target)] += 1.0 - epsilon
    return float(-(q * np.log(p)).sum())


def focal_loss(p, y, alpha, gamma):
    """Binary alpha-balanced focal loss -alpha_t (1 - p_t)^gamma log(p_t).

    ``p`` is the predicted probability of the positive class and ``y`` is 1 or 0.
    """
    if y not in (0, 1):
        raise ValueError("y must be 0 or 1")
    p_t = p if y == 1 else 1.0 - p
    alpha_t = alpha if y == 1 else 1.0 - alpha
    return float(-alpha_t * (1.0 - p_t) ** gamma * np.log(p_t))


def quality_focal_loss(sigma, y, beta):
    """GFL's Quality Focal Loss: -|y - sigma|^beta * BCE(sigma, y), y in [0, 1]."""
    bce = -((1.0 - y) * np.log(1.0 - sigma) + y * np.log(sigma))
    return float(abs(y - sigma) ** beta * bce)


def kd_loss(student_logits, teacher_logits, target, temperature, soft_weight):
    """Hinton et al. distillation: weighted sum of a soft and a hard cross-entropy.

    soft term: cross-entropy between teacher and student softmaxes at temperature
    T, multiplied by T^2; hard term: ordinary cross-entropy with the true label
    at T = 1. ``soft_weight`` is the weight lambda of the soft term.
    """
    p_teacher = _softmax(teacher_logits, temperature)
    q_student = _softmax(student_logits, temperature)
    soft = -(p_teacher * np.log(q_student)).sum()
    hard = -np.log(_softmax(student_logits)[int(target)])
    return float(soft_weight * temperature ** 2 * soft + (1.0 - soft_weight) * hard)

"""Depth estimation: the scale-invariant log loss of Eigen et al. (2014) and the two standard metrics,
the absolute relative error (AbsRel) and the threshold accuracy delta < 1.25.

Depth maps are passed flattened, as plain lists of positive depths of the valid pixels only
(pixels without ground truth are removed before calling, as every benchmark does).
"""

import numpy as np


def _depths(pred, target):
    p = np.asarray(pred, dtype=float)
    t = np.asarray(target, dtype=float)
    if p.shape != t.shape or p.size == 0:
        raise ValueError("pred and target must be non-empty and of the same length")
    if np.any(p <= 0) or np.any(t <= 0):
        raise ValueError("depths must be positive")
    return p, t


def scale_invariant_log_loss(pred, target, lam=0.5):
    """(1/n) sum d_i^2 - (lam/n^2) (sum d_i)^2 with d_i = log pred_i - log target_i.

    lam = 1 gives Eigen et al.'s scale-invariant error (the variance of d); lam = 0 the squared log error.
    """
    p, t = _depths(pred, target)
    d = np.log(p) - np.log(t)
    n = d.size
    return float(np.sum(d ** 2) / n - lam * np.sum(d) ** 2 / n ** 2)


def abs_rel(pred, target):
    """Mean over pixels of |pred - target| / target."""
    p, t = _depths(pred, target)
    return float(np.mean(np.abs(p - t) / t))


def delta_accuracy(pred, target, threshold=1.25):
    """Share of pixels with max(pred/target, target/pred) < threshold (strictly)."""
    p, t = _depths(pred, target)
    ratio = np.maximum(p / t, t / p)
    return float(np.mean(ratio < threshold))

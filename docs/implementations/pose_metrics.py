"""Human pose metrics: COCO's object keypoint similarity (OKS), the share of OKS
thresholds a pose passes in keypoint AP, and MPII's head-normalised PCKh.

Keypoints are lists of (x, y) pairs in pixels; ``visible`` holds COCO's flags
(0 = not labelled, 1 = labelled but hidden, 2 = labelled and visible).
"""

import numpy as np

# COCO's per-keypoint constants sigma_i, in COCO's keypoint order: nose, eyes, ears,
# shoulders, elbows, wrists, hips, knees, ankles (left before right). From
# cocodataset/cocoapi PythonAPI/pycocotools/cocoeval.py (kpt_oks_sigmas).
COCO_SIGMAS = [0.026, 0.025, 0.025, 0.035, 0.035, 0.079, 0.079, 0.072, 0.072,
               0.062, 0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089]

# The ten OKS thresholds of COCO keypoint AP: 0.50, 0.55, ..., 0.95.
OKS_THRESHOLDS = [round(0.5 + 0.05 * i, 2) for i in range(10)]


def _points(points):
    p = np.asarray(points, dtype=float)
    if p.ndim != 2 or p.shape[1] != 2:
        raise ValueError("expected a list of (x, y) keypoints")
    return p


def oks(pred, gt, visible, area, sigmas=None):
    """Object keypoint similarity between one predicted and one ground-truth pose.

    Each labelled keypoint i scores exp(-d_i^2 / (2 s^2 k_i^2)) with k_i = 2 sigma_i
    and s^2 the ground-truth object's area; OKS is the mean over labelled keypoints
    (visible > 0), as cocoeval.computeOks does when the person has labelled keypoints.
    """
    p, g = _points(pred), _points(gt)
    v = np.asarray(visible)
    sig = np.asarray(COCO_SIGMAS if sigmas is None else sigmas, dtype=float)
    if not (len(p) == len(g) == len(v) == len(sig)):
        raise ValueError("pred, gt, visible and sigmas need one entry per keypoint")
    if area <= 0:
        raise ValueError("the object's area must be positive")
    labelled = v > 0
    if not labelled.any():
        raise ValueError("no labelled keypoint: COCO then compares with the box, not handled here")
    d2 = np.sum((p - g) ** 2, axis=1)
    k2 = (2.0 * sig) ** 2
    e = d2 / (2.0 * area * k2)
    return float(np.mean(np.exp(-e[labelled])))


def oks_thresholds_passed(pred, gt, visible, area, sigmas=None):
    """Fraction of COCO's ten OKS thresholds at which this pose counts as a true
    positive (OKS >= t), i.e. how many of the ten AP computations it helps."""
    value = oks(pred, gt, visible, area, sigmas)
    return float(np.mean([value >= t for t in OKS_THRESHOLDS]))


def pckh(pred, gt, visible, head_size, alpha=0.5):
    """MPII's PCKh@alpha for one person: the fraction of visible joints whose error
    is at most alpha times the head size (60% of the head box's diagonal)."""
    p, g = _points(pred), _points(gt)
    v = np.asarray(visible)
    if not (len(p) == len(g) == len(v)):
        raise ValueError("pred, gt and visible need one entry per joint")
    if head_size <= 0:
        raise ValueError("the head size must be positive")
    counted = v > 0
    if not counted.any():
        raise ValueError("no visible joint to score")
    error = np.linalg.norm(p - g, axis=1)
    return float(np.mean(error[counted] <= alpha * head_size))

"""Bounding-box regression losses: IoU (UnitBox), GIoU, DIoU, CIoU and the
Distribution Focal Loss of GFL, plus Fast R-CNN's smooth L1.

Boxes are given as ``[x1, y1, x2, y2]`` (top-left and bottom-right corners).
Every function works on a single example and returns a Python float.
"""

import numpy as np


def _box(b):
    b = np.asarray(b, dtype=float)
    if b.shape != (4,) or b[2] < b[0] or b[3] < b[1]:
        raise ValueError("a box is [x1, y1, x2, y2] with x2 >= x1 and y2 >= y1")
    return b


def _overlap(pred_box, gt_box):
    """Return (intersection, union, enclosing_box) of two boxes."""
    p, g = _box(pred_box), _box(gt_box)
    iw = max(0.0, min(p[2], g[2]) - max(p[0], g[0]))
    ih = max(0.0, min(p[3], g[3]) - max(p[1], g[1]))
    inter = iw * ih
    area_p = (p[2] - p[0]) * (p[3] - p[1])
    area_g = (g[2] - g[0]) * (g[3] - g[1])
    union = area_p + area_g - inter
    enclosing = np.array([min(p[0], g[0]), min(p[1], g[1]), max(p[2], g[2]), max(p[3], g[3])])
    return inter, union, enclosing


def iou(pred_box, gt_box):
    """Intersection over union of two boxes, in [0, 1]."""
    inter, union, _ = _overlap(pred_box, gt_box)
    return float(inter / union) if union > 0 else 0.0


def iou_loss(pred_box, gt_box):
    """UnitBox IoU loss: -ln(IoU). Infinite when the boxes do not overlap."""
    value = iou(pred_box, gt_box)
    return float(-np.log(value)) if value > 0 else float("inf")


def giou(pred_box, gt_box):
    """Generalized IoU: IoU - |C minus (A union B)| / |C|, in (-1, 1]."""
    inter, union, c = _overlap(pred_box, gt_box)
    area_c = (c[2] - c[0]) * (c[3] - c[1])
    return float(inter / union - (area_c - union) / area_c)


def giou_loss(pred_box, gt_box):
    """GIoU loss: 1 - GIoU, in [0, 2)."""
    return 1.0 - giou(pred_box, gt_box)


def _center_term(pred_box, gt_box):
    """rho^2(b, b_gt) / c^2: squared centre distance over squared enclosing diagonal."""
    p, g = _box(pred_box), _box(gt_box)
    _, _, c = _overlap(p, g)
    centre_p = np.array([(p[0] + p[2]) / 2, (p[1] + p[3]) / 2])
    centre_g = np.array([(g[0] + g[2]) / 2, (g[1] + g[3]) / 2])
    rho2 = float(np.sum((centre_p - centre_g) ** 2))
    c2 = float((c[2] - c[0]) ** 2 + (c[3] - c[1]) ** 2)
    return rho2 / c2


def diou_loss(pred_box, gt_box):
    """Distance-IoU loss: 1 - IoU + rho^2(b, b_gt) / c^2."""
    return 1.0 - iou(pred_box, gt_box) + _center_term(pred_box, gt_box)


def ciou_loss(pred_box, gt_box):
    """Complete-IoU loss: DIoU loss + alpha * v (aspect-ratio consistency)."""
    p, g = _box(pred_box), _box(gt_box)
    w, h = p[2] - p[0], p[3] - p[1]
    w_gt, h_gt = g[2] - g[0], g[3] - g[1]
    v = 4.0 / np.pi ** 2 * (np.arctan(w_gt / h_gt) - np.arctan(w / h)) ** 2
    value = iou(p, g)
    alpha = v / ((1.0 - value) + v) if v > 0 else 0.0
    return float(1.0 - value + _center_term(p, g) + alpha * v)


def distribution_focal_loss(probs, y):
    """GFL's Distribution Focal Loss for one box edge.

    ``probs`` is the predicted distribution S_0..S_n over the integer bins
    0..n (it must sum to 1); ``y`` is the continuous target distance, with
    0 <= y < n. Only the two bins around y get a target, weighted by closeness.
    """
    s = np.asarray(probs, dtype=float)
    if not np.isclose(s.sum(), 1.0):
        raise ValueError("probs must sum to 1")
    y_i = int(np.floor(y))
    if not 0 <= y_i < len(s) - 1:
        raise ValueError("y must lie in [0, n) for bins 0..n")
    y_next = y_i + 1
    return float(-((y_next - y) * np.log(s[y_i]) + (y - y_i) * np.log(s[y_next])))


def smooth_l1(pred_offsets, target_offsets):
    """Fast R-CNN box loss: sum over (x, y, w, h) of smooth_L1(t_i - v_i)."""
    d = np.abs(np.asarray(pred_offsets, dtype=float) - np.asarray(target_offsets, dtype=float))
    per_coord = np.where(d < 1.0, 0.5 * d ** 2, d - 0.5)
    return float(per_coord.sum())

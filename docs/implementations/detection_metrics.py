"""Detection and classification metrics: precision/recall/F1 at a threshold,
all-point interpolated average precision, and COCO-style mean AP.

Detections are assumed already matched to ground truth (``is_tp`` flags).
"""

import numpy as np


def f1_at_threshold(scores, labels, threshold):
    """Precision, recall and their harmonic mean F1 for scores >= threshold.

    Returns F1 (0 when there is no true positive).
    """
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    pred = s >= threshold
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    if tp == 0:
        return 0.0
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    return float(2 * precision * recall / (precision + recall))


def average_precision(scores, is_tp, num_gt):
    """All-point interpolated AP (PASCAL VOC 2010+ style) for one class.

    ``scores``: detection confidences; ``is_tp``: 1 if that detection matched an
    unmatched ground-truth box at the chosen IoU threshold, else 0;
    ``num_gt``: number of ground-truth objects of the class.
    """
    s = np.asarray(scores, dtype=float)
    tp = np.asarray(is_tp, dtype=float)
    order = np.argsort(-s, kind="stable")
    tp = tp[order]
    cum_tp = np.cumsum(tp)
    cum_fp = np.cumsum(1.0 - tp)
    recall = cum_tp / num_gt
    precision = cum_tp / (cum_tp + cum_fp)
    # add sentinels, then make precision monotonically non-increasing
    r = np.concatenate(([0.0], recall, [recall[-1] if len(recall) else 0.0]))
    p = np.concatenate(([1.0], precision, [0.0]))
    for i in range(len(p) - 2, -1, -1):
        p[i] = max(p[i], p[i + 1])
    steps = np.where(r[1:] != r[:-1])[0]
    return float(np.sum((r[steps + 1] - r[steps]) * p[steps + 1]))


def mean_average_precision(ap, iou_thresholds):
    """COCO-style AP: mean of per-class AP over classes and IoU thresholds.

    ``ap`` is a table with one row per class and one column per IoU threshold
    (COCO uses the 10 thresholds 0.50, 0.55, ..., 0.95).
    """
    table = np.asarray(ap, dtype=float)
    if table.ndim != 2 or table.shape[1] != len(iou_thresholds):
        raise ValueError("ap must have one row per class and one column per threshold")
    return float(table.mean())

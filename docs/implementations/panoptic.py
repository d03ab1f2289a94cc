"""Panoptic quality (PQ), the metric of the panoptic segmentation task (Kirillov et al.), for one class.

A predicted segment and a ground-truth segment of the same class match when their IoU is above 0.5;
at that threshold a segment can overlap at most one other segment that much (segments of one image do not
overlap), so the matching is unique without any optimisation. The dataset's PQ is the mean over classes
of this per-class value.
"""

import numpy as np


def panoptic_quality(tp_ious, fp, fn):
    """PQ = sum of matched IoUs / (TP + FP/2 + FN/2), equal to SQ * RQ.

    tp_ious: IoU of each matched (prediction, ground truth) pair, each above 0.5;
    fp: unmatched predicted segments; fn: unmatched ground-truth segments.
    """
    ious = np.asarray(tp_ious, dtype=float).reshape(-1)
    if np.any(ious <= 0.5) or np.any(ious > 1):
        raise ValueError("a matched pair has an IoU above 0.5 and at most 1")
    if fp < 0 or fn < 0 or fp != int(fp) or fn != int(fn):
        raise ValueError("fp and fn are counts of segments")
    denominator = len(ious) + 0.5 * fp + 0.5 * fn
    if denominator == 0:
        raise ValueError("PQ is undefined for a class with no predicted and no ground-truth segment")
    return float(ious.sum() / denominator)


def segmentation_quality(tp_ious):
    """SQ: mean IoU of the matched pairs."""
    ious = np.asarray(tp_ious, dtype=float).reshape(-1)
    return float(ious.mean()) if len(ious) else 0.0


def recognition_quality(tp, fp, fn):
    """RQ: the F1 score of the matching, TP / (TP + FP/2 + FN/2)."""
    return float(tp / (tp + 0.5 * fp + 0.5 * fn))

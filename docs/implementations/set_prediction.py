"""DETR's set-prediction loss: a one-to-one (Hungarian) matching between predictions and
ground-truth objects, then the Hungarian loss on the matched pairs.

Boxes are ``[x1, y1, x2, y2]``. Class probabilities are one row per prediction, with the
"no object" class in the LAST column. Every function works on one image and returns floats.

The optimal assignment is found by trying every injective assignment (exact, and fine for
the few objects of a worked example); real code calls a Hungarian solver such as
``scipy.optimize.linear_sum_assignment``, which finds the same minimum in polynomial time.
"""

import importlib.util
from itertools import permutations
from pathlib import Path

import numpy as np

_spec = importlib.util.spec_from_file_location("box_losses", Path(__file__).with_name("box_losses.py"))
_box = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_box)


def box_loss(gt_box, pred_box, lambda_l1=5.0, lambda_giou=2.0):
    """DETR's box loss: lambda_giou * (1 - GIoU) + lambda_l1 * L1 distance of the coordinates."""
    l1 = float(np.abs(np.asarray(gt_box, float) - np.asarray(pred_box, float)).sum())
    return lambda_giou * _box.giou_loss(pred_box, gt_box) + lambda_l1 * l1


def _check(pred_probs, pred_boxes, gt_labels, gt_boxes):
    probs = np.asarray(pred_probs, dtype=float)
    if probs.ndim != 2 or len(pred_boxes) != len(probs):
        raise ValueError("pred_probs is one row of class probabilities per predicted box")
    if len(gt_labels) != len(gt_boxes):
        raise ValueError("gt_labels and gt_boxes have one entry per object")
    if len(gt_labels) > len(probs):
        raise ValueError("there must be at least as many predictions as objects")
    if any(not 0 <= c < probs.shape[1] - 1 for c in gt_labels):
        raise ValueError("a ground-truth label is a real class, not the last ('no object') column")
    return probs


def matching_cost(pred_probs, pred_boxes, gt_labels, gt_boxes, lambda_l1=5.0, lambda_giou=2.0):
    """The cost matrix C[i, j] of giving object i to prediction j: -p_j(c_i) + L_box(b_i, b_j)."""
    probs = _check(pred_probs, pred_boxes, gt_labels, gt_boxes)
    cost = np.empty((len(gt_labels), len(probs)))
    for i, (label, gt) in enumerate(zip(gt_labels, gt_boxes, strict=True)):
        for j, pred in enumerate(pred_boxes):
            cost[i, j] = -probs[j, label] + box_loss(gt, pred, lambda_l1, lambda_giou)
    return cost


def hungarian_match(pred_probs, pred_boxes, gt_labels, gt_boxes, lambda_l1=5.0, lambda_giou=2.0):
    """The assignment sigma (object i -> prediction sigma[i]) of lowest total matching cost."""
    cost = matching_cost(pred_probs, pred_boxes, gt_labels, gt_boxes, lambda_l1, lambda_giou)
    rows = range(cost.shape[0])
    best = min(permutations(range(cost.shape[1]), cost.shape[0]), key=lambda s: cost[list(rows), list(s)].sum())
    return list(best)


def hungarian_loss(pred_probs, pred_boxes, gt_labels, gt_boxes, lambda_l1=5.0, lambda_giou=2.0):
    """DETR's Hungarian loss for one image, after the optimal matching.

    Every prediction pays -log of the probability of its target class: the matched object's
    class, or "no object" for an unmatched prediction. Matched predictions also pay the box loss.
    (DETR also down-weights the "no object" log term by 10 and averages over the objects of the
    batch; this reference keeps the plain sum of the paper's equation.)
    """
    probs = _check(pred_probs, pred_boxes, gt_labels, gt_boxes)
    sigma = hungarian_match(pred_probs, pred_boxes, gt_labels, gt_boxes, lambda_l1, lambda_giou)
    target = np.full(len(probs), probs.shape[1] - 1)
    total = 0.0
    for i, j in enumerate(sigma):
        target[j] = gt_labels[i]
        total += box_loss(gt_boxes[i], pred_boxes[j], lambda_l1, lambda_giou)
    total += float(-np.log(probs[np.arange(len(probs)), target]).sum())
    return float(total)

"""Segmentation measures: the soft Dice loss (V-Net form) and mean IoU.

Masks and label maps are passed flattened, as plain lists.
"""

import numpy as np


def dice_loss(pred, target):
    """1 - 2 sum(p g) / (sum p^2 + sum g^2) for soft predictions p and a binary mask g."""
    p = np.asarray(pred, dtype=float)
    g = np.asarray(target, dtype=float)
    denom = np.sum(p ** 2) + np.sum(g ** 2)
    if denom == 0:
        return 0.0
    return float(1.0 - 2.0 * np.sum(p * g) / denom)


def mean_iou(pred, target, num_classes):
    """Mean over classes of TP / (TP + FP + FN), from per-pixel class labels.

    Classes absent from both prediction and ground truth are skipped.
    """
    p = np.asarray(pred, dtype=int)
    t = np.asarray(target, dtype=int)
    confusion = np.bincount(num_classes * t + p, minlength=num_classes ** 2)
    confusion = confusion.reshape(num_classes, num_classes)  # rows: truth, cols: prediction
    tp = np.diag(confusion).astype(float)
    fp = confusion.sum(axis=0) - tp
    fn = confusion.sum(axis=1) - tp
    union = tp + fp + fn
    present = union > 0
    return float(np.mean(tp[present] / union[present]))

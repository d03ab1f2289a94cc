"""Training with mixed examples (mixup, CutMix): the cross-entropy against a mixed label.

The function takes plain lists and numbers and returns a Python float (natural logs), like the other
references in this folder.
"""

import numpy as np


def mixup_loss(probs, label_a, label_b, lam):
    """Cross-entropy of predicted class probabilities against lam * one_hot(a) + (1 - lam) * one_hot(b).

    probs:   the predicted probabilities of the K classes for one mixed example (non-negative, summing to 1).
    label_a: the class index of the first example; label_b: that of the second.
    lam:     the mixing weight in [0, 1] (mixup: the pixel weight; CutMix: the share of the image from a).
    """
    p = np.asarray(probs, dtype=float)
    if p.ndim != 1 or np.any(p < 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError("probs must be a list of non-negative class probabilities that sum to 1")
    if not 0.0 <= lam <= 1.0:
        raise ValueError("lam must lie in [0, 1]")
    target = np.zeros_like(p)
    target[int(label_a)] += lam
    target[int(label_b)] += 1.0 - lam
    used = target > 0  # classes with no target weight add nothing, even where p is 0
    return float(-(target[used] * np.log(p[used])).sum())

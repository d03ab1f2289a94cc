"""Multi-object tracking metrics MOTA, IDF1 and HOTA at one threshold.

These take counts that a matcher has already produced (per-frame FN/FP/IDSW for
MOTA, identity-level IDTP/IDFP/IDFN for IDF1, and TP/FN/FP plus per-TP
association scores for HOTA_alpha); the matching itself is not done here.
"""

import numpy as np


def mota(fn, fp, idsw, gt):
    """1 - sum_t (FN_t + FP_t + IDSW_t) / sum_t GT_t, from per-frame counts."""
    fn, fp, idsw, gt = (np.asarray(a, dtype=float) for a in (fn, fp, idsw, gt))
    total_gt = gt.sum()
    if total_gt == 0:
        raise ValueError("MOTA is undefined without ground-truth objects")
    return float(1.0 - (fn.sum() + fp.sum() + idsw.sum()) / total_gt)


def idf1(idtp, idfp, idfn):
    """2 IDTP / (2 IDTP + IDFP + IDFN), from identity-matched counts."""
    denom = 2 * idtp + idfp + idfn
    return float(2 * idtp / denom) if denom > 0 else 0.0


def hota_alpha(tp, fn, fp, assoc_scores):
    """HOTA at one localisation threshold alpha.

    ``assoc_scores`` holds A(c) = |TPA| / (|TPA| + |FNA| + |FPA|) for each of
    the ``tp`` true positives c. Returns sqrt(sum_c A(c) / (|TP| + |FN| + |FP|)).
    """
    a = np.asarray(assoc_scores, dtype=float)
    if len(a) != tp:
        raise ValueError("give one association score per true positive")
    denom = tp + fn + fp
    return float(np.sqrt(a.sum() / denom)) if denom > 0 else 0.0

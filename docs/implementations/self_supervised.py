"""Self-supervised and image-text losses: InfoNCE / NT-Xent (SimCLR), SigLIP's
pairwise sigmoid loss and DINO's self-distillation loss.

Each function takes one small batch (or one pair of views) and returns a Python
float (natural logs). Embeddings are lists of vectors, one row per example.
"""

import numpy as np


def _rows(vectors):
    x = np.asarray(vectors, dtype=float)
    if x.ndim != 2:
        raise ValueError("expected a list of vectors")
    return x


def _l2_normalise(x):
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _log_softmax(z):
    z = np.asarray(z, dtype=float)
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def nt_xent(view_a, view_b, temperature):
    """SimCLR's NT-Xent (InfoNCE over a batch) for N images seen twice.

    ``view_a[k]`` and ``view_b[k]`` are the projections of the two views of
    image k. Every one of the 2N views must pick its sibling among the other
    2N - 1 views by cosine similarity / temperature; the loss is the mean of
    the 2N cross-entropies.
    """
    a, b = _rows(view_a), _rows(view_b)
    if a.shape != b.shape:
        raise ValueError("both views need the same shape")
    n = len(a)
    z = _l2_normalise(np.concatenate([a, b]))  # rows 0..n-1: view a, n..2n-1: view b
    logits = z @ z.T / temperature
    np.fill_diagonal(logits, -np.inf)  # a view is never its own candidate
    sibling = np.concatenate([np.arange(n, 2 * n), np.arange(n)])
    log_probs = _log_softmax(logits)
    return float(-log_probs[np.arange(2 * n), sibling].mean())


def sigmoid_loss(image_embeddings, text_embeddings, temperature, bias):
    """SigLIP's pairwise sigmoid loss for a batch of matching image-text pairs.

    Pair (i, j) has logit t * <x_i, y_j> + b on L2-normalised embeddings and label
    +1 if i == j, -1 otherwise; the loss is -sum_ij log sigmoid(label * logit),
    divided by the batch size.
    """
    x = _l2_normalise(_rows(image_embeddings))
    y = _l2_normalise(_rows(text_embeddings))
    if x.shape != y.shape:
        raise ValueError("one text per image")
    logits = temperature * (x @ y.T) + bias
    labels = 2.0 * np.eye(len(x)) - 1.0
    # -log sigmoid(u) = log(1 + exp(-u)), computed stably
    return float(np.logaddexp(0.0, -labels * logits).sum() / len(x))


def dino_loss(student_output, teacher_output, center, student_temperature, teacher_temperature):
    """DINO's loss for one (teacher view, student view) pair.

    The teacher's output is centred and sharpened, P_t = softmax((g_t - c) / tau_t),
    the student's is P_s = softmax(g_s / tau_s); the loss is the cross-entropy
    H(P_t, P_s) = -sum_k P_t[k] log P_s[k]. No gradient flows to the teacher.
    """
    g_s = np.asarray(student_output, dtype=float)
    g_t = np.asarray(teacher_output, dtype=float)
    c = np.asarray(center, dtype=float)
    if not g_s.shape == g_t.shape == c.shape:
        raise ValueError("student, teacher and center need the same length")
    p_t = np.exp(_log_softmax((g_t - c) / teacher_temperature))
    log_p_s = _log_softmax(g_s / student_temperature)
    return float(-(p_t * log_p_s).sum())

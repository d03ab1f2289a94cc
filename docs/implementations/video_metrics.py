"""Video recognition metrics: top-1 accuracy with multi-view (clips x crops) test-time averaging.

The function takes plain lists and returns a Python float, like the other references in this folder.
"""

import numpy as np


def multi_view_top1(scores, views, labels):
    """Top-1 accuracy in % over videos whose prediction averages the class scores of their views.

    scores: one row of C class scores per view, the K = `views` rows of each video next to each other
            (video 1's views, then video 2's, ...); softmax probabilities or logits, as the paper averages them.
    views:  K, the number of views per video (temporal clips x spatial crops).
    labels: the true class index of each video.
    Ties go to the lowest class index (numpy's argmax).
    """
    s = np.asarray(scores, dtype=float)
    k = int(views)
    y = np.asarray(labels, dtype=int)
    if s.ndim != 2 or s.shape[0] == 0:
        raise ValueError("scores must be a non-empty list of rows, one row of class scores per view")
    if k < 1 or s.shape[0] % k:
        raise ValueError(f"the {s.shape[0]} rows of scores do not split into videos of {k} views")
    n_videos = s.shape[0] // k
    if y.shape != (n_videos,):
        raise ValueError(f"expected {n_videos} labels, one per video, got {y.size}")
    if np.any((y < 0) | (y >= s.shape[1])):
        raise ValueError("every label must be a class index of the score rows")
    video_scores = s.reshape(n_videos, k, s.shape[1]).mean(axis=1)
    predictions = video_scores.argmax(axis=1)
    return float(100.0 * np.mean(predictions == y))

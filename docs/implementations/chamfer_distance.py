"""The Chamfer distance between two point sets (for example a predicted and a ground-truth point cloud).

For each point of one set, take the distance to its nearest neighbour in the other set; average over the
set; do it in both directions and add the two averages. With squared=True (the default) the distances are
squared, as in most point-cloud losses; with squared=False they are plain Euclidean distances, and half of
the result is the "overall" score of the DTU multi-view stereo benchmark (the mean of its accuracy and
completeness).
"""

import numpy as np


def _points(points):
    p = np.asarray(points, dtype=float)
    if p.ndim != 2 or p.shape[0] == 0:
        raise ValueError("expected a non-empty list of points (one coordinate list per point)")
    return p


def nearest_distances(points_from, points_to, squared=True):
    """For each point of points_from, the (squared) distance to its nearest point in points_to."""
    a, b = _points(points_from), _points(points_to)
    if a.shape[1] != b.shape[1]:
        raise ValueError("both sets need points of the same dimension")
    d2 = ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1)  # brute force: |A| x |B| distances
    nearest = d2.min(axis=1)
    return nearest if squared else np.sqrt(nearest)


def chamfer_distance(points_a, points_b, squared=True):
    """mean_a min_b d(a, b) + mean_b min_a d(a, b), with d the squared (default) or plain distance."""
    return float(nearest_distances(points_a, points_b, squared).mean() + nearest_distances(points_b, points_a, squared).mean())

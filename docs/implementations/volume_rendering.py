"""NeRF's volume rendering along one ray, in its discrete (quadrature) form, and the photometric loss.

A ray is cut into N intervals. Interval i has a density sigma_i >= 0, a length delta_i > 0 and a colour
c_i (a list of channel values, or one number for a grey value). The interval is opaque with probability
alpha_i = 1 - exp(-sigma_i * delta_i); the light that reaches it is the transmittance
T_i = prod_{j < i} (1 - alpha_j) = exp(-sum_{j < i} sigma_j * delta_j); its weight is w_i = T_i * alpha_i,
and the rendered colour is sum_i w_i * c_i (no background: whatever passes every interval adds nothing).
"""

import numpy as np


def _ray(sigmas, deltas, colors):
    sigma = np.asarray(sigmas, dtype=float)
    delta = np.asarray(deltas, dtype=float)
    color = np.asarray(colors, dtype=float)
    if sigma.ndim != 1 or sigma.shape != delta.shape or sigma.size == 0:
        raise ValueError("sigmas and deltas must be non-empty lists of the same length")
    if color.shape[0] != sigma.size:
        raise ValueError("one colour per sample")
    if np.any(sigma < 0) or np.any(delta <= 0):
        raise ValueError("densities must be >= 0 and interval lengths > 0")
    return sigma, delta, color


def weights(sigmas, deltas):
    """The weights w_i = T_i * alpha_i of the samples along one ray (a NumPy array)."""
    sigma, delta, _ = _ray(sigmas, deltas, sigmas)
    optical_depth = sigma * delta
    alpha = 1.0 - np.exp(-optical_depth)
    # T_i = exp(-sum_{j<i} sigma_j delta_j): an exclusive cumulative sum, stable for large densities
    transmittance = np.exp(-np.concatenate([[0.0], np.cumsum(optical_depth)[:-1]]))
    return transmittance * alpha


def render(sigmas, deltas, colors):
    """The rendered colour sum_i T_i alpha_i c_i of one ray (a NumPy array, or a float for grey values)."""
    _, _, color = _ray(sigmas, deltas, colors)
    rendered = np.tensordot(weights(sigmas, deltas), color, axes=1)
    return float(rendered) if np.ndim(rendered) == 0 else rendered


def volume_rendering_loss(sigmas, deltas, colors, target):
    """The photometric loss of one ray: the squared error ||C_hat - C||^2 summed over the colour channels.

    NeRF sums this over a batch of rays (for its coarse and its fine network); implementations usually
    average it instead (a mean squared error), which only rescales the loss.
    """
    rendered = np.asarray(render(sigmas, deltas, colors), dtype=float)
    goal = np.asarray(target, dtype=float)
    if rendered.shape != goal.shape:
        raise ValueError("the target needs one value per colour channel")
    return float(np.sum((rendered - goal) ** 2))

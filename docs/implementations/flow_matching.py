"""Conditional flow matching with the optimal-transport path (Lipman et al., Eqs. 20-23).

Time runs from noise (t = 0) to data (t = 1): ``x0`` is a noise sample, ``x1`` a data sample.
"""

import numpy as np


def ot_path(x0, x1, t, sigma_min):
    """psi_t(x0) = (1 - (1 - sigma_min) t) x0 + t x1, the point the network sees at time t."""
    x0 = np.asarray(x0, dtype=float)
    x1 = np.asarray(x1, dtype=float)
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"t must lie in [0, 1], got {t}")
    return (1.0 - (1.0 - sigma_min) * t) * x0 + t * x1


def ot_target_velocity(x0, x1, sigma_min):
    """d/dt psi_t(x0) = x1 - (1 - sigma_min) x0: the regression target, the same at every t."""
    return np.asarray(x1, dtype=float) - (1.0 - sigma_min) * np.asarray(x0, dtype=float)


def flow_matching_loss(x0, x1, predicted_velocity, sigma_min):
    """|| v_t(psi_t(x0)) - (x1 - (1 - sigma_min) x0) ||^2 for one noise-data pair and one time.

    ``predicted_velocity`` is the network's output at the point ``ot_path(x0, x1, t, sigma_min)``
    and time ``t``; the target does not depend on ``t``, so ``t`` reaches the loss only through it.
    """
    v = np.asarray(predicted_velocity, dtype=float)
    target = ot_target_velocity(x0, x1, sigma_min)
    if v.shape != target.shape:
        raise ValueError(f"predicted_velocity must have the shape of x0 and x1, got {v.shape} and {target.shape}")
    return float(np.sum((v - target) ** 2))

"""One deterministic DDIM step (Song et al., Eq. 12 with sigma_t = 0, i.e. eta = 0).

``alpha_bar_t`` and ``alpha_bar_prev`` are DDPM's cumulative products (the DDIM paper calls them
alpha_t and alpha_{t-1}); ``alpha_bar_prev`` belongs to the next, less noisy, step of the sampling
schedule, which may skip many training steps. Works value by value: a single value gives a float.
"""

import numpy as np


def predicted_x0(x_t, eps, alpha_bar_t):
    """(x_t - sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_bar_t), the clean image the noise estimate implies."""
    x_t = np.asarray(x_t, dtype=float)
    return (x_t - np.sqrt(1.0 - alpha_bar_t) * np.asarray(eps, dtype=float)) / np.sqrt(alpha_bar_t)


def ddim_step(x_t, eps, alpha_bar_t, alpha_bar_prev):
    """x_prev = sqrt(alpha_bar_prev) x0_hat + sqrt(1 - alpha_bar_prev) eps, with no fresh noise."""
    if not 0.0 < alpha_bar_t <= alpha_bar_prev <= 1.0:
        raise ValueError("need 0 < alpha_bar_t <= alpha_bar_prev <= 1 (a step towards less noise)")
    x0_hat = predicted_x0(x_t, eps, alpha_bar_t)
    x_prev = np.sqrt(alpha_bar_prev) * x0_hat + np.sqrt(1.0 - alpha_bar_prev) * np.asarray(eps, dtype=float)
    return float(x_prev) if x_prev.ndim == 0 else x_prev

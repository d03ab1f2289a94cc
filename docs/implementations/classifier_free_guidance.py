"""Classifier-free guidance (Ho and Salimans): the guided noise estimate a sampler uses at each step.

The combination acts value by value, so the function takes one value or an array of them (a noise
map). A single value gives a float, an array gives an array of the same shape.
"""

import numpy as np


def classifier_free_guidance(eps_cond, eps_uncond, w):
    """(1 + w) * eps(z, c) - w * eps(z), the paper's form (Algorithm 2).

    ``w = 0`` is plain conditional sampling; ``w > 0`` pushes the estimate away from the
    unconditional one. Libraries often write ``eps_uncond + s * (eps_cond - eps_uncond)``
    instead: it is the same estimate with ``s = 1 + w``.
    """
    c = np.asarray(eps_cond, dtype=float)
    u = np.asarray(eps_uncond, dtype=float)
    if c.shape != u.shape:
        raise ValueError(f"eps_cond and eps_uncond must have the same shape, got {c.shape} and {u.shape}")
    guided = (1.0 + w) * c - w * u
    return float(guided) if guided.ndim == 0 else guided

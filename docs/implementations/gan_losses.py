"""The GAN objectives of Goodfellow et al. (2014), written on the discriminator's outputs.

``d_real`` holds D(x) for a minibatch of real images and ``d_fake`` holds D(G(z)) for a
minibatch of generated ones: probabilities strictly between 0 and 1. Expectations are
minibatch means. Natural logarithms throughout.
"""

import numpy as np


def _probabilities(values):
    p = np.asarray(values, dtype=float)
    if p.size == 0 or np.any(p <= 0.0) or np.any(p >= 1.0):
        raise ValueError("discriminator outputs must lie strictly between 0 and 1")
    return p


def gan_value(d_real, d_fake):
    """V(D, G) = E[log D(x)] + E[log(1 - D(G(z)))]: D maximises it, G minimises it."""
    return float(np.mean(np.log(_probabilities(d_real))) + np.mean(np.log(1.0 - _probabilities(d_fake))))


def gan_discriminator_loss(d_real, d_fake):
    """-V(D, G): the binary cross-entropy the discriminator minimises (real = 1, fake = 0)."""
    return -gan_value(d_real, d_fake)


def gan_saturating_generator_loss(d_fake):
    """E[log(1 - D(G(z)))], the generator's part of V in the minimax game (minimised)."""
    return float(np.mean(np.log(1.0 - _probabilities(d_fake))))


def gan_non_saturating_generator_loss(d_fake):
    """-E[log D(G(z))], the loss generators minimise in practice."""
    return float(-np.mean(np.log(_probabilities(d_fake))))

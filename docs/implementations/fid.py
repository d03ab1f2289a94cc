"""Fréchet Inception Distance (FID) between two Gaussians fitted to image features.

FID compares the mean and covariance of Inception-v3 features of real images with
those of generated images. The matrix square root is taken the scipy-free way:
Tr((S_r S_g)^{1/2}) equals the sum of the square roots of the eigenvalues of the
symmetric matrix S_r^{1/2} S_g S_r^{1/2}, which ``numpy.linalg.eigh`` handles stably.
"""

import numpy as np


def _sqrt_psd(matrix):
    """Square root of a symmetric positive semi-definite matrix."""
    values, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_distance(mu_real, sigma_real, mu_gen, sigma_gen):
    """||mu_r - mu_g||^2 + Tr(S_r + S_g - 2 (S_r S_g)^{1/2}) for two Gaussians."""
    mu_r = np.asarray(mu_real, dtype=float)
    mu_g = np.asarray(mu_gen, dtype=float)
    s_r = np.atleast_2d(np.asarray(sigma_real, dtype=float))
    s_g = np.atleast_2d(np.asarray(sigma_gen, dtype=float))
    if mu_r.shape != mu_g.shape or s_r.shape != s_g.shape or s_r.shape != (mu_r.size, mu_r.size):
        raise ValueError("means of size d and covariances of shape (d, d) expected")
    root_r = _sqrt_psd(s_r)
    middle = root_r @ s_g @ root_r
    middle = (middle + middle.T) / 2  # symmetric up to rounding
    trace_sqrt = np.sum(np.sqrt(np.clip(np.linalg.eigvalsh(middle), 0.0, None)))
    return float(np.sum((mu_r - mu_g) ** 2) + np.trace(s_r) + np.trace(s_g) - 2.0 * trace_sqrt)


def fid_from_features(real_features, gen_features):
    """FID from two sets of feature vectors, one row per image (2048-d pool features in practice)."""
    real = np.asarray(real_features, dtype=float)
    gen = np.asarray(gen_features, dtype=float)
    return frechet_distance(real.mean(axis=0), np.cov(real, rowvar=False), gen.mean(axis=0), np.cov(gen, rowvar=False))

"""Training objectives of generative models: DDPM's simplified loss and the
VAE evidence lower bound (Gaussian encoder, Bernoulli decoder).

Each function takes one example (one noise sample or one data point).
"""

import numpy as np


def ddpm_simple_loss(noise, predicted_noise):
    """|| eps - eps_theta(x_t, t) ||^2 for one sample and one timestep."""
    e = np.asarray(noise, dtype=float)
    e_hat = np.asarray(predicted_noise, dtype=float)
    return float(np.sum((e - e_hat) ** 2))


def vae_elbo(x, x_hat, mu, log_var):
    """Single-sample ELBO: -KL(q(z|x) || N(0, I)) + log p(x|z).

    ``mu`` and ``log_var`` (= log sigma^2) describe the Gaussian encoder output;
    ``x`` is a binary data vector and ``x_hat`` the Bernoulli means the decoder
    produced from one sample z. Returns the bound (higher is better).
    """
    mu = np.asarray(mu, dtype=float)
    log_var = np.asarray(log_var, dtype=float)
    x = np.asarray(x, dtype=float)
    x_hat = np.asarray(x_hat, dtype=float)
    neg_kl = 0.5 * np.sum(1.0 + log_var - mu ** 2 - np.exp(log_var))
    log_lik = np.sum(x * np.log(x_hat) + (1.0 - x) * np.log(1.0 - x_hat))
    return float(neg_kl + log_lik)

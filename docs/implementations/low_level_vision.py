"""Low-level vision: the endpoint error (EPE) and Fl-all of optical flow, and the PSNR and SSIM of
image restoration.

Flow fields are passed as lists of (u, v) vectors in pixels, one per valid pixel (pixels without
ground truth are removed before calling, as the benchmarks do). Images are passed as nested lists
or arrays of intensities; PSNR and SSIM need the range of the intensities (255 for 8-bit images).
"""

import numpy as np


def _flows(pred, target):
    p = np.asarray(pred, dtype=float)
    t = np.asarray(target, dtype=float)
    if p.shape != t.shape or p.ndim != 2 or p.shape[1] != 2 or p.shape[0] == 0:
        raise ValueError("pred and target must be non-empty lists of (u, v) vectors of the same length")
    return p, t


def endpoint_error(pred, target):
    """Mean over pixels of the Euclidean distance between predicted and true flow vectors (pixels)."""
    p, t = _flows(pred, target)
    return float(np.mean(np.linalg.norm(p - t, axis=1)))


def fl_all(pred, target, abs_px=3.0, rel=0.05):
    """KITTI 2015 Fl-all: percentage of pixels whose endpoint error exceeds both 3 px and 5% of the
    length of the true flow vector."""
    p, t = _flows(pred, target)
    err = np.linalg.norm(p - t, axis=1)
    outlier = (err > abs_px) & (err > rel * np.linalg.norm(t, axis=1))
    return float(100.0 * np.mean(outlier))


def _images(pred, target):
    p = np.asarray(pred, dtype=float)
    t = np.asarray(target, dtype=float)
    if p.shape != t.shape or p.size == 0:
        raise ValueError("pred and target must be non-empty and of the same shape")
    return p, t


def psnr(pred, target, data_range=255.0):
    """Peak signal-to-noise ratio in dB: 10 log10(data_range^2 / MSE); infinite for identical images."""
    p, t = _images(pred, target)
    mse = np.mean((p - t) ** 2)
    if mse == 0:
        return float("inf")
    return float(10.0 * np.log10(data_range ** 2 / mse))


def _ssim_stats(x, y, c1, c2):
    mx, my = x.mean(), y.mean()
    vx, vy = x.var(), y.var()
    cov = np.mean((x - mx) * (y - my))
    return ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx ** 2 + my ** 2 + c1) * (vx + vy + c2))


def ssim(pred, target, data_range=255.0, win_size=None, k1=0.01, k2=0.03):
    """Structural similarity of two grey-level images.

    With win_size=None the statistics are taken over the whole input (one window: what the worked
    example computes by hand). With an odd win_size the SSIM of every win_size x win_size window
    (uniform weights, population statistics) is averaged, which is how the index is used on images;
    benchmark code usually weights an 11x11 window with a Gaussian of sigma 1.5 instead.
    """
    p, t = _images(pred, target)
    c1, c2 = (k1 * data_range) ** 2, (k2 * data_range) ** 2
    if win_size is None:
        return float(_ssim_stats(p, t, c1, c2))
    if p.ndim != 2 or win_size % 2 == 0 or win_size > min(p.shape):
        raise ValueError("win_size must be odd and fit inside a 2-D image")
    h, w = p.shape
    values = [
        _ssim_stats(p[i:i + win_size, j:j + win_size], t[i:i + win_size, j:j + win_size], c1, c2)
        for i in range(h - win_size + 1)
        for j in range(w - win_size + 1)
    ]
    return float(np.mean(values))

"""Validation figures printed per epoch: presence accuracy and median corner
errors as % of the vertebra's x / y extent (the spec's normalised error)."""
import numpy as np
import torch


def normalised_errors(pred: np.ndarray, truth: np.ndarray, weight: np.ndarray) -> tuple:
    """pred/truth [..., 4, 2] pixels, weight [..., 4] (> 0.5 counts). Returns (x errors %, y errors %) 1-D arrays."""
    t = np.where(weight[..., None] > 0.5, truth, np.nan)
    ext = np.nanmax(t, axis=-2) - np.nanmin(t, axis=-2)   # [..., 2]
    ext = np.maximum(ext, 1e-6)
    err = np.abs(pred - truth) / ext[..., None, :] * 100
    m = weight > 0.5
    return err[..., 0][m], err[..., 1][m]


def summary(ex: np.ndarray, ey: np.ndarray) -> str:
    if len(ex) == 0:
        return 'no corners'
    return f'median err x {np.median(ex):.2f}% y {np.median(ey):.2f}%'


def presence_accuracy(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> tuple:
    """(share of correct present/absent decisions at 0.5, false positives per image)."""
    ok = ((pred >= 0.5).float() == target).float() * mask
    fp = ((pred >= 0.5).float() * (1 - target) * mask).sum(1)
    return float(ok.sum() / mask.sum().clamp_min(1)), float(fp.mean())

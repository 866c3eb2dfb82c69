"""Geometric augmentation for both steps: rotation, scale, shift, horizontal
flip, elastic warp and random caudal/cranial cuts, applied to the image and
its corners together.

Flips and rotations never relabel corners: SA/SP/IP/IA are anatomical (spec),
a mirrored image shows the same anterior corner, only mirrored in x. So a flip
maps each point's x to (W − 1 − x) and keeps its index.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from . import LABELS
from .geometry import apply_points, compose, invert, make_grid, scale_matrix

L3, L4, L5, S1 = (LABELS.index(x) for x in ('L3', 'L4', 'L5', 'S1'))


def random_affine(rng: np.random.Generator, size: int, rot_deg: float, scale: tuple, shift: float,
                  flip: bool, aspect_sd: float = 0.05) -> np.ndarray:
    """Output->output-frame matrix: rotate/scale/shift (fractions of size)/aspect about the centre, optionally mirror x."""
    a = math.radians(rng.uniform(-rot_deg, rot_deg))
    s = math.exp(rng.uniform(math.log(scale[0]), math.log(scale[1])))
    asp = math.exp(rng.normal(0, aspect_sd)) if aspect_sd > 0 else 1.0
    c = (size - 1) / 2
    sx, sy = s * asp, s / asp
    r = np.array([[math.cos(a) / sx, -math.sin(a) / sx], [math.sin(a) / sy, math.cos(a) / sy]])
    t = rng.uniform(-shift, shift, 2) * size
    m = np.zeros((2, 3))
    m[:, :2] = r
    m[:, 2] = np.array([c, c]) - r @ (np.array([c, c]) + t)
    if flip:
        m = compose(m, np.array([[-1.0, 0, size - 1], [0, 1, 0]]))
    return m


def elastic_offsets(rng: np.random.Generator, size: int, amp_px: float, cells: int = 5) -> torch.Tensor:
    """Smooth random displacement [1, size, size, 2] in output pixels."""
    g = torch.from_numpy(rng.normal(0, amp_px, (1, 2, cells, cells)).astype(np.float32))
    return F.interpolate(g, size=(size, size), mode='bicubic', align_corners=False).permute(0, 2, 3, 1)


def offsets_at(offsets: torch.Tensor, pts: np.ndarray) -> np.ndarray:
    """Bilinear lookup of offsets [1, S, S, 2] at output points [..., 2]."""
    s = offsets.shape[1]
    flat = torch.from_numpy(np.nan_to_num(pts.reshape(1, 1, -1, 2), nan=0.0).astype(np.float32))
    grid = (2 * flat + 1) / s - 1
    v = F.grid_sample(offsets.permute(0, 3, 1, 2), grid, align_corners=False, padding_mode='border')
    return v[0, :, 0].T.numpy().reshape(pts.shape)


def points_through(m_out_to_src: np.ndarray, offsets, pts_src: np.ndarray) -> np.ndarray:
    """Source points -> output points for src = M(p + d(p)) (fixed-point inversion of the elastic part)."""
    q = apply_points(invert(m_out_to_src), pts_src)
    if offsets is None:
        return q
    p = q.copy()
    for _ in range(6):
        p = q - offsets_at(offsets, p)
    return p


def visibility(pts: np.ndarray, size: int, y_low: float, y_high: float) -> tuple:
    """Per vertebra: (fully visible, partly visible) for points [24, 4, 2] in an output field."""
    known = ~np.isnan(pts[..., 0])
    known[S1, 2:] = False  # S1 counts as visible by its superior endplate (its IP/IA targets are pseudo corners)
    # A cut outside the image (a caudal cut below its bottom edge) does not widen the field.
    y_low, y_high = max(y_low, 0.0), min(y_high, float(size - 1))
    inside = (pts[..., 0] >= 0) & (pts[..., 0] <= size - 1) & (pts[..., 1] >= y_low) & (pts[..., 1] <= y_high)
    inside_or_unknown = inside | ~known
    full = inside_or_unknown[:, :2].all(1) & inside_or_unknown.all(1) & known[:, :2].all(1)
    part = (inside & known).any(1) & ~full
    return full, part


def caudal_cut(pts: np.ndarray, rng: np.random.Generator, size: int) -> float:
    """A y (output pixels) below which the field is cut so that L5, L4 or L3 is the lowest vertebra, or size."""
    lowest = [v for v in (L5, L4, L3) if not np.isnan(pts[v, :, 1]).all()]
    if not lowest:
        return float(size)
    v = lowest[rng.integers(len(lowest))]
    y_bottom = np.nanmax(pts[v, :, 1])
    below = pts[v + 1:, :, 1].copy()
    below[S1 - v - 1, 2:] = np.nan  # S1 is visible by its superior endplate alone: cut above SA/SP
    y_next = np.nanmin(below) if not np.isnan(below).all() else y_bottom + 0.1 * size
    # In the disc space below v: every vertebra under the cut is absent or (when tilted) only partly visible.
    lo, hi = y_bottom + 1, max(y_bottom + 2, y_next)
    return float(rng.uniform(lo, hi))

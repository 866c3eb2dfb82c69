"""Training/validation batches for step I (whole frames) and step II (one-vertebra crops).

Targets are DSNT coordinates in [-1, 1] of the network's input field
(u = (2x + 1)/S − 1), which is also the heatmap field.
"""
import math

import numpy as np
import torch

from . import LABELS
from .augment import caudal_cut, elastic_offsets, points_through, random_affine, visibility
from .geometry import apply_points, compose, make_grid, scale_matrix, warp
from .photometric import photometric

MEAN, STD = 0.5, 0.25
"""Input normalisation after scaling pixels to 0..1 (written to the manifest)."""
S1 = LABELS.index('S1')
CROP_ENLARGE = 0.7


def corner_weights(known: np.ndarray) -> np.ndarray:
    """Loss weight per corner [..., 24, 4]: 1, and 0.2 for S1's IP/IA (pseudo corners, see cache.py)."""
    w = known.astype(np.float32)
    w[..., S1, 2:] *= 0.2
    return w


def edge_labels(full: np.ndarray, part: np.ndarray) -> np.ndarray:
    """Per label: True at the chain's edges, where step I decides presence: a vertebra partly in the field
    (cut, so absent) and a whole one whose neighbour above or below is not whole."""
    above = np.concatenate([[False], full[:-1]])
    below = np.concatenate([full[1:], [False]])
    return part | (full & ~(above & below))


def step1_batch(cache: dict, idx: np.ndarray, size: int, rng: np.random.Generator, train: bool,
                edge_weight: float = 1.0):
    """Returns x [N,1,S,S], presence [N,24], presence_weight [N,24], coords [N,24,4,2], coord_w [N,24,4].
    presence_weight is 1, or `edge_weight` for the labels at the chain's edges (`edge_labels`)."""
    imgs = torch.from_numpy(cache['images'][idx].astype(np.float32) / 255.0)[:, None]
    src = imgs.shape[-1]
    n = len(idx)
    base = scale_matrix(src, src, size, size)
    xs, pres, pmask, coords, cw = [], [], [], [], []
    for k, i in enumerate(idx):
        pts_src = cache['corners'][i]
        if train:
            flip = rng.random() < 0.5
            aff = random_affine(rng, size, rot_deg=30, scale=(0.8, 1.35), shift=0.12, flip=flip)
            m = compose(base, aff)
            off = elastic_offsets(rng, size, rng.uniform(0.5, 2.5)) if rng.random() < 0.4 else None
        else:
            m, off = base, None
        fill = float(rng.uniform(0, 0.3)) if train else 0.0
        im = warp(imgs[k:k + 1], m[None], size, size, off, fill=fill)
        pts = points_through(m, off, pts_src)
        y_low, y_high = 0.0, float(size - 1)
        if train and rng.random() < 0.35:
            y_high = caudal_cut(pts, rng, size)
            im[..., int(math.ceil(y_high)):, :] = fill
        if train and rng.random() < 0.15:
            y_low = float(rng.uniform(0, 0.3) * size)
            im[..., :int(math.floor(y_low)), :] = fill
        full, part = visibility(pts, size, y_low, y_high)
        xs.append(im)
        pres.append(full.astype(np.float32))
        # A vertebra the augmentation cut (shift, zoom, rotation, caudal or cranial cut) is absent, as the
        # spec's truth has it: the pipeline must tell it from a whole one at the field's edge, where step I
        # makes most of its mistakes. (Before models 1.5.0 such vertebrae were left out of the presence loss.)
        # Those edge labels weigh `edge_weight` in the loss; the 20-odd labels far from the field are easy.
        pmask.append(np.where(edge_labels(full, part), edge_weight, 1.0).astype(np.float32))
        known = ~np.isnan(pts[..., 0]) & full[:, None]
        s1_low = pts[S1, 2:]
        known[S1, 2:] &= (s1_low >= 0).all(-1) & (s1_low <= size - 1).all(-1)  # pseudo corners outside: no target
        coords.append(np.nan_to_num((2 * pts + 1) / size - 1))
        cw.append(corner_weights(known))
    x = torch.cat(xs, 0)
    if train:
        x = photometric(x, rng)
    x = (x.clamp(0, 1) - MEAN) / STD
    t = lambda a: torch.from_numpy(np.stack(a).astype(np.float32))
    return x, t(pres), t(pmask), t(coords), t(cw)


def crop_matrix(corners: np.ndarray, size: int, enlarge: float = CROP_ENLARGE) -> np.ndarray:
    """Output(size x size)->image matrix of the step-II crop rule.

    Same rule as server/pipeline/crop.ts: bounding box of the known corners,
    each side enlarged by `enlarge` (0.7 = 70 %) about its centre, squared to
    the longer side (at least 8 px); output pixel centre i samples
    box_left + (i + 0.5)·side/size (server/image/resample.ts).
    """
    lo = np.nanmin(corners, axis=0)
    hi = np.nanmax(corners, axis=0)
    c = (lo + hi) / 2
    side = max(float((hi - lo).max()) * (1 + enlarge), 8.0)
    s = side / size
    return np.array([[s, 0, c[0] - side / 2 + 0.5 * s], [0, s, c[1] - side / 2 + 0.5 * s]])


def step2_batch(cache: dict, idx: np.ndarray, size: int, rng: np.random.Generator, train: bool,
                jitter: float = 0.05):
    """Crops from the vertebra patches: x [N,1,S,S], coords [N,4,2] in [-1,1], weights [N,4].

    The crop is built by the crop rule from the truth corners moved by a random
    step-I-like error (`jitter` x vertebra size per corner, plus a common shift),
    so that step II learns to correct step I.
    """
    patches = torch.from_numpy(cache['patches'][idx].astype(np.float32) / 255.0)[:, None]
    psize = patches.shape[-1]
    mats, targets, ws = [], [], []
    for k, i in enumerate(idx):
        pts = cache['patch_corners'][i].astype(np.float64)
        ext = float(np.nanmax(np.nanmax(pts, 0) - np.nanmin(pts, 0)))
        noisy = pts.copy()
        if train or jitter > 0:
            j = jitter * (3 if rng.random() < 0.1 else 1)
            noisy = pts + rng.normal(0, j * ext, pts.shape) + rng.normal(0, j * ext, (1, 2))
        if cache['patch_label'][i] == S1:
            noisy[2:] = np.nan  # the pipeline never reports S1's IP/IA: its crop is built from SA and SP only
        m = crop_matrix(noisy, size)
        if train:
            c = (size - 1) / 2
            aff = random_affine(rng, size, rot_deg=12, scale=(0.92, 1.08), shift=0.0, flip=rng.random() < 0.5)
            m = compose(m, aff)
        mats.append(m)
        p = apply_points(np.linalg.inv(np.vstack([m, [0, 0, 1]]))[:2], pts)
        targets.append(np.nan_to_num((2 * p + 1) / size - 1))
        w = (~np.isnan(pts[:, 0])).astype(np.float32)
        if cache['patch_label'][i] == S1:
            w[2:] *= 0.2
        ws.append(w)
    x = warp(patches, np.stack(mats), size, size, fill=0.0)
    if train:
        x = photometric(x, rng, strength=0.8)
    x = (x.clamp(0, 1) - MEAN) / STD
    t = lambda a: torch.from_numpy(np.stack(a).astype(np.float32))
    return x, t(targets), t(ws)

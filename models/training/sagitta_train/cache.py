"""Pre-decoded training arrays, so the data loader is not the bottleneck.

- Step I: every image resized (pixel-centre aligned) to `size` x `size`, uint8,
  with its corners scaled to that grid.
- Step II: for every vertebra with SA and SP, a square patch `patch` x `patch`
  around its centroid covering CONTEXT times its larger extent, uint8, with the
  corners in patch pixels (the augmenter cuts jittered crops out of it).
"""
import os

import numpy as np

from . import LABELS
from .dataset import Sample, load_gray
from .geometry import apply_points, compose, invert, resize, scale_matrix, warp
import torch

CONTEXT = 3.0
S1 = LABELS.index('S1')


def s1_pseudo_corners(corners: np.ndarray) -> np.ndarray:
    """S1's IP and IA when null: its SP and SA moved 0.6 endplate lengths caudally (perpendicular).

    Gives step I a consistent target for S1's lower corners, so that the crop
    built from all four step-I corners is sensible; the pipeline reports S1's
    IP/IA as it sees fit (the spec lets them be null).
    """
    c = corners.copy()
    sa, sp = c[S1, 0], c[S1, 1]
    if np.isnan(sa).any() or np.isnan(sp).any() or not np.isnan(c[S1, 2:]).any():
        return c
    d = sa - sp
    n = np.array([-d[1], d[0]])
    l5 = c[LABELS.index('L5')]
    ref = (sa + sp) / 2 - (np.nanmean(l5, axis=0) if not np.isnan(l5).all() else (sa + sp) / 2 - [0, 1])
    if np.dot(n, ref) < 0:
        n = -n
    c[S1, 3] = sa + 0.6 * n
    c[S1, 2] = sp + 0.6 * n
    return c


def build_cache(samples: list, size: int, patch: int, out_path: str, log=print) -> dict:
    """Decodes every sample once; saves and returns the arrays (see module doc)."""
    n = len(samples)
    images = np.zeros((n, size, size), np.uint8)
    corners = np.full((n, len(LABELS), 4, 2), np.nan, np.float32)
    p_imgs, p_corners, p_label, p_image = [], [], [], []
    for i, s in enumerate(samples):
        img = load_gray(s.path)
        if img.shape != (s.height, s.width):
            raise ValueError(f'{s.path}: image is {img.shape[1]}x{img.shape[0]}, annotations say {s.width}x{s.height}')
        images[i] = np.round(np.clip(resize(img, size, size), 0, 1) * 255)
        m = invert(scale_matrix(s.width, s.height, size, size))
        c_full = s1_pseudo_corners(s.corners)
        corners[i] = apply_points(m, c_full)
        t = torch.from_numpy(img)[None, None]
        mats, idx = [], np.nonzero(s.present)[0]
        for v in idx:
            pts = c_full[v]
            ctr = np.nanmean(pts, axis=0)
            ext = np.nanmax(pts, axis=0) - np.nanmin(pts, axis=0)
            side = CONTEXT * max(ext.max(), 8.0)
            # patch pixel (x, y) -> source: ctr + ((x + 0.5)/patch − 0.5)·side
            sc = side / patch
            mats.append(np.array([[sc, 0, ctr[0] - side / 2 + 0.5 * sc], [0, sc, ctr[1] - side / 2 + 0.5 * sc]]))
            p_corners.append(apply_points(invert(mats[-1]), pts).astype(np.float32))
            p_label.append(v)
            p_image.append(i)
        if mats:
            warped = warp(t, np.stack(mats), patch, patch).numpy()[:, 0]
            p_imgs.extend(np.round(np.clip(warped, 0, 1) * 255).astype(np.uint8))
        if (i + 1) % 200 == 0 or i + 1 == n:
            log(f'cache: {i + 1}/{n} images, {len(p_imgs)} vertebra patches')
    out = dict(images=images, corners=corners, patches=np.stack(p_imgs), patch_corners=np.stack(p_corners),
               patch_label=np.array(p_label, np.int16), patch_image=np.array(p_image, np.int32))
    if out_path:
        os.makedirs(os.path.dirname(out_path) or '.', exist_ok=True)
        np.savez(out_path, **out)
    return out

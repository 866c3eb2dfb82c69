"""Intensity augmentations on batches [N, 1, H, W] in 0..1 (torch, in place of a library).

Brightness, contrast, gamma, inversion, blur, noise, slow intensity fields,
collimator edges and instrument-like bright/dark shapes: the models are judged
on images from renderers whose look differs from the training phantom.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F


def gaussian_blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """Separable Gaussian blur of [1, 1, H, W], sigma in pixels."""
    r = max(1, int(math.ceil(2.5 * sigma)))
    k = torch.exp(-torch.arange(-r, r + 1, dtype=torch.float32) ** 2 / (2 * sigma * sigma))
    k = k / k.sum()
    x = F.conv2d(F.pad(x, (r, r, 0, 0), mode='replicate'), k.view(1, 1, 1, -1))
    return F.conv2d(F.pad(x, (0, 0, r, r), mode='replicate'), k.view(1, 1, -1, 1))


def smooth_field(h: int, w: int, rng: np.random.Generator, cells: int = 4) -> torch.Tensor:
    """Random smooth field [1, 1, h, w] in about -1..1."""
    g = torch.from_numpy(rng.uniform(-1, 1, (1, 1, cells, cells)).astype(np.float32))
    return F.interpolate(g, size=(h, w), mode='bicubic', align_corners=False)


def shapes(h: int, w: int, rng: np.random.Generator) -> torch.Tensor:
    """A few instrument-like bars and discs [1, 1, h, w] (0 background, ±amplitude on shapes)."""
    ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing='ij')
    out = torch.zeros(h, w)
    for _ in range(rng.integers(1, 4)):
        amp = rng.uniform(-0.5, 0.8)
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        if rng.random() < 0.6:
            a = rng.uniform(0, math.pi)
            length, thick = rng.uniform(0.1, 0.6) * w, rng.uniform(0.005, 0.03) * w
            dx, dy = xs - cx, ys - cy
            along = dx * math.cos(a) + dy * math.sin(a)
            across = -dx * math.sin(a) + dy * math.cos(a)
            m = (along.abs() < length / 2) & (across.abs() < thick / 2)
        else:
            r = rng.uniform(0.01, 0.05) * w
            m = (xs - cx) ** 2 + (ys - cy) ** 2 < r * r
        out[m] = amp
    return out[None, None]


def photometric(x: torch.Tensor, rng: np.random.Generator, strength: float = 1.0) -> torch.Tensor:
    """Applies a random mix of intensity changes to each image of [N, 1, H, W]; returns a new tensor in 0..1."""
    n, _, h, w = x.shape
    out = []
    for i in range(n):
        im = x[i:i + 1]
        if rng.random() < 0.3 * strength:
            im = im + rng.uniform(0.05, 0.3) * smooth_field(h, w, rng)
        if rng.random() < 0.25 * strength:
            im = im + shapes(h, w, rng)
        if rng.random() < 0.5:
            im = im.clamp(0, 1) ** float(np.exp(rng.normal(0, 0.35 * strength)))
        if rng.random() < 0.8:
            c = float(np.exp(rng.normal(0, 0.35 * strength)))
            m = float(im.mean())
            im = (im - m) * c + m + rng.normal(0, 0.12 * strength)
        if rng.random() < 0.15 * strength:
            im = 1 - im
        if rng.random() < 0.35 * strength:
            im = gaussian_blur(im, rng.uniform(0.3, 1.5))
        if rng.random() < 0.6 * strength:
            sigma = rng.uniform(0.005, 0.06) * strength
            im = im + sigma * torch.randn_like(im)
            if rng.random() < 0.3:  # correlated (blurred) noise
                im = im + gaussian_blur(sigma * 2 * torch.randn_like(im), 1.0)
        if rng.random() < 0.2 * strength:  # circular collimator
            ys, xs = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32),
                                    indexing='ij')
            r = rng.uniform(0.55, 0.75) * w
            cx, cy = w / 2 + rng.normal(0, 0.05 * w), h / 2 + rng.normal(0, 0.05 * h)
            mask = ((xs - cx) ** 2 + (ys - cy) ** 2) > r * r
            im = torch.where(mask[None, None], torch.full_like(im, float(rng.uniform(0, 0.15))), im)
        out.append(im.clamp(0, 1))
    return torch.cat(out, 0)

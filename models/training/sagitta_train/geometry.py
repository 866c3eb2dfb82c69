"""Pixel-centre-aligned affine resampling shared by caching, augmentation and crops.

Coordinates are pixels with centres at integers (spec). A 2x3 matrix M maps an
output pixel (x, y) to a source pixel: src = M @ [x, y, 1]. Sampling uses
grid_sample with align_corners=False, where normalised u = (2x + 1)/W - 1.
"""
import numpy as np
import torch
import torch.nn.functional as F


def scale_matrix(src_w: float, src_h: float, dst_w: float, dst_h: float) -> np.ndarray:
    """Output->source matrix of a plain resize: src = (dst + 0.5)·(src/dst) − 0.5."""
    sx, sy = src_w / dst_w, src_h / dst_h
    return np.array([[sx, 0, 0.5 * sx - 0.5], [0, sy, 0.5 * sy - 0.5]], dtype=np.float64)


def compose(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Matrix of x -> a(b(x)) (both 2x3)."""
    a3 = np.vstack([a, [0, 0, 1]])
    b3 = np.vstack([b, [0, 0, 1]])
    return (a3 @ b3)[:2]


def invert(m: np.ndarray) -> np.ndarray:
    """Inverse of a 2x3 affine."""
    return np.linalg.inv(np.vstack([m, [0, 0, 1]]))[:2]


def apply_points(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Applies a 2x3 affine to points [..., 2] (NaN stays NaN)."""
    return pts @ m[:, :2].T + m[:, 2]


def make_grid(mats: np.ndarray, src_w: int, src_h: int, out_w: int, out_h: int,
              offsets: torch.Tensor = None) -> torch.Tensor:
    """grid_sample grid [N, out_h, out_w, 2] for output->source matrices [N, 2, 3].

    `offsets` [N, out_h, out_w, 2] (output pixels) are added before the affine (elastic warps).
    """
    ys, xs = torch.meshgrid(torch.arange(out_h, dtype=torch.float32), torch.arange(out_w, dtype=torch.float32),
                            indexing='ij')
    p = torch.stack([xs, ys], -1).unsqueeze(0).expand(len(mats), -1, -1, -1)
    if offsets is not None:
        p = p + offsets
    m = torch.as_tensor(mats, dtype=torch.float32)
    src = torch.einsum('nhwk,njk->nhwj', p, m[:, :, :2]) + m[:, None, None, :, 2]
    u = (2 * src[..., 0] + 1) / src_w - 1
    v = (2 * src[..., 1] + 1) / src_h - 1
    return torch.stack([u, v], -1)


def normalised_theta(mats: np.ndarray, src_w: int, src_h: int, out_w: int, out_h: int) -> torch.Tensor:
    """affine_grid's theta [N, 2, 3] (normalised coords, align_corners=False) for pixel matrices [N, 2, 3]."""
    def norm(w, h):  # pixel -> normalised
        return np.array([[2 / w, 0, 1 / w - 1], [0, 2 / h, 1 / h - 1], [0, 0, 1]])
    out_to_px = np.linalg.inv(norm(out_w, out_h))
    src = norm(src_w, src_h)
    th = [(src @ np.vstack([m, [0, 0, 1]]) @ out_to_px)[:2] for m in mats]
    return torch.as_tensor(np.stack(th), dtype=torch.float32)


def warp(images: torch.Tensor, mats: np.ndarray, out_w: int, out_h: int, offsets: torch.Tensor = None,
         fill: float = 0.0) -> torch.Tensor:
    """Resamples images [N, 1, H, W] (or [1, 1, H, W] for all matrices) through output->source matrices
    [N, 2, 3]; outside pixels get `fill`."""
    _, _, h, w = images.shape
    n = len(mats)
    if offsets is None:
        grid = F.affine_grid(normalised_theta(mats, w, h, out_w, out_h), [n, 1, out_h, out_w], align_corners=False)
    else:
        grid = make_grid(mats, w, h, out_w, out_h, offsets)
    src = images if fill == 0 else images - fill
    if src.shape[0] != n:
        src = src.expand(n, -1, -1, -1)
    out = F.grid_sample(src, grid, mode='bilinear', padding_mode='zeros', align_corners=False)
    return out if fill == 0 else out + fill


def resize(image: np.ndarray, out_w: int, out_h: int) -> np.ndarray:
    """Area-aware resize of a float32 [H, W] image with pixel-centre alignment (box prefilter then bilinear)."""
    h, w = image.shape
    if (h, w) == (out_h, out_w):
        return image.copy()
    t = torch.from_numpy(np.ascontiguousarray(image))[None, None]
    fx, fy = max(1, int(w // out_w)), max(1, int(h // out_h))
    if (fx > 1 or fy > 1) and w % fx == 0 and h % fy == 0:
        # A box of f pixels has its centre at (j + 0.5)·f − 0.5, so the plain resize matrix stays exact.
        t = F.avg_pool2d(t, (fy, fx))
    th, tw = t.shape[-2:]
    if (th, tw) == (out_h, out_w):
        return t[0, 0].numpy()
    m = scale_matrix(tw, th, out_w, out_h)
    return warp(t, m[None], out_w, out_h)[0, 0].numpy()

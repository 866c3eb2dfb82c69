"""DSNT (Nibali et al. 2018) in dsntnn's convention, and its losses.

A W-wide heatmap's pixel centre x sits at u = (2x + 1)/W - 1, so -1 and +1 are
the outer edges of the outer pixels. Heatmaps are softmax-normalised per map
(sum 1); coordinates come out as the expectation (x, y) in [-1, 1].
"""
import torch
import torch.nn.functional as F


def flat_softmax(logits: torch.Tensor) -> torch.Tensor:
    """Softmax over the last two dims (each h x w map sums to 1)."""
    shape = logits.shape
    flat = logits.reshape(*shape[:-2], shape[-2] * shape[-1])
    return F.softmax(flat, dim=-1).reshape(shape)


def pixel_centres(n: int, device=None) -> torch.Tensor:
    """Normalised centres of n pixels: (2i + 1)/n - 1."""
    return (torch.arange(n, dtype=torch.float32, device=device) * 2 + 1) / n - 1


def dsnt(heatmaps: torch.Tensor) -> torch.Tensor:
    """Expected (x, y) of normalised heatmaps [..., h, w] -> [..., 2] in [-1, 1]."""
    h, w = heatmaps.shape[-2:]
    xs = pixel_centres(w, heatmaps.device)
    ys = pixel_centres(h, heatmaps.device)
    x = (heatmaps.sum(-2) * xs).sum(-1)
    y = (heatmaps.sum(-1) * ys).sum(-1)
    return torch.stack([x, y], dim=-1)


def gaussian_maps(mu: torch.Tensor, h: int, w: int, sigma_px: float) -> torch.Tensor:
    """Normalised Gaussians [..., h, w] centred at mu [..., 2] (normalised coords), sigma in heatmap pixels."""
    xs = pixel_centres(w, mu.device)
    ys = pixel_centres(h, mu.device)
    sx = sigma_px * 2 / w
    sy = sigma_px * 2 / h
    gx = torch.exp(-((xs - mu[..., 0:1]) ** 2) / (2 * sx * sx))
    gy = torch.exp(-((ys - mu[..., 1:2]) ** 2) / (2 * sy * sy))
    g = gy.unsqueeze(-1) * gx.unsqueeze(-2)
    return g / g.sum((-2, -1), keepdim=True).clamp_min(1e-12)


def js_divergence(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """Jensen-Shannon divergence between maps [..., h, w] (natural log) -> [...]."""
    m = 0.5 * (p + q)
    eps = 1e-24

    def kl(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        return (a * (torch.log(a + eps) - torch.log(b + eps))).sum((-2, -1))

    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def dsnt_loss(heatmaps: torch.Tensor, target: torch.Tensor, mask: torch.Tensor,
              sigma_px: float = 1.0, reg_weight: float = 1.0) -> torch.Tensor:
    """Euclidean distance + JS regulariser, averaged over masked points.

    heatmaps [..., h, w] normalised; target [..., 2] in [-1, 1]; mask [...] (1 = supervise).
    """
    coords = dsnt(heatmaps)
    dist = torch.sqrt(((coords - target) ** 2).sum(-1) + 1e-12)
    h, w = heatmaps.shape[-2:]
    safe_target = torch.where(mask.unsqueeze(-1) > 0, target, torch.zeros_like(target))
    reg = js_divergence(heatmaps, gaussian_maps(safe_target, h, w, sigma_px))
    per = dist + reg_weight * reg
    n = mask.sum().clamp_min(1.0)
    return (per * mask).sum() / n


def spread_px(heatmaps: torch.Tensor) -> torch.Tensor:
    """sqrt((var_x + var_y)/2) of each map in heatmap pixels [...]."""
    h, w = heatmaps.shape[-2:]
    xs = torch.arange(w, dtype=torch.float32)
    ys = torch.arange(h, dtype=torch.float32)
    px = heatmaps.sum(-2)
    py = heatmaps.sum(-1)
    mx = (px * xs).sum(-1, keepdim=True)
    my = (py * ys).sum(-1, keepdim=True)
    vx = (px * (xs - mx) ** 2).sum(-1)
    vy = (py * (ys - my) ** 2).sum(-1)
    return torch.sqrt((vx + vy) / 2)

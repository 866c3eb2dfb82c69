"""The `realtime` profile's networks: a compact residual U-Net for step I
(presence + 24 x 4 heatmaps) and a smaller one for step II (4 heatmaps).

Sized so that the whole 2-step pipeline runs in real time on 2 CPU cores
(see docs/models.md for the measured figures). `width` scales every channel
count (the CI smoke test shrinks it).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .dsnt import flat_softmax


def conv_bn(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class ResBlock(nn.Module):
    """Basic residual block (two 3x3 convs), optional stride-2 downsampling."""

    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__()
        self.c1 = conv_bn(cin, cout, stride)
        self.c2 = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = None
        if stride != 1 or cin != cout:
            self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = x if self.skip is None else self.skip(x)
        return F.relu(self.c2(self.c1(x)) + s)


class Up(nn.Module):
    """1x1 projection to the skip's width, x2 bilinear upsampling (align_corners=False), add skip, 3x3 conv."""

    def __init__(self, cin: int, cskip: int, cout: int):
        super().__init__()
        self.proj = nn.Sequential(nn.Conv2d(cin, cskip, 1, bias=False), nn.BatchNorm2d(cskip))
        self.conv = conv_bn(cskip, cout)

    def forward(self, x: torch.Tensor, skip: torch.Tensor) -> torch.Tensor:
        x = F.interpolate(self.proj(x), size=skip.shape[-2:], mode='bilinear', align_corners=False)
        return self.conv(F.relu(x + skip))


class Encoder(nn.Module):
    """Stem (stride 4) then stages at /4, /8, /16, /32; returns all four."""

    def __init__(self, ch: list):
        super().__init__()
        c0, c1, c2, c3 = ch
        self.stem = nn.Sequential(conv_bn(1, c0 // 2, 2), conv_bn(c0 // 2, c0, 2))
        self.s1 = conv_bn(c0, c0)
        self.s2 = nn.Sequential(ResBlock(c0, c1, 2), ResBlock(c1, c1))
        self.s3 = nn.Sequential(ResBlock(c1, c2, 2), ResBlock(c2, c2))
        self.s4 = nn.Sequential(ResBlock(c2, c3, 2), ResBlock(c3, c3))

    def forward(self, x: torch.Tensor):
        f1 = self.s1(self.stem(x))
        f2 = self.s2(f1)
        f3 = self.s3(f2)
        f4 = self.s4(f3)
        return f1, f2, f3, f4


class StepINet(nn.Module):
    """Input [N,1,S,S] -> presence [N,24] (sigmoid) and heatmaps [N,24,4,S/4,S/4] (softmax per map)."""

    def __init__(self, width: float = 1.0, n_vertebrae: int = 24):
        super().__init__()
        ch = [max(8, int(round(c * width))) for c in (16, 48, 96, 160)]
        self.n = n_vertebrae
        self.enc = Encoder(ch)
        self.context = ResBlock(ch[3], ch[3])
        self.presence = nn.Linear(ch[3], n_vertebrae)
        self.up3 = Up(ch[3], ch[2], ch[2])
        self.up2 = Up(ch[2], ch[1], ch[1])
        self.up1 = Up(ch[1], ch[0], 32)
        self.head = nn.Conv2d(32, n_vertebrae * 4, 1)

    def forward(self, x: torch.Tensor):
        f1, f2, f3, f4 = self.enc(x)
        f4 = self.context(f4)
        presence = torch.sigmoid(self.presence(f4.mean((2, 3))))
        y = self.up1(self.up2(self.up3(f4, f3), f2), f1)
        logits = self.head(y)
        n, _, h, w = logits.shape
        heat = flat_softmax(logits.reshape(n, self.n, 4, h, w))
        return presence, heat


class StepIINet(nn.Module):
    """Input [N,1,S,S] crop of one vertebra -> heatmaps [N,4,S/2,S/2] (softmax per map)."""

    def __init__(self, width: float = 1.0):
        super().__init__()
        ch = [max(8, int(round(c * width))) for c in (16, 32, 64, 128)]
        self.enc = Encoder(ch)
        self.up3 = Up(ch[3], ch[2], ch[2])
        self.up2 = Up(ch[2], ch[1], ch[1])
        self.up1 = Up(ch[1], ch[0], ch[0])
        self.up0 = nn.Sequential(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=False), conv_bn(ch[0], 8))
        self.head = nn.Conv2d(8, 4, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f1, f2, f3, f4 = self.enc(x)
        y = self.up0(self.up1(self.up2(self.up3(f4, f3), f2), f1))
        return flat_softmax(self.head(y))

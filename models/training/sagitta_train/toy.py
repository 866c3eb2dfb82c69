"""A tiny hand-made dataset writer (for tests; no renderer needed): bright
quadrilateral vertebrae on a noisy background along a gentle curve, facing
right or left, written in the spine-landmarks/1 format as 8- or 16-bit PNGs.
"""
import json
import math
import os

import numpy as np
from PIL import Image, ImageDraw

from . import LABELS


def toy_image(rng: np.random.Generator, size: int, first: int = 17, facing: int = 1):
    """Returns (uint8 image [size, size], vertebrae list in the spec format). facing +1: anterior to the right."""
    img = Image.new('L', (size, size), int(rng.integers(20, 60)))
    draw = ImageDraw.Draw(img)
    labels = LABELS[first:]
    n = len(labels)
    h = size * 0.8 / n
    w = h * 1.4
    cx0 = size / 2 + rng.normal(0, size * 0.03)
    tilt = rng.normal(0, 0.15)
    vertebrae = []
    for k, label in enumerate(labels):
        cy = size * 0.1 + (k + 0.5) * h
        cx = cx0 + facing * 0.15 * size * math.sin(k / n * math.pi) * 0.5
        a = tilt + facing * (k - n / 2) * 0.06
        ca, sa = math.cos(a), math.sin(a)

        def pt(dx: float, dy: float):
            return [cx + dx * ca - dy * sa, cy + dx * sa + dy * ca]

        hw, hh = w / 2 * facing, h * 0.36
        corners = [pt(hw, -hh), pt(-hw, -hh), pt(-hw, hh), pt(hw, hh)]  # SA SP IP IA
        draw.polygon([tuple(p) for p in corners], fill=int(rng.integers(150, 230)))
        if label == 'S1':
            corners = corners[:2] + [None, None]
        vertebrae.append({'label': label, 'corners': corners})
    arr = np.asarray(img, dtype=np.float32) + rng.normal(0, 6, (size, size))
    return np.clip(arr, 0, 255).astype(np.uint8), vertebrae


def write_toy_dataset(folder: str, n: int, size: int = 128, seed: int = 0, bits16_every: int = 3) -> str:
    """Writes n toy images (every `bits16_every`-th as 16-bit, every other facing left) and annotations.json."""
    rng = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    images = []
    for i in range(n):
        facing = 1 if i % 2 == 0 else -1
        arr, vertebrae = toy_image(rng, size, first=int(rng.integers(14, 19)), facing=facing)
        name = f'{i:04d}.png'
        if bits16_every and i % bits16_every == bits16_every - 1:
            Image.fromarray(arr.astype(np.uint16) * 257).save(os.path.join(folder, name))
        else:
            Image.fromarray(arr).save(os.path.join(folder, name))
        images.append({'file': name, 'width': size, 'height': size, 'vertebrae': vertebrae})
    with open(os.path.join(folder, 'annotations.json'), 'w') as f:
        json.dump({'format': 'spine-landmarks/1', 'images': images}, f)
    return folder

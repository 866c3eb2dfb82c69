"""Reads datasets in the spine-landmarks/1 format (../../shared/spec/landmarks.md):
a folder with annotations.json and 8- or 16-bit grayscale PNGs.

Corners come out as float32 [24, 4, 2] arrays in original image pixels (pixel
centres at integers), NaN where a vertebra or corner is absent (S1's IP/IA).
"""
import json
import os
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import LABELS

DATASET_FORMAT = 'spine-landmarks/1'


@dataclass
class Sample:
    """One annotated image: its path, size (pixels) and corners [24, 4, 2] (NaN = absent)."""
    path: str
    width: int
    height: int
    corners: np.ndarray

    @property
    def present(self) -> np.ndarray:
        """[24] bool: vertebrae listed in the annotations (SA and SP known)."""
        return ~np.isnan(self.corners[:, :2, 0]).any(axis=1)


class DatasetError(ValueError):
    """A dataset that does not follow the spine-landmarks/1 format; the message names the problem."""


def parse_vertebrae(vertebrae: list, where: str) -> np.ndarray:
    """Turns an annotations.json `vertebrae` list into corners [24, 4, 2] (NaN = absent)."""
    corners = np.full((len(LABELS), 4, 2), np.nan, dtype=np.float32)
    for v in vertebrae:
        label = v.get('label')
        if label not in LABELS:
            raise DatasetError(f'{where}: unknown vertebra label {label!r} (expected one of C2..S1)')
        pts = v.get('corners')
        if not isinstance(pts, list) or len(pts) != 4:
            raise DatasetError(f'{where}: {label} must have 4 corners (SA, SP, IP, IA), got {pts!r}')
        i = LABELS.index(label)
        for c, p in enumerate(pts):
            if p is None:
                if label != 'S1' or c < 2:
                    raise DatasetError(f'{where}: {label} corner {c} is null (only S1 may omit IP and IA)')
                continue
            if len(p) != 2 or not all(isinstance(q, (int, float)) for q in p):
                raise DatasetError(f'{where}: {label} corner {c} must be [x, y], got {p!r}')
            corners[i, c] = p
    return corners


def read_dataset(folder: str) -> list:
    """Reads `folder/annotations.json`; returns a list of `Sample` (stills only: entries with `file`)."""
    path = os.path.join(folder, 'annotations.json')
    if not os.path.exists(path):
        raise DatasetError(f'{folder}: no annotations.json (is this a spine-landmarks/1 dataset?)')
    with open(path) as f:
        doc = json.load(f)
    if doc.get('format') != DATASET_FORMAT:
        raise DatasetError(f'{path}: format is {doc.get("format")!r}, expected {DATASET_FORMAT!r}')
    samples = []
    for k, img in enumerate(doc.get('images', [])):
        if 'file' not in img:
            continue
        where = f'{path} images[{k}] ({img["file"]})'
        corners = parse_vertebrae(img.get('vertebrae', []), where)
        samples.append(Sample(os.path.join(folder, img['file']), int(img['width']), int(img['height']), corners))
    if not samples:
        raise DatasetError(f'{path}: no still images (entries with "file")')
    return samples


def load_gray(path: str) -> np.ndarray:
    """Loads an image as float32 [H, W] in 0..1 (8-bit / 255, 16-bit / 65535, colour -> luminance)."""
    with Image.open(path) as im:
        if im.mode in ('I;16', 'I;16B', 'I;16L', 'I'):
            return np.asarray(im, dtype=np.float32) / 65535.0
        if im.mode == 'L':
            return np.asarray(im, dtype=np.float32) / 255.0
        if im.mode == 'F':
            return np.clip(np.asarray(im, dtype=np.float32), 0, 1)
        return np.asarray(im.convert('L'), dtype=np.float32) / 255.0

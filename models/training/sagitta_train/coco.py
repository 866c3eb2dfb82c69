"""COCO keypoint JSON (as CVAT, Label Studio and other tools export it) ->
spine-landmarks/1 dataset, through a small mapping file.

Mapping file (JSON), see coco-mapping.example.json and docs/models.md:
  {
    "format": "sagitta-coco-mapping/1",
    "coordinates": "edges",            # "edges": (0, 0) is the image's top-left corner (CVAT, Label Studio);
                                       # "centres": (0, 0) is the centre of the top-left pixel (the spec's)
    "keypoints": {"L1 superior anterior": "L1.SA", "spine/L1-SP": "L1.SP", ...}
  }
A key is a keypoint name, or "category/keypoint" to tell apart keypoints of
several categories with the same names (one category per vertebra). A value
is LABEL.CORNER with LABEL in C2..S1 and CORNER one of SA, SP, IP, IA.

Corners are anatomical: the annotator marks the anterior corner as anterior
whichever way the patient faces, and the importer never swaps them. Keypoints
with visibility 0 (not labelled) are absent. A vertebra is kept when all its
corners are known (S1: SA and SP suffice); anything else is reported.
"""
import json
import os

from . import CORNERS, LABELS

MAPPING_FORMAT = 'sagitta-coco-mapping/1'


class CocoError(ValueError):
    """A COCO file or mapping that cannot be imported; the message names the problem."""


def read_mapping(path: str) -> dict:
    """Reads and validates a mapping file; returns {key: (label index, corner index)} and the coordinate origin."""
    with open(path) as f:
        doc = json.load(f)
    if doc.get('format') != MAPPING_FORMAT:
        raise CocoError(f'{path}: format is {doc.get("format")!r}, expected {MAPPING_FORMAT!r}')
    coords = doc.get('coordinates', 'edges')
    if coords not in ('edges', 'centres'):
        raise CocoError(f'{path}: coordinates must be "edges" or "centres", got {coords!r}')
    table = {}
    for key, value in (doc.get('keypoints') or {}).items():
        parts = str(value).split('.')
        if len(parts) != 2 or parts[0] not in LABELS or parts[1] not in CORNERS:
            raise CocoError(f'{path}: keypoint {key!r} maps to {value!r}; expected LABEL.CORNER such as "L1.SA"')
        table[key] = (LABELS.index(parts[0]), CORNERS.index(parts[1]))
    if not table:
        raise CocoError(f'{path}: no "keypoints" entries')
    return {'table': table, 'offset': -0.5 if coords == 'edges' else 0.0}


def convert(coco: dict, mapping: dict, image_prefix: str = '') -> tuple:
    """Returns (spine-landmarks/1 document, warnings list) for a parsed COCO keypoint document."""
    table, off = mapping['table'], mapping['offset']
    cats = {c['id']: c for c in coco.get('categories', [])}
    images = {im['id']: {'file': image_prefix + im['file_name'], 'width': int(im['width']),
                         'height': int(im['height']), 'pts': {}} for im in coco.get('images', [])}
    warnings = []
    for ann in coco.get('annotations', []):
        img = images.get(ann.get('image_id'))
        cat = cats.get(ann.get('category_id'))
        if img is None or cat is None:
            raise CocoError(f'annotation {ann.get("id")}: unknown image_id or category_id')
        names, kp = cat.get('keypoints', []), ann.get('keypoints', [])
        if len(kp) != 3 * len(names):
            raise CocoError(f'annotation {ann.get("id")}: {len(kp)} keypoint values for {len(names)} names in category {cat.get("name")!r}')
        for k, name in enumerate(names):
            x, y, v = kp[3 * k:3 * k + 3]
            if not v:
                continue
            where = table.get(f'{cat.get("name")}/{name}', table.get(name))
            if where is None:
                warnings.append(f'{img["file"]}: keypoint {cat.get("name")}/{name} is not in the mapping; ignored')
                continue
            if where in img['pts']:
                raise CocoError(f'{img["file"]}: {LABELS[where[0]]}.{CORNERS[where[1]]} is annotated twice')
            img['pts'][where] = [float(x) + off, float(y) + off]
    out = []
    for img in images.values():
        vertebrae = []
        for li, label in enumerate(LABELS):
            corners = [img['pts'].get((li, c)) for c in range(4)]
            known = [c is not None for c in corners]
            if not any(known):
                continue
            if all(known) or (label == 'S1' and known[0] and known[1]):
                vertebrae.append({'label': label, 'corners': corners if label != 'S1' or all(known) else corners[:2] + [None, None]})
            else:
                missing = [CORNERS[c] for c in range(4) if not known[c]]
                warnings.append(f'{img["file"]}: {label} lacks {", ".join(missing)}; vertebra left out')
        facing = {1 if v['corners'][0][0] > v['corners'][1][0] else -1 for v in vertebrae}
        if len(facing) > 1:
            warnings.append(f'{img["file"]}: anterior corners lie on different sides for different vertebrae; check SA/SP')
        out.append({'file': img['file'], 'width': img['width'], 'height': img['height'], 'vertebrae': vertebrae})
    return {'format': 'spine-landmarks/1', 'images': out}, warnings


def import_coco(coco_path: str, mapping_path: str, out_dir: str, images_dir: str) -> tuple:
    """Writes out_dir/annotations.json with image paths relative to out_dir; returns (document, warnings)."""
    with open(coco_path) as f:
        coco = json.load(f)
    mapping = read_mapping(mapping_path)
    os.makedirs(out_dir, exist_ok=True)
    rel = os.path.relpath(os.path.abspath(images_dir), os.path.abspath(out_dir))
    prefix = '' if rel == '.' else rel + '/'
    doc, warnings = convert(coco, mapping, prefix)
    with open(os.path.join(out_dir, 'annotations.json'), 'w') as f:
        json.dump(doc, f, indent=1)
    return doc, warnings

/**
 * Training data side (models/training, Python/PyTorch): the spec dataset
 * reader on 8- and 16-bit PNGs, the COCO keypoint importer on hand-made
 * samples (one patient facing left), and the geometric augmentations
 * (a flip keeps SA/SP/IP/IA anatomical). Runs Debian's /usr/bin/python3.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const PY = process.env['SAGITTA_PYTHON'] ?? '/usr/bin/python3';
const TRAINING = join(process.cwd(), 'models', 'training');
const tmp = mkdtempSync(join(tmpdir(), 'sagitta-training-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs a Python snippet with sagitta_train importable; returns its last stdout line parsed as JSON. */
function py<T>(code: string): T {
  const out = execFileSync(PY, ['-c', `import sys, json\nsys.path.insert(0, ${JSON.stringify(TRAINING)})\n${code}`], {
    encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as T;
}

describe('dataset reader', () => {
  it('reads 8- and 16-bit PNGs to the same 0..1 values and S1 with null IP/IA', () => {
    const r = py<{ n: number; max8: number; max16: number; diff: number; s1: (number | null)[][]; present: number }>(`
import numpy as np
from PIL import Image
from sagitta_train.toy import write_toy_dataset
from sagitta_train.dataset import read_dataset, load_gray
from sagitta_train import LABELS
d = write_toy_dataset(${JSON.stringify(join(tmp, 'toy'))}, 3, 64, seed=1, bits16_every=3)
s = read_dataset(d)
a = load_gray(s[2].path)  # 16-bit
Image.fromarray(np.round(a * 255).astype(np.uint8)).save(${JSON.stringify(join(tmp, 'as8.png'))})
b = load_gray(${JSON.stringify(join(tmp, 'as8.png'))})
c = s[0].corners[LABELS.index('S1')]
print(json.dumps({'n': len(s), 'max8': float(load_gray(s[0].path).max()), 'max16': float(a.max()),
  'diff': float(np.abs(a - b).max()), 's1': [[None if np.isnan(v) else float(v) for v in p] for p in c],
  'present': int(s[0].present.sum())}))`);
    expect(r.n).toBe(3);
    expect(r.max16).toBeLessThanOrEqual(1);
    expect(r.max16).toBeGreaterThan(0.5);
    expect(r.diff).toBeLessThan(1e-6); // 16-bit v·257 / 65535 equals v / 255
    expect(r.s1[2]).toEqual([null, null]);
    expect(r.s1[0]![0]).not.toBeNull();
  });

  it('rejects a vertebra with a null corner other than S1 IP/IA, naming it', () => {
    const dir = join(tmp, 'bad');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify({ format: 'spine-landmarks/1', images: [
      { file: 'a.png', width: 10, height: 10, vertebrae: [{ label: 'L3', corners: [[1, 1], [2, 2], null, [3, 3]] }] }] }));
    const r = py<{ error: string }>(`
from sagitta_train.dataset import read_dataset, DatasetError
try:
    read_dataset(${JSON.stringify(dir)}); print(json.dumps({'error': ''}))
except DatasetError as e:
    print(json.dumps({'error': str(e)}))`);
    expect(r.error).toMatch(/images\[0\] \(a\.png\): L3 corner 2 is null \(only S1 may omit IP and IA\)$/);
  });
});

describe('COCO keypoint importer', () => {
  // Two hand-made images: a patient facing right (anterior = larger x) and one
  // facing left (anterior = smaller x). COCO/CVAT coordinates have (0,0) at the
  // image's top-left corner, so the spec's pixel-centre coordinates are 0.5 less.
  const coco = {
    images: [{ id: 1, file_name: 'right.png', width: 100, height: 100 }, { id: 2, file_name: 'left.png', width: 100, height: 100 }],
    categories: [{ id: 7, name: 'spine', keypoints: ['L5 superior anterior', 'L5 superior posterior', 'L5 inferior posterior', 'L5 inferior anterior', 'S1 superior anterior', 'S1 superior posterior', 'L4 superior anterior', 'extra'] }],
    annotations: [
      { id: 1, image_id: 1, category_id: 7, keypoints: [60.5, 20.5, 2, 30.5, 22.5, 2, 31.5, 40.5, 2, 61.5, 38.5, 2, 62.5, 50.5, 2, 32.5, 45.5, 2, 0, 0, 0, 5, 5, 2] },
      { id: 2, image_id: 2, category_id: 7, keypoints: [30.5, 20.5, 2, 60.5, 22.5, 2, 59.5, 40.5, 1, 29.5, 38.5, 2, 28.5, 50.5, 2, 58.5, 45.5, 2, 40, 10, 2, 0, 0, 0] },
    ],
  };
  it('maps keypoints to anatomical corners, never swapping them for a left-facing patient', () => {
    writeFileSync(join(tmp, 'coco.json'), JSON.stringify(coco));
    const out = join(tmp, 'imported');
    const r = py<{ doc: { images: { file: string; vertebrae: { label: string; corners: ([number, number] | null)[] }[] }[] }; warnings: string[] }>(`
from sagitta_train.coco import import_coco
doc, w = import_coco(${JSON.stringify(join(tmp, 'coco.json'))}, ${JSON.stringify(join(TRAINING, 'coco-mapping.example.json'))}, ${JSON.stringify(out)}, ${JSON.stringify(join(tmp, 'images'))})
print(json.dumps({'doc': doc, 'warnings': w}))`);
    const [right, left] = r.doc.images;
    expect(right!.file).toBe('../images/right.png');
    expect(right!.vertebrae.map((v) => v.label)).toEqual(['L5', 'S1']);
    expect(right!.vertebrae[0]!.corners).toEqual([[60, 20], [30, 22], [31, 40], [61, 38]]);
    expect(right!.vertebrae[1]!.corners).toEqual([[62, 50], [32, 45], null, null]);
    // Left-facing: SA stays the anterior corner, now at the smaller x; nothing is swapped.
    expect(left!.vertebrae[0]!.corners).toEqual([[30, 20], [60, 22], [59, 40], [29, 38]]);
    expect(left!.vertebrae[0]!.corners[0]![0]).toBeLessThan(left!.vertebrae[0]!.corners[1]![0]);
    expect(r.warnings).toContain('../images/right.png: keypoint spine/extra is not in the mapping; ignored');
    expect(r.warnings).toContain('../images/left.png: L4 lacks SP, IP, IA; vertebra left out');
    const written = JSON.parse(readFileSync(join(out, 'annotations.json'), 'utf8')) as { format: string };
    expect(written.format).toBe('spine-landmarks/1');
  });

  it('rejects a mapping value that is not LABEL.CORNER', () => {
    writeFileSync(join(tmp, 'badmap.json'), JSON.stringify({ format: 'sagitta-coco-mapping/1', keypoints: { a: 'L1.XX' } }));
    const r = py<{ error: string }>(`
from sagitta_train.coco import read_mapping, CocoError
try:
    read_mapping(${JSON.stringify(join(tmp, 'badmap.json'))}); print(json.dumps({'error': ''}))
except CocoError as e:
    print(json.dumps({'error': str(e)}))`);
    expect(r.error).toMatch(/keypoint 'a' maps to 'L1\.XX'; expected LABEL\.CORNER such as "L1\.SA"$/);
  });
});

describe('augmentations', () => {
  it('a horizontal flip mirrors x and keeps each corner index anatomical; image and points move together', () => {
    // A dot at L1's SA on a blank 64×64 image (patient facing right: SA right of SP).
    // Flipped: x → 63 − x, SA keeps index 0 and now lies LEFT of SP (patient faces left).
    const r = py<{ sa: number[]; sp: number[]; peak: number[]; rotPeak: number[]; rotSa: number[] }>(`
import numpy as np, torch
from sagitta_train.augment import random_affine, points_through
from sagitta_train.geometry import warp
img = torch.zeros(1, 1, 64, 64); img[0, 0, 20, 40] = 1.0
pts = np.array([[40.0, 20.0], [20.0, 22.0], [21.0, 30.0], [41.0, 29.0]])
m = random_affine(np.random.default_rng(0), 64, rot_deg=0, scale=(1, 1), shift=0, flip=True, aspect_sd=0)
out = warp(img, m[None], 64, 64); q = points_through(m, None, pts)
peak = np.unravel_index(int(out.argmax()), (64, 64))
m2 = random_affine(np.random.default_rng(3), 64, rot_deg=30, scale=(1, 1), shift=0, flip=True, aspect_sd=0)
img2 = torch.zeros(1, 1, 64, 64); img2[0, 0, 19:22, 39:42] = 1.0
out2 = warp(img2, m2[None], 64, 64); q2 = points_through(m2, None, pts)
w = out2[0, 0].numpy(); ys, xs = np.mgrid[0:64, 0:64]
print(json.dumps({'sa': q[0].tolist(), 'sp': q[1].tolist(), 'peak': [int(peak[1]), int(peak[0])],
  'rotPeak': [float((w * xs).sum() / w.sum()), float((w * ys).sum() / w.sum())], 'rotSa': q2[0].tolist()}))`);
    expect(r.sa[0]).toBeCloseTo(23, 5);
    expect(r.sa[1]).toBeCloseTo(20, 5);
    expect(r.sp[0]).toBeCloseTo(43, 5);
    expect(r.sa[0]).toBeLessThan(r.sp[0]);
    expect(r.peak).toEqual([23, 20]);
    expect(Math.hypot(r.rotPeak[0]! - r.rotSa[0]!, r.rotPeak[1]! - r.rotSa[1]!)).toBeLessThan(0.35);
  });

  it('step I learns a vertebra the augmentation cut as absent: presence 0, counted in the loss', () => {
    const r = py<{ cut: number; cutPresent: number; masked: number; wholeInside: boolean }>(`
import numpy as np
from sagitta_train.toy import write_toy_dataset
from sagitta_train.dataset import read_dataset
from sagitta_train.cache import build_cache
from sagitta_train.batches import step1_batch
d = write_toy_dataset(${JSON.stringify(join(tmp, 'toy-part'))}, 4, 128, seed=7)
c = build_cache(read_dataset(d), 128, 32, '', log=lambda m: None)
rng = np.random.default_rng(3); cut = cut_present = masked = 0; whole_inside = True
for k in range(40):
    x, pres, pmask, coords, cw = step1_batch(c, np.array([k % 4]), 64, rng, True)
    masked += int((pmask.numpy() == 0).sum())
    for v in range(24):
        q = coords.numpy()[0, v, :2 if v == 23 else 4]
        known = ~(q == 0).all(-1)
        if not known.any(): continue
        inside = (np.abs(q) <= 1).all(-1) & known
        if pres.numpy()[0, v] == 1: whole_inside &= bool(inside[known].all())
        if inside.any() and not inside[known].all():
            cut += 1; cut_present += int(pres.numpy()[0, v] == 1)
print(json.dumps({'cut': cut, 'cutPresent': cut_present, 'masked': masked, 'wholeInside': whole_inside}))`);
    expect(r.cut).toBeGreaterThan(5); // partly visible vertebrae occur under shift, zoom, rotation and the cuts
    expect(r.cutPresent).toBe(0);
    expect(r.masked).toBe(0); // none is left out of the presence loss
    expect(r.wholeInside).toBe(true);
  });

  it('step I weighs its presence loss at the chain\'s edges: the cut vertebrae and the whole ones beside them', () => {
    const r = py<{ edges: string[]; weights: number[]; batchOk: boolean }>(`
import numpy as np
from sagitta_train.toy import write_toy_dataset
from sagitta_train.dataset import read_dataset
from sagitta_train.cache import build_cache
from sagitta_train.batches import step1_batch, edge_labels
from sagitta_train.augment import visibility
from sagitta_train import LABELS
full = np.zeros(24, bool); part = np.zeros(24, bool)
full[LABELS.index('T12'):LABELS.index('L5') + 1] = True   # T12 ... L5 whole
part[LABELS.index('T11')] = True                           # T11 cut at the top of the field
edges = [LABELS[i] for i in np.flatnonzero(edge_labels(full, part))]
d = write_toy_dataset(${JSON.stringify(join(tmp, 'toy-edge'))}, 4, 128, seed=9)
c = build_cache(read_dataset(d), 128, 32, '', log=lambda m: None)
rng = np.random.default_rng(4); ok = True; seen = set()
for k in range(20):
    x, pres, w, coords, cw = step1_batch(c, np.array([k % 4]), 64, rng, True, 3.0)
    w = w.numpy()[0]; seen |= set(np.unique(w).tolist())
    p = pres.numpy()[0].astype(bool)
    # Where the label is present, weight 3 exactly at the chain's ends (a neighbour is not present).
    for v in np.flatnonzero(p):
        end = (v == 0 or not p[v - 1]) or (v == 23 or not p[v + 1])
        ok &= (w[v] == 3.0) == end
w0 = step1_batch(c, np.arange(4), 64, np.random.default_rng(0), False)[2].numpy()
print(json.dumps({'edges': edges, 'weights': sorted(seen), 'batchOk': bool(ok and (w0 == 1).all())}))`);
    expect(r.edges).toEqual(['T11', 'T12', 'L5']);
    expect(r.weights).toEqual([1, 3]);
    expect(r.batchOk).toBe(true); // and validation batches (edge weight 1 by default) weigh every label 1
  });

  it('a caudal cut leaves L5, L4 or L3 as the lowest vertebra reported present', () => {
    const r = py<{ lowest: string[] }>(`
import numpy as np
from sagitta_train.toy import write_toy_dataset
from sagitta_train.dataset import read_dataset
from sagitta_train.cache import build_cache
from sagitta_train.augment import caudal_cut, visibility
from sagitta_train import LABELS
d = write_toy_dataset(${JSON.stringify(join(tmp, 'toy-cut'))}, 2, 128, seed=5)
c = build_cache(read_dataset(d), 128, 32, '', log=lambda m: None)
rng = np.random.default_rng(0); lowest = []
for k in range(30):
    pts = c['corners'][k % 2]
    y = caudal_cut(pts, rng, 128)
    full, part = visibility(pts, 128, 0, y)
    lowest.append(LABELS[int(np.nonzero(full)[0].max())])
print(json.dumps({'lowest': sorted(set(lowest))}))`);
    expect(r.lowest).toEqual(['L3', 'L4', 'L5']);
  });
});

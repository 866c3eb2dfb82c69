/**
 * Parity with the training code (models/training, Debian's /usr/bin/python3
 * with torch): step I's input and a step-II crop built by the pipeline equal,
 * to float rounding, what the training code feeds the networks for the same
 * image (its `resize` to the cache side, then `warp`; its `crop_matrix`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../server/image/png.js';
import { loadImage } from '../server/image/load.js';
import { resampleInto, resizeInto, unitScale } from '../server/image/resample.js';
import { cropRegion } from '../server/pipeline/crop.js';
import type { Point } from '../server/spec/labels.js';

const PY = process.env['SAGITTA_PYTHON'] ?? '/usr/bin/python3';
const root = join(import.meta.dirname, '..');
const SCRIPT = `
import sys, numpy as np, torch
sys.path.insert(0, sys.argv[1] + '/models/training')
from sagitta_train.geometry import resize, warp, scale_matrix
from sagitta_train.batches import crop_matrix
from sagitta_train.dataset import load_gray
img = load_gray(sys.argv[2]); cache = int(sys.argv[3]); corners = np.array(eval(sys.argv[4]), dtype=np.float64)
c = resize(img, cache, cache)
x = warp(torch.from_numpy(c)[None, None], scale_matrix(cache, cache, 256, 256)[None], 256, 256)[0, 0].numpy()
y = warp(torch.from_numpy(img)[None, None], crop_matrix(corners, 128)[None], 128, 128)[0, 0].numpy()
np.concatenate([x.ravel(), y.ravel()]).astype('<f4').tofile(sys.argv[5])
`;

const dir = mkdtempSync(join(tmpdir(), 'sagitta-parity-'));
const corners: Point[] = [[400.3, 500.2], [480.7, 490.1], [485.2, 560.9], [405.5, 570.4]];

/** A textured test image: smooth waves plus a hash pattern (so aliasing differences would show). */
function texture(w: number, h: number): { data: Uint8Array; width: number; height: number } {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.round(127 + 60 * Math.sin(x / 37) * Math.cos(y / 23) + 40 * (((x * 7 + y * 13) % 17) / 17 - 0.5));
  return { data, width: w, height: h };
}

describe('pre-processing parity with the training code', () => {
  for (const [w, h, cache] of [[1024, 1024, 512], [1000, 900, 512]] as const) {
    it(`${w}×${h} via a ${cache} training side, and a step-II crop`, async () => {
      const png = join(dir, `t${w}x${h}.png`), out = join(dir, `t${w}x${h}-${cache}.f32`);
      writeFileSync(png, encodePng(texture(w, h)));
      execFileSync(PY, ['-c', SCRIPT, root, png, String(cache), JSON.stringify(corners), out], { stdio: ['ignore', 'ignore', 'inherit'] });
      const b = readFileSync(out), ref = new Float32Array(b.buffer, b.byteOffset, b.length / 4);
      const img = await loadImage(png), unit = { scale: unitScale(img), mean: 0, std: 1 };
      const x = new Float32Array(256 * 256), y = new Float32Array(128 * 128);
      resizeInto(img, unit, x, 0, 256, 256, cache);
      resampleInto(img, cropRegion(corners, { enlarge: 0.7, square: true })!, unit, y, 0, 128, 128);
      const maxDiff = (a: Float32Array, off: number): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - ref[off + i]!)), 0);
      expect(maxDiff(x, 0)).toBeLessThan(1e-5);
      expect(maxDiff(y, x.length)).toBeLessThan(1e-5);
    }, 60_000);
  }
});

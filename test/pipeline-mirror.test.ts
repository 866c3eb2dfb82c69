/**
 * `stepII.mirror` on the trained package (models/default) with real ONNX
 * Runtime sessions: every crop is also run mirrored and the two estimates are
 * averaged. On phantom stills with exact truth the mirrored run must find the
 * same vertebrae, move no corner far, not be less accurate, and report spreads
 * no smaller than the mean of the two views (disagreement adds to them).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../server/pipeline/index.js';
import { renderStill } from '../server/phantom/index.js';
import { DEFAULT_MODELS } from './helpers/phantom-play.js';

const dirs: string[] = [];
function withMirror(mirror: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'sagitta-mirror-'));
  dirs.push(dir);
  cpSync(DEFAULT_MODELS, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { stepII: Record<string, unknown> };
  m.stepII.mirror = mirror;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return dir;
}

let plain: Pipeline, mirrored: Pipeline;
beforeAll(async () => {
  plain = await createPipeline({ modelsDir: withMirror(false), provider: 'cpu', threads: 2 });
  mirrored = await createPipeline({ modelsDir: withMirror(true), provider: 'cpu', threads: 2 });
}, 60_000);
afterAll(async () => {
  await plain?.dispose(); await mirrored?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('step II with mirrored crops (models/default)', () => {
  it('finds the same vertebrae, stays near the plain corners and is at least as accurate on phantom stills', async () => {
    const stills = [11, 12, 13, 14].map((seed) => renderStill({ seed, width: 1024, height: 1024, look: { metal: false } }));
    const images = stills.map((s) => s.image);
    const a = await plain.run(images), b = await mirrored.run(images);
    let errPlain = 0, errMirror = 0, n = 0;
    stills.forEach((s, k) => {
      expect(b[k]!.vertebrae.map((v) => v.label)).toEqual(a[k]!.vertebrae.map((v) => v.label));
      const truth = new Map(s.truth.vertebrae.map((v) => [v.label, v.corners]));
      b[k]!.vertebrae.forEach((v, i) => {
        const p = a[k]!.vertebrae[i]!, t = truth.get(v.label);
        v.corners.forEach((c, j) => {
          const q = p.corners[j];
          if (!c || !q) { expect(c).toBe(q); return; }
          expect(Math.hypot(c[0] - q[0], c[1] - q[1])).toBeLessThan(6); // px on a 1024² image, vertebrae ≈ 100 px wide
          expect(v.spread[j]!).toBeGreaterThan(0);
          const tc = t?.[j];
          if (tc) { errPlain += Math.hypot(q[0] - tc[0], q[1] - tc[1]); errMirror += Math.hypot(c[0] - tc[0], c[1] - tc[1]); n++; }
        });
      });
    });
    expect(n).toBeGreaterThan(60);
    console.log(`mean corner error over ${n} corners: plain ${(errPlain / n).toFixed(2)} px, mirrored ${(errMirror / n).toFixed(2)} px`);
    expect(errMirror / n).toBeLessThanOrEqual((errPlain / n) * 1.05);
  }, 60_000);
});

/**
 * End to end through the CLI with real ONNX Runtime sessions: `sagitta
 * measure` and `sagitta evaluate` on phantom stills (`sagitta phantom
 * stills`) and on a hand-made dot dataset whose truth the tiny analytic
 * models recover, so the metrics must come out near perfect. The trained
 * package models/default is exercised too when it is present.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng } from '../server/image/png.js';
import { computeAngles } from '../server/measure/angles.js';
import { dotImage, dotTruth, TINY_MODELS, WRONG_TASK_MODELS } from './fixtures/synthetic.js';

const root = join(import.meta.dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'sagitta-e2e-'));
function sagitta(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/sagitta.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The parts of metrics.json these tests read. */
interface Metrics {
  images: number;
  presenceThreshold: number;
  pck: { thresholds: number[]; overall: number[] };
  angles: Record<string, { n: number; unmeasured: number; maxAbsError: number | null }>;
  detection: { truth: number; detected: number; falsePositives: number; accuracy: number };
  table1: { overall: { samples: number; medianXStepII: number; medianYStepI: number; medianYStepII: number } };
}

const PACKAGES = [TINY_MODELS, ...(existsSync(join(root, 'models/default/manifest.json')) ? [join(root, 'models/default')] : [])];

describe('measure and evaluate on phantom stills', () => {
  const ph = join(tmp, 'phantom');
  it('generates the phantom dataset', () => {
    const r = sagitta('phantom', 'stills', '--out', ph, '--n', '3', '--seed', '11', '--size', '384x384');
    expect(r.status, r.stderr).toBe(0);
  }, 120_000);

  for (const models of PACKAGES) {
    it(`measure writes predictions and overlays (${models.endsWith('tiny') ? 'tiny fixture' : 'models/default'})`, () => {
      const out = join(tmp, `pred-${PACKAGES.indexOf(models)}.json`), ov = join(tmp, `ov-${PACKAGES.indexOf(models)}`);
      const r = sagitta('measure', join(ph, 'annotations.json'), '--models', models, '--out', out, '--overlay', ov, '--threads', '1');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/00000\.png: /);
      const pred = JSON.parse(readFileSync(out, 'utf8')) as { format: string; images: { file: string; vertebrae: { score: number; spread: unknown[] }[]; unmeasurable: object }[] };
      expect(pred.format).toBe('spine-landmarks/1');
      expect(pred.images.map((i) => i.file)).toEqual(['00000.png', '00001.png', '00002.png']);
      for (const im of pred.images) for (const v of im.vertebrae) { expect(v.score).toBeGreaterThanOrEqual(0.5); expect(v.spread).toHaveLength(4); }
      const overlay = decodePng(readFileSync(join(ov, '00000-overlay.png')));
      expect([overlay.width, overlay.height]).toEqual([384, 384]);
    }, 120_000);

    it(`evaluate writes metrics.json and the figures (${models.endsWith('tiny') ? 'tiny fixture' : 'models/default'})`, () => {
      const out = join(tmp, `eval-${PACKAGES.indexOf(models)}`);
      const r = sagitta('evaluate', '--dataset', ph, '--models', models, '--out', out, '--threads', '1');
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Vertebra {2}x I\(%\)/);
      const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
      expect(m.images).toBe(3);
      // The package's step-I candidate threshold (models/default: chosen on a calibration set, docs/pipeline.md).
      expect(m.presenceThreshold).toBe(models.endsWith('tiny') ? 0.5 : 0.3);
      expect(m.pck.thresholds).toHaveLength(20);
      expect(Object.keys(m.angles)).toEqual(['L1L5', 'L1S1', 'SS']);
      expect(m.detection.truth).toBeGreaterThan(0);
      for (const f of ['pck.png', 'regression-L1L5.png', 'bland-altman-SS.png', 'regression-discs.png', 'predictions.json']) expect(existsSync(join(out, f)), f).toBe(true);
    }, 120_000);
  }
});

describe('evaluate on a dot dataset the tiny models solve', () => {
  it('reports near-perfect corners, detection and angles', () => {
    const dir = join(tmp, 'dots'), images = [];
    spawnSync('mkdir', ['-p', dir]);
    for (let k = 0; k < 4; k++) {
      const W = 640 + 64 * k, truth = dotTruth(W, W, 1 + k * 0.5);
      writeFileSync(join(dir, `d${k}.png`), encodePng(dotImage(W, W, Object.values(truth).flat(), 4) as { data: Uint8Array; width: number; height: number }));
      const vertebrae = Object.entries(truth).map(([label, c]) => ({ label, corners: label === 'S1' ? [c[0], c[1], null, null] : c }));
      images.push({ file: `d${k}.png`, width: W, height: W, vertebrae, angles: computeAngles(vertebrae).angles });
    }
    writeFileSync(join(dir, 'annotations.json'), JSON.stringify({ format: 'spine-landmarks/1', images }));
    const out = join(tmp, 'dots-eval');
    const r = sagitta('evaluate', '--dataset', dir, '--models', TINY_MODELS, '--out', out, '--threads', '1');
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Metrics;
    expect(m.detection).toMatchObject({ truth: 24, detected: 24, falsePositives: 0, accuracy: 100 });
    expect(m.table1.overall.samples).toBe(24);
    expect(m.table1.overall.medianXStepII).toBeLessThan(2);
    expect(m.table1.overall.medianYStepII).toBeLessThan(m.table1.overall.medianYStepI); // step II corrects step I
    expect(m.pck.overall[3]).toBe(100); // every corner within 20 % of the width
    expect(m.angles.L1L5.n + m.angles.L1L5.unmeasured).toBe(4);
    expect(m.angles.L1L5.maxAbsError ?? 0).toBeLessThan(3);
  }, 120_000);

  it('--calibrate-spreads writes the measured spread scale into the package, and a rerun then measures about 1', () => {
    const pkg = join(tmp, 'tiny-copy');
    cpSync(TINY_MODELS, pkg, { recursive: true });
    const scaleOf = (out: string) => (JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { spreadHonesty: { scale: number } }).spreadHonesty.scale;
    const r = sagitta('evaluate', '--dataset', join(tmp, 'dots'), '--models', pkg, '--out', join(tmp, 'cal-1'), '--threads', '1', '--calibrate-spreads');
    expect(r.status, r.stderr).toBe(0);
    const measured = scaleOf(join(tmp, 'cal-1'));
    const written = (JSON.parse(readFileSync(join(pkg, 'manifest.json'), 'utf8')) as { stepII: { spreadScale: number } }).stepII.spreadScale;
    expect(written).toBeCloseTo(measured, 3);
    expect(r.stdout).toContain(`spread calibration: stepII.spreadScale 1 → ${written} written to ${pkg}/manifest.json`);
    const again = sagitta('evaluate', '--dataset', join(tmp, 'dots'), '--models', pkg, '--out', join(tmp, 'cal-2'), '--threads', '1');
    expect(again.status, again.stderr).toBe(0);
    expect(scaleOf(join(tmp, 'cal-2'))).toBeCloseTo(1, 1);
  }, 120_000);
});

describe('bad input through the CLI', () => {
  it('names a text file, a missing model package and a model for another task', () => {
    const txt = join(tmp, 'notes.png');
    writeFileSync(txt, 'hello\n');
    const a = sagitta('measure', txt, '--models', TINY_MODELS);
    expect(a.status).toBe(1);
    expect(a.stderr).toContain('notes.png: not a PNG, JPEG or DICOM image (unrecognised content)');
    const b = sagitta('measure', txt, '--models', join(tmp, 'nowhere'));
    expect(b.status).toBe(1);
    expect(b.stderr).toContain(`no model package at ${join(tmp, 'nowhere')}`);
    const c = sagitta('evaluate', '--dataset', join(tmp, 'dots'), '--models', WRONG_TASK_MODELS, '--out', join(tmp, 'never'));
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('has outputs [logits], manifest expects "presence" (is this a model for another task?)');
  }, 60_000);
  it('refuses a bad --mirror and mirrored views for a package without a mirror', () => {
    const a = sagitta('evaluate', '--dataset', join(tmp, 'dots'), '--models', TINY_MODELS, '--out', join(tmp, 'never'), '--mirror', 'sideways');
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--mirror must be on or off, got "sideways"');
    const b = sagitta('evaluate', '--dataset', join(tmp, 'dots'), '--models', TINY_MODELS, '--out', join(tmp, 'mirror-on'), '--mirror', 'on', '--threads', '1');
    expect(b.status).toBe(1);
    expect(b.stderr).toContain(`--mirror on: the package at ${TINY_MODELS} has neither stepI.mirror nor stepII.mirror`);
  }, 60_000);
  it('refuses a --presence-threshold outside (0, 1)', () => {
    for (const bad of ['1', '0', 'half']) {
      const a = sagitta('evaluate', '--dataset', join(tmp, 'dots'), '--models', TINY_MODELS, '--out', join(tmp, 'never'), '--presence-threshold', bad);
      expect(a.status).toBe(2);
      expect(a.stderr).toContain(`--presence-threshold must be a number between 0 and 1 (exclusive), got "${bad}"`);
    }
  }, 60_000);
});

/**
 * Training smoke test (CI): a tiny dataset, one short epoch of both profiles
 * at reduced size (`--input-size`, `--crop-size`, `--width`), export to a
 * model package, the PyTorch-vs-onnxruntime-node parity check (1e-4, done by
 * train.py, which fails otherwise), and a real load + run of the package in
 * the pipeline (server/pipeline). Needs Debian's python3-torch/torchvision.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../server/pipeline/index.js';
import type { ModelManifest } from '../server/pipeline/manifest-types.js';
import { decodePng } from '../server/image/png.js';

const PY = process.env['SAGITTA_PYTHON'] ?? '/usr/bin/python3';
const ROOT = process.cwd();
const tmp = mkdtempSync(join(tmpdir(), 'sagitta-training-smoke-'));
const data = join(tmp, 'data');

/** `sagitta train` as a user runs it; returns its stdout (throws with the output on failure). */
function train(profile: 'realtime' | 'paper', out: string, extra: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin', 'sagitta.js'), 'train', '--profile', profile, '--data', data,
    '--out', out, '--work', join(tmp, `work-${profile}`), '--epochs1', '1', '--epochs2', '1', '--steps1', '1', '--steps2', '1',
    '--threads', '2', ...extra], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  execFileSync(PY, ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(join(ROOT, 'models', 'training'))})
from sagitta_train.toy import write_toy_dataset
write_toy_dataset(${JSON.stringify(data)}, 8, 128, seed=3)`]);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function loadAndRun(dir: string): Promise<{ manifest: ModelManifest; labels: string[] }> {
  const pipeline = await createPipeline({ modelsDir: dir, provider: 'cpu', threads: 2 });
  try {
    const img = decodePng(readFileSync(join(data, '0000.png')));
    const [pred] = await pipeline.run([img, img]);
    return { manifest: pipeline.manifest, labels: pred!.vertebrae.map((v) => v.label) };
  } finally {
    await pipeline.dispose();
  }
}

describe('training smoke', () => {
  it('realtime profile: trains, exports, passes parity and loads in the pipeline', async () => {
    const out = join(tmp, 'realtime');
    const log = train('realtime', out, ['--input-size', '64', '--crop-size', '32', '--width', '0.5', '--s1-weight', '3']);
    expect(log).toMatch(/step I epoch 1\/1: train loss [\d.]+, val loss [\d.]+, presence acc/);
    expect(log).toMatch(/step II: S1 crops drawn 3x as often \(\d+ % of crops\)/);
    expect(log).toMatch(/step II epoch 1\/1: .*median err x [\d.]+% y [\d.]+%/);
    expect(log).toMatch(/parity \(max \|PyTorch − onnxruntime-node\|\)/);
    const { manifest } = await loadAndRun(out);
    expect(manifest.format).toBe('sagitta-models/1');
    expect(manifest.syntheticOnly).toBe(true);
    expect(manifest.stepI.input).toEqual({ name: 'image', height: 64, width: 64 });
    expect(manifest.stepI.heatmap).toEqual({ height: 16, width: 16 });
    expect(manifest.stepII.heatmap).toEqual({ height: 16, width: 16 });
    expect(manifest.stepII.crop).toEqual({ enlarge: 0.7, square: true });
    const parity = (manifest.training as { parity: Record<string, Record<string, number>> }).parity;
    for (const d of [...Object.values(parity['stepI']!), ...Object.values(parity['stepII']!)]) expect(d).toBeLessThanOrEqual(1e-4);
  }, 240_000);

  it('paper profile (ResNet50 + InceptionV3, shrunk inputs): trains, exports one step-I graph, passes parity', async () => {
    const out = join(tmp, 'paper');
    const log = train('paper', out, ['--input-size', '160', '--crop-size', '128', '--batch1', '2', '--batch2', '2']);
    expect(log).toMatch(/CNN 1 epoch 1\/1: .*presence acc/);
    expect(log).toMatch(/CNN 2 epoch 1\/1: .*median err x/);
    expect(log).toMatch(/step II epoch 1\/1: /);
    const { manifest } = await loadAndRun(out);
    expect(manifest.stepI.input.height).toBe(160);
    expect(manifest.stepII.input.height).toBe(128);
    const parity = (manifest.training as { parity: Record<string, Record<string, number>> }).parity;
    expect(Object.keys(parity['stepI']!).sort()).toEqual(['heatmaps', 'presence']);
    for (const d of [...Object.values(parity['stepI']!), ...Object.values(parity['stepII']!)]) expect(d).toBeLessThanOrEqual(1e-4);
  }, 600_000);
});

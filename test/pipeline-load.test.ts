/**
 * Load-time validation of model packages on real ONNX Runtime sessions: each
 * broken copy of the tiny package is refused with a message naming the fault.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../server/pipeline/index.js';
import { dotImage, dotTruth, TINY_MODELS, WRONG_TASK_MODELS } from './fixtures/synthetic.js';

type Manifest = Record<string, unknown> & { stepI: Record<string, unknown>; stepII: Record<string, unknown> };

/** A copy of the tiny package with its manifest edited (and optional file changes). */
function variant(edit: (m: Manifest) => void, files?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'sagitta-models-'));
  cpSync(TINY_MODELS, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  edit(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  files?.(dir);
  return dir;
}

const load = (dir: string): Promise<unknown> => createPipeline({ modelsDir: dir, provider: 'cpu' });

describe('model package validation', () => {
  it('refuses a folder without manifest.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sagitta-models-'));
    await expect(load(dir)).rejects.toThrow(`model package ${dir}: cannot read manifest.json (ENOENT)`);
  });
  it('refuses a manifest of another format or with wrong labels', async () => {
    await expect(load(variant((m) => { m.format = 'other/2'; }))).rejects.toThrow('format must be "sagitta-models/1" (got "other/2")');
    await expect(load(variant((m) => { (m.labels as string[]).reverse(); }))).rejects.toThrow('labels must be the 24 labels C2…S1 in order');
    await expect(load(variant((m) => { delete m.stepII.crop; }))).rejects.toThrow('stepII: crop must be { enlarge ≥ 0, square: boolean }');
    await expect(load(variant((m) => { m.stepII.mirror = true; }))).rejects.toThrow('stepII: mirror must be { spreadScale } with spreadScale in (0, 10]');
    await expect(load(variant((m) => { m.stepII.mirror = { spreadScale: 0 }; }))).rejects.toThrow('stepII: mirror must be { spreadScale } with spreadScale in (0, 10]');
    await expect(load(variant((m) => { m.stepI.mirror = { spreadScale: 'x' }; }))).rejects.toThrow('stepI: mirror must be { spreadScale } with spreadScale in (0, 10]');
  });
  it('multiplies the step-II spreads by stepII.spreadScale and refuses an impossible factor', async () => {
    await expect(load(variant((m) => { m.stepII.spreadScale = 0; }))).rejects.toThrow('stepII: spreadScale must be a number in (0, 10]');
    await expect(load(variant((m) => { m.stepII.spreadScale = 'half'; }))).rejects.toThrow('stepII: spreadScale must be a number in (0, 10]');
    await expect(load(variant((m) => { m.stepI.presenceThreshold = 1; }))).rejects.toThrow('stepI.presenceThreshold must be a number in (0, 1) (got 1)');
    await expect(load(variant((m) => { m.stepI.presenceThreshold = '0.3'; }))).rejects.toThrow('stepI.presenceThreshold must be a number in (0, 1)');
    const W = 768, img = dotImage(W, W, Object.values(dotTruth(W, W, 3)).flat(), 4);
    const plain = await createPipeline({ modelsDir: TINY_MODELS, provider: 'cpu', threads: 1 });
    const scaled = await createPipeline({ modelsDir: variant((m) => { m.stepII.spreadScale = 0.5; }), provider: 'cpu', threads: 1 });
    try {
      const [a] = await plain.run([img]), [b] = await scaled.run([img]);
      expect(b!.vertebrae.map((v) => v.corners)).toEqual(a!.vertebrae.map((v) => v.corners));
      b!.vertebrae.forEach((v, i) => v.spread.forEach((s, c) => expect(s).toBeCloseTo(a!.vertebrae[i]!.spread[c]! * 0.5, 9)));
      expect(b!.vertebrae.map((v) => v.stepI.spread)).toEqual(a!.vertebrae.map((v) => v.stepI.spread)); // step I has its own factor (absent: 1)
      expect(b!.sd.L1L5).toBeCloseTo(a!.sd.L1L5! * 0.5, 6); // angle SDs are linear in the spreads
    } finally { await plain.dispose(); await scaled.dispose(); }
  });
  it('refuses a missing ONNX file and a SHA-256 mismatch', async () => {
    await expect(load(variant(() => {}, (d) => rmSync(join(d, 'tiny-step2.onnx'))))).rejects.toThrow('stepII file "tiny-step2.onnx" cannot be read (ENOENT)');
    await expect(load(variant(() => {}, (d) => writeFileSync(join(d, 'tiny-step1.onnx'), 'garbage')))).rejects.toThrow(/stepI file "tiny-step1\.onnx" has SHA-256 [0-9a-f]{64}, manifest says [0-9a-f]{64} \(wrong or corrupted file\)/);
  });
  it('refuses input names, input sizes and heatmap sizes that do not match the models', async () => {
    await expect(load(variant((m) => { (m.stepI.input as Record<string, unknown>).name = 'pixels'; }))).rejects.toThrow('stepI model "tiny-step1.onnx" has inputs [image], manifest expects exactly one input "pixels"');
    await expect(load(variant((m) => { (m.stepII.input as Record<string, unknown>).height = 48; }))).rejects.toThrow('stepII model "tiny-step2.onnx" input "crop" has shape [N, 1, 32, 32], manifest expects [N, 1, 48, 32] with a dynamic batch N');
    await expect(load(variant((m) => { m.stepI.heatmap = { height: 8, width: 8 }; }))).rejects.toThrow('step I model "tiny-step1.onnx" output "heatmaps" has shape [1, 24, 4, 16, 16], expected [1, 24, 4, 8, 8] (manifest and model disagree)');
  });
  it('refuses a model for another task', async () => {
    await expect(load(WRONG_TASK_MODELS)).rejects.toThrow('stepI model "wrong-task.onnx" has outputs [logits], manifest expects "presence" (is this a model for another task?)');
    // Step I and step II swapped: the step-II network has no presence output.
    await expect(load(variant((m) => { const a = m.stepI, b = m.stepII; m.stepI = { ...b, outputs: { presence: 'presence', heatmaps: 'heatmaps' } }; m.stepII = { ...a, crop: b.crop }; }))).rejects.toThrow(/stepI model "tiny-step2\.onnx" has (inputs|outputs)/);
  });
  it('falls back to cpu and says why (no GPU on this machine; the GPU itself is not mocked)', async () => {
    const cuda = await createPipeline({ modelsDir: TINY_MODELS, provider: 'cuda' });
    expect(cuda.provider).toBe('cpu');
    expect(cuda.providerNote).toMatch(/^cuda unavailable \(not bundled with onnxruntime-node [\d.]+\); using cpu$/);
    await cuda.dispose();
    const auto = await createPipeline({ modelsDir: TINY_MODELS });
    expect(auto.providerNote).toMatch(/using (cpu|webgpu)$/);
    await auto.dispose();
  });
  it('refuses bad options', async () => {
    await expect(createPipeline({ modelsDir: TINY_MODELS, threads: -1 })).rejects.toThrow('threads must be an integer ≥ 0, got -1');
    await expect(createPipeline({ modelsDir: TINY_MODELS, maxBatch: 0 })).rejects.toThrow('maxBatch must be an integer ≥ 1, got 0');
  });
});

/**
 * Pipeline speed on this machine: ms per 1024×1024 frame for pre-processing
 * (resize, and the field's edges: surround levels and grey blades), step I,
 * step II (crops + run) and post-processing at batch 1 and 4, with ORT's
 * spin-waiting on and off, and the
 * speed-up of one batched step-II run over one run per vertebra. Uses
 * models/default when present, else the tiny test fixture (and says which).
 * SAGITTA_BENCH_MODELS=DIR picks another package, SAGITTA_THREADS the ORT threads.
 * Frames are phantom stills (`sagitta phantom stills`), cached in /tmp/pipeline.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { createPipeline, type ImagePrediction } from '../server/pipeline/index.js';
import { createSession } from '../server/pipeline/sessions.js';
import { loadImage } from '../server/image/load.js';
import { median } from '../server/evaluate/stats.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const modelsDir = process.env.SAGITTA_BENCH_MODELS ?? (existsSync(join(root, 'models/default/manifest.json')) ? join(root, 'models/default') : join(root, 'test/fixtures/models/tiny'));
const frames = '/tmp/pipeline/bench-frames';
if (!existsSync(join(frames, 'annotations.json'))) {
  const r = spawnSync(process.execPath, [join(root, 'bin/sagitta.js'), 'phantom', 'stills', '--out', frames, '--n', '4', '--seed', '5', '--size', '1024x1024'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not render the phantom frames');
}
const images = await Promise.all([0, 1, 2, 3].map((i) => loadImage(join(frames, `0000${i}.png`))));
const threads = Number(process.env.SAGITTA_THREADS ?? 0);
const reps = Number(process.env.SAGITTA_BENCH_REPS ?? 30);
let m: Awaited<ReturnType<typeof createPipeline>>['manifest'] | undefined;
// ORT's own default is to let its threads spin-wait between operators; the pipeline turns that
// off by default (the live monitor too): on 2 cores the spinning threads slow the JavaScript
// stages and each other. Both are measured, spinning first.
for (const spinning of [true, false]) {
  const p = await createPipeline({ modelsDir, provider: (process.env.SAGITTA_PROVIDER as 'cpu' | undefined) ?? 'auto', threads, maxBatch: 4, spinning });
  if (!m) {
    m = p.manifest;
    console.log(`models: ${process.env.SAGITTA_BENCH_MODELS ? modelsDir : modelsDir.endsWith('default') ? 'models/default' : 'test fixture (tiny analytic; models/default not present)'} — ${m.name} ${m.version}, step I ${m.stepI.input.width}², step II ${m.stepII.input.width}²`);
    console.log(`provider: ${p.providerNote}; threads: ${threads || 'ORT default'}; CPU cores: ${(await import('node:os')).availableParallelism()}`);
  }
  console.log(`ORT spin-waiting ${spinning ? 'on (ORT\'s own default)' : 'off (the pipeline\'s default: measure, evaluate, the live monitor)'}:`);
  for (const batch of [1, 4]) {
    const sample = images.slice(0, batch);
    for (let r = 0; r < 5; r++) await p.run(sample); // warm-up (the JIT compiles the JavaScript stages over the first runs)
    const rows: ImagePrediction['timings'][] = [];
    let vertebrae = 0;
    for (let r = 0; r < reps; r++) {
      const out = await p.run(sample);
      rows.push(out[0]!.timings);
      vertebrae = out.reduce((s, o) => s + o.vertebrae.length, 0);
    }
    const per = (k: 'preMs' | 'stepIMs' | 'stepIIMs' | 'postMs'): number => median(rows.map((t) => t[k])) / batch;
    const total = per('preMs') + per('stepIMs') + per('stepIIMs') + per('postMs');
    console.log(`  batch ${batch}: per frame pre ${per('preMs').toFixed(1)} ms, step I ${per('stepIMs').toFixed(1)} ms, step II ${per('stepIIMs').toFixed(1)} ms (${(vertebrae / batch).toFixed(1)} crops), post ${per('postMs').toFixed(1)} ms, total ${total.toFixed(1)} ms (${(1000 / total).toFixed(1)} frames/s)`);
  }
  await p.dispose();
}

// Step II: one run of M crops vs M runs of one crop (same session, same provider).
const sII = m!.stepII;
const bytes = new Uint8Array(await readFile(join(modelsDir, sII.file)));
const { session } = await createSession(bytes, { provider: 'cpu', threads });
const plane = sII.input.height * sII.input.width, M = 17;
const input = new Float32Array(M * plane).map((_, i) => (i % 97) / 97);
const feed = (n: number, k = 0): Record<string, ort.Tensor> => ({ [sII.input.name]: new ort.Tensor('float32', input.subarray(k * plane, (k + n) * plane), [n, 1, sII.input.height, sII.input.width]) });
await session.run(feed(M)); await session.run(feed(1));
const batched: number[] = [], single: number[] = [];
for (let r = 0; r < reps; r++) {
  let t = performance.now(); await session.run(feed(M)); batched.push(performance.now() - t);
  t = performance.now(); for (let k = 0; k < M; k++) await session.run(feed(1, k)); single.push(performance.now() - t);
}
const b = median(batched), s = median(single);
console.log(`step II, ${M} crops (one frame L1-S1 + thoracic): one batched run ${b.toFixed(1)} ms vs ${M} single runs ${s.toFixed(1)} ms: speed-up ${(s / b).toFixed(2)}x`);
await session.release();

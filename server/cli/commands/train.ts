/**
 * `sagitta train` (`npm run train -- --profile realtime|paper [...]`): trains a
 * model package with the PyTorch code in models/training and streams its
 * progress. Without `--data` it first generates phantom stills with
 * `sagitta phantom stills` (fixed seeds) into a temporary folder, so that
 * `npm run train -- --profile realtime` regenerates models/default/.
 *
 * Example: npm run train -- --profile realtime --n 2000
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intOption, parseCommandArgs } from '../args.js';
import { CliError } from '../errors.js';

export const summary = 'train a model package (PyTorch, models/training) and export it to ONNX';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TRAIN_PY = join(ROOT, 'models', 'training', 'train.py');

/** Options passed through to train.py unchanged (name → takes a value). */
const PASS_THROUGH = [
  'val', 'work', 'stage', 'epochs1', 'epochs2', 'steps1', 'steps2', 'batch1', 'batch2', 'input-size', 'crop-size',
  'width', 'cache-size', 'minutes', 'threads', 'resnet50-weights', 'inception-weights', 'name', 'version',
  'init1', 'init2', 'lr1', 'lr2', 'reg-sigma', 's1-weight',
] as const;

const HELP = `Usage: sagitta train --profile realtime|paper [options]
  --profile P          realtime (default; the shipped models/default) or paper (Cina et al. 2021, for a GPU)
  --data DIR           spine-landmarks/1 dataset to train on (repeatable); default: generate phantom stills
  --out DIR            package folder to write (default: models/default for realtime, models/paper for paper)
  --n N                phantom stills to generate without --data (default 2000, plus N/4 --hard and 3N/4 --metal)
  --data-seed S        seed of the generated phantom stills (default 777; --hard uses S + 1, --metal S + 2)
  --seed S             seed of training: split, augmentation, initial weights (default 1234)
  --phantom-size WxH   size of the generated stills (default: the phantom's)
  --keep-data          keep the generated phantom folder (printed) instead of deleting it
  --calibrate DIR      annotated held-out set for the spread calibration after export
                       (sagitta evaluate --calibrate-spreads); default without --data:
                       phantom stills 200 normal (seed 515151) + 50 --hard (seed 525252)
  --no-calibrate       skip the spread calibration
  --python PATH        Python with PyTorch (default: $SAGITTA_PYTHON, /usr/bin/python3, python3)
  Passed to models/training/train.py: ${PASS_THROUGH.map((o) => `--${o}`).join(' ')}`;

/** Runs a child process, streaming its output line by line; resolves to its exit code. */
function runStreaming(cmd: string, args: string[], prefix: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const pipe = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (!/Warning|_C\._jit_pass|^\s*$/.test(line)) out.write(prefix + line + '\n');
      });
      stream.on('end', () => { if (rest) out.write(prefix + rest + '\n'); });
    };
    pipe(child.stdout, process.stdout);
    pipe(child.stderr, process.stderr);
    child.on('error', (err) => fail(new CliError(`cannot start ${cmd}: ${err.message}`, 1)));
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

function findPython(explicit: string | undefined): string {
  const candidates = [explicit, process.env['SAGITTA_PYTHON'], '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  return candidates.find((p) => !p.startsWith('/') || existsSync(p)) ?? 'python3';
}

interface PhantomSet { sub: string; n: number; seed: number; hard: boolean; metal?: boolean }

/** The phantom training sets: N normal stills, N/4 --hard (seed + 1) and 3N/4 --metal (seed + 2, implants in every image). */
function trainingSets(n: number, seed: number): PhantomSet[] {
  return [
    { sub: 'normal', n, seed, hard: false },
    { sub: 'hard', n: Math.max(1, Math.floor(n / 4)), seed: seed + 1, hard: true },
    { sub: 'metal', n: Math.max(1, Math.floor((3 * n) / 4)), seed: seed + 2, hard: false, metal: true },
  ];
}

/** Generates the phantom training data (trainingSets); returns the dataset folders. */
function makePhantom(dir: string, n: number, seed: number, size: string | undefined): Promise<string[]> {
  return renderSets(dir, trainingSets(n, seed), size, 'training');
}

/** The spread-calibration set: 200 normal (seed 515151) + 50 --hard (seed 525252) stills merged into one dataset. */
const CALIBRATION_SETS: readonly PhantomSet[] = [{ sub: 'normal', n: 200, seed: 515151, hard: false }, { sub: 'hard', n: 50, seed: 525252, hard: true }];

/** Renders the calibration stills into DIR/normal and DIR/hard and writes DIR/annotations.json listing both. */
async function makeCalibrationSet(dir: string, size: string | undefined): Promise<string> {
  const folders = await renderSets(dir, CALIBRATION_SETS, size, 'calibration');
  const images = [];
  for (const [k, f] of folders.entries()) {
    const a = JSON.parse(await readFile(join(f, 'annotations.json'), 'utf8')) as { images: { file: string }[] };
    images.push(...a.images.map((im) => ({ ...im, file: `${CALIBRATION_SETS[k]!.sub}/${im.file}` })));
  }
  await writeFile(join(dir, 'annotations.json'), JSON.stringify({ format: 'spine-landmarks/1', images }));
  return dir;
}

async function renderSets(dir: string, sets: readonly PhantomSet[], size: string | undefined, purpose: string): Promise<string[]> {
  const cli = join(ROOT, 'bin', 'sagitta.js');
  const out: string[] = [];
  for (const s of sets) {
    const folder = join(dir, s.sub);
    const args = [cli, 'phantom', 'stills', '--out', folder, '--n', String(s.n), '--seed', String(s.seed)];
    if (size) args.push('--size', size);
    if (s.hard) args.push('--hard');
    if (s.metal) args.push('--metal');
    process.stdout.write(`train: generating ${s.n} ${s.sub} ${purpose} phantom stills (seed ${s.seed}) in ${folder}\n`);
    const code = await runStreaming(process.execPath, args, '  phantom: ');
    if (code !== 0) throw new CliError(`sagitta phantom stills failed (exit ${code}) while generating ${purpose} data`, 1);
    out.push(folder);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const options = {
    profile: { type: 'string' }, data: { type: 'string', multiple: true }, out: { type: 'string' },
    n: { type: 'string' }, seed: { type: 'string' }, 'data-seed': { type: 'string' }, 'phantom-size': { type: 'string' }, 'keep-data': { type: 'boolean' },
    calibrate: { type: 'string' }, 'no-calibrate': { type: 'boolean' },
    python: { type: 'string' }, help: { type: 'boolean' },
    ...Object.fromEntries(PASS_THROUGH.map((o) => [o, { type: 'string' as const }])),
  } as const;
  const { values } = parseCommandArgs(argv, options);
  if (values['help']) { process.stdout.write(HELP + '\n'); return 0; }
  const profile = (values['profile'] as string | undefined) ?? 'realtime';
  if (profile !== 'realtime' && profile !== 'paper') throw new CliError(`--profile must be realtime or paper, got "${profile}"`);
  const seed = intOption(values['seed'], 'seed', 1234, 0);
  const dataSeed = intOption(values['data-seed'], 'data-seed', 777, 0);
  const n = intOption(values['n'], 'n', 2000, 4);
  const out = resolve((values['out'] as string | undefined) ?? join(ROOT, 'models', profile === 'realtime' ? 'default' : 'paper'));
  const given = (values['data'] as string[] | undefined) ?? [];
  for (const d of given) if (!existsSync(join(d, 'annotations.json'))) throw new CliError(`--data ${d}: no annotations.json there`, 1);
  const tmp = given.length ? null : await mkdtemp(join(tmpdir(), 'sagitta-train-data-'));
  try {
    const data = tmp ? await makePhantom(tmp, n, dataSeed, values['phantom-size'] as string | undefined) : given;
    const args = [TRAIN_PY, '--profile', profile, '--out', out, '--seed', String(seed), ...data.flatMap((d) => ['--data', d])];
    if (tmp) args.push('--training-data', `synthetic phantom stills (sagitta phantom stills): ${trainingSets(n, dataSeed).map((s) => `${s.n} ${s.sub === 'normal' ? 'normal' : `--${s.sub}`} (--seed ${s.seed})`).join(' + ')}`);
    for (const o of PASS_THROUGH) {
      const v = values[o];
      if (typeof v === 'string') args.push(`--${o}`, v);
    }
    const code = await runStreaming(findPython(values['python'] as string | undefined), args, '');
    if (code !== 0) throw new CliError(`training failed (exit ${code}); see the messages above`, 1);
    process.stdout.write(`train: package written to ${out}\n`);
    const stage = values['stage'] as string | undefined;
    const exported = stage === undefined || stage === 'all' || stage === 'export';
    const calib = values['calibrate'] as string | undefined;
    if (exported && !values['no-calibrate'] && (calib || tmp)) {
      const set = calib ?? await makeCalibrationSet(join(tmp!, 'calibration'), values['phantom-size'] as string | undefined);
      const evalOut = await mkdtemp(join(tmpdir(), 'sagitta-calibration-'));
      const threads = typeof values['threads'] === 'string' ? ['--threads', values['threads']] : [];
      // Both modes: single crops (stepII.spreadScale, what the live monitor runs when it is behind) and mirrored ones.
      for (const mode of ['off', 'on'] as const) {
        process.stdout.write(`train: calibrating the spreads (mirrored crops ${mode}) on ${set}\n`);
        const c = await runStreaming(process.execPath, [join(ROOT, 'bin', 'sagitta.js'), 'evaluate', '--dataset', set, '--models', out, '--out', evalOut, '--calibrate-spreads', '--mirror', mode, ...threads], '  calibrate: ')
          .finally(() => rm(evalOut, { recursive: true, force: true }));
        if (c !== 0) throw new CliError(`spread calibration failed (exit ${c}); the package is written but its ${mode === 'on' ? 'mirrored' : 'single-crop'} spreads are uncalibrated (scale 1)`, 1);
      }
    }
    return 0;
  } finally {
    if (tmp && !values['keep-data']) await rm(tmp, { recursive: true, force: true });
    else if (tmp) process.stdout.write(`train: phantom data kept in ${tmp}\n`);
  }
}

/**
 * `sagitta phantom stills|video …`: synthetic lateral spine fluoroscopy with
 * exact ground truth (see docs/phantom.md).
 */
import { intOption, parseCommandArgs, sizeOption, numberOption } from '../args.js';
import { CliError } from '../errors.js';
import { writeStills, prepareOutDir } from '../../phantom/stills.js';

export const summary = 'Synthetic spine fluoroscopy with exact truth: `phantom stills` (PNG + annotations.json), `phantom video` (MP4 + truth.json)';

const STILLS_HELP = `Usage: sagitta phantom stills --out DIR --n N --seed S [--size WxH] [--bits 8|16] [--hard] [--overlay] [--workers K]

Writes N lateral spine images (PNG, default 1024x1024, 8-bit) and annotations.json
(format spine-landmarks/1). --hard forces heavy noise, metal, black edges and
partial fields; --overlay also writes NNNNN-overlay.png with the truth drawn.
`;

const VIDEO_HELP = `Usage: sagitta phantom video --out DIR --seconds T --fps F --seed S [--size WxH] [--timeline FILE] [--overlay]

Writes video.mp4 (H.264, constant frame rate F) and truth.json (one entry per frame).
`;

async function stills(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' }, n: { type: 'string' }, seed: { type: 'string' }, size: { type: 'string' }, bits: { type: 'string' },
    hard: { type: 'boolean' }, overlay: { type: 'boolean' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { process.stdout.write(STILLS_HELP); return 0; }
  if (typeof values.out !== 'string' || values.out === '') throw new CliError('--out DIR is required');
  if (values.n === undefined) throw new CliError('--n N is required (number of images, at least 1)');
  const n = intOption(values.n, 'n', 1, 1, 10_000_000);
  const seed = intOption(values.seed, 'seed', 1, 0, 2 ** 53);
  const { width, height } = sizeOption(values.size, 'size', { width: 1024, height: 1024 }, 64, 8192);
  const bits = intOption(values.bits, 'bits', 8, 8, 16);
  if (bits !== 8 && bits !== 16) throw new CliError(`--bits must be 8 or 16, got "${String(values.bits)}"`);
  const workers = values.workers === undefined ? undefined : intOption(values.workers, 'workers', 1, 0, 256);
  try { prepareOutDir(values.out); } catch (err) { throw new CliError(`--out: ${(err as Error).message}`, 1); }
  const t0 = performance.now();
  let lastReport = 0;
  const ds = await writeStills({
    out: values.out, n, seed, width, height, bits, hard: values.hard === true, overlay: values.overlay === true, workers,
    onProgress: (done, total) => {
      const now = performance.now();
      if (process.stderr.isTTY && (now - lastReport > 500 || done === total)) { lastReport = now; process.stderr.write(`\r${done}/${total}`); }
    },
  });
  const s = (performance.now() - t0) / 1000;
  if (process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write(`wrote ${ds.images.length} images (${width}x${height}, ${bits}-bit) and annotations.json to ${values.out} in ${s.toFixed(1)} s (${(n / s).toFixed(1)}/s)\n`);
  return 0;
}

async function video(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    out: { type: 'string' }, seconds: { type: 'string' }, fps: { type: 'string' }, seed: { type: 'string' }, size: { type: 'string' },
    timeline: { type: 'string' }, overlay: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { process.stdout.write(VIDEO_HELP); return 0; }
  numberOption(values.seconds, 'seconds', 10, 0.1, 3600);
  throw new CliError('phantom video is not implemented yet', 1);
}

/** `--n -1` → `--n=-1`, so that a negative number reaches the range check and its clear message. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!, b = argv[i + 1];
    if (/^--[a-z]+$/.test(a) && b !== undefined && /^-\d/.test(b)) { out.push(`${a}=${b}`); i++; } else out.push(a);
  }
  return out;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest0] = argv;
  const rest = joinNegativeValues(rest0);
  if (sub === 'stills') return stills(rest);
  if (sub === 'video') return video(rest);
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${STILLS_HELP}\n${VIDEO_HELP}`);
    return sub === undefined ? 2 : 0;
  }
  throw new CliError(`unknown subcommand "${sub}": use \`phantom stills\` or \`phantom video\``);
}

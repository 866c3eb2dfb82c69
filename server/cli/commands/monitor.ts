/**
 * `sagitta monitor`: the live monitor on a C-arm's video (or the phantom
 * demo): serves the dashboard and the WebSocket `/live`. See docs/monitor.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { intOption, numberOption, parseCommandArgs } from '../args.js';
import { CliError } from '../errors.js';
import { describeSource, parseSource, type SourceSpec } from '../../capture/source-spec.js';
import { parseTarget } from '../../measure/targets.js';
import { Monitor } from '../../monitor/monitor.js';
import { phantomClip } from '../../monitor/demo/phantom-source.js';
import { newToken } from '../../transport/auth.js';
import type { Target } from '../../protocol/messages.js';
import { wireExtras } from '../../monitor/extras.js';

export const summary = 'live monitor: C-arm video → vertebrae, angles and targets on the dashboard (default source: the phantom demo)';

const HELP = `Usage: sagitta monitor [--source FILE|/dev/videoN|URL|phantom] [--port N] [--host ADDR]
                       [--models DIR] [--calibration FILE] [--target NAME=V±T]… [--data DIR]

  --source S         video file (played in real time; --loop to repeat), V4L2 device /dev/videoN,
                     rtsp:// udp:// rtp:// srt:// tcp:// http(s):// stream, or phantom (default)
  --loop             restart a file source at its end (default for phantom)
  --pixel-aspect N:D force the pixel aspect of SD grabbers that do not flag it (PAL 16:15, NTSC 10:11)
  --deinterlace M    auto (frames flagged interlaced; default), on, off
  --port N           HTTP port (default 8080; 0 picks a free one)
  --host ADDR        listen address (default 127.0.0.1); any other address requires the printed token
  --tls-cert FILE, --tls-key FILE   serve HTTPS and WSS
  --models DIR       model package (default models/default)
  --provider P       ONNX Runtime execution provider: auto (default), cuda, webgpu, cpu
  --threads N        ORT intra-op threads (default: CPU cores − 1, at least 1; 0: ORT decides)
  --batch N          most frames per inference batch (default 4; 1 = unbatched)
  --calibration FILE C-arm calibration profile (orientation, distortion, horizontal reference)
  --target NAME=V±T  surgical target, e.g. L1S1=45±5 (also 45+-5); repeatable
  --data DIR         record the case (SQLite + shot video) in DIR and serve /api/cases
  --max-sd DEG       angles with a larger SD are not measurable (default 2)
`;

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

function defaultModels(log: (l: string) => void): string {
  const main = here('../../../models/default');
  if (existsSync(`${main}/manifest.json`)) return main;
  const tiny = here('../../../test/fixtures/models/tiny');
  log(`models/default is not there yet: using the test fixture package ${tiny} (angles will be meaningless)`);
  return tiny;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    source: { type: 'string' }, loop: { type: 'boolean' }, 'pixel-aspect': { type: 'string' }, deinterlace: { type: 'string' },
    port: { type: 'string' }, host: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
    models: { type: 'string' }, provider: { type: 'string' }, threads: { type: 'string' }, batch: { type: 'string' },
    calibration: { type: 'string' }, target: { type: 'string', multiple: true }, data: { type: 'string' }, 'max-sd': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) { process.stdout.write(HELP); return 0; }
  const log = (l: string) => process.stderr.write(`sagitta monitor: ${l}\n`);
  const port = intOption(values.port, 'port', 8080, 0, 65535);
  const threads = values.threads === undefined ? undefined : intOption(values.threads, 'threads', 0, 0, 64);
  const maxBatch = intOption(values.batch, 'batch', 4, 1, 32);
  const maxSdDeg = numberOption(values['max-sd'], 'max-sd', 2, 0.1, 45);
  const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
  const deinterlace = (values.deinterlace as string | undefined) ?? 'auto';
  if (!['auto', 'on', 'off'].includes(deinterlace)) throw new CliError(`--deinterlace must be auto, on or off, got "${deinterlace}"`);
  if (values.provider !== undefined && !['auto', 'cuda', 'webgpu', 'cpu'].includes(values.provider as string)) throw new CliError(`--provider must be auto, cuda, webgpu or cpu, got "${String(values.provider)}"`);
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new CliError('--tls-cert and --tls-key go together');
  const targets: Target[] = [];
  for (const t of (values.target as string[] | undefined) ?? []) {
    try { targets.push(parseTarget(t)); } catch (err) { throw new CliError(`--target: ${(err as Error).message}`); }
  }
  const sourceArg = typeof values.source === 'string' ? values.source : 'phantom';
  const phantom = sourceArg === 'phantom';
  let source: SourceSpec;
  try {
    source = parseSource(phantom ? await phantomClip(undefined, log) : sourceArg, {
      loop: phantom || values.loop === true, deinterlace: deinterlace as SourceSpec['deinterlace'], pixelAspect: values['pixel-aspect'] as string | undefined,
    });
  } catch (err) { throw new CliError(`--source: ${(err as Error).message}`, 1); }
  const modelsDir = typeof values.models === 'string' ? values.models : defaultModels(log);
  if (!existsSync(`${modelsDir}/manifest.json`)) throw new CliError(`--models: no manifest.json in "${modelsDir}"`, 1);
  let tls: { cert: Buffer; key: Buffer } | undefined;
  if (typeof values['tls-cert'] === 'string' && typeof values['tls-key'] === 'string') {
    try { tls = { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) }; } catch (err) { throw new CliError(`--tls-cert/--tls-key: ${(err as Error).message}`, 1); }
  }
  const token = host === '127.0.0.1' || host === 'localhost' || host === '::1' ? undefined : newToken();
  const extras = await wireExtras({ dataDir: values.data as string | undefined, calibrationFile: values.calibration as string | undefined, modelsDir, log });

  const monitor = await Monitor.start({
    source, sourceLabel: phantom ? 'phantom demo' : describeSource(source), modelsDir, ...(threads === undefined ? {} : { threads }), maxBatch, maxSdDeg,
    ...(values.provider ? { provider: values.provider as string } : {}),
    host, port, token, tls, uiDir: await extras.uiDir(), targets, sinks: extras.sinks, routes: extras.routes, calibration: extras.calibration,
    restartOnEnd: source.loop, log,
  }).catch(async (err: unknown) => { await extras.close(); throw err; });
  extras.attach(monitor);
  const link = token ? `${monitor.url}?token=${token}` : monitor.url;
  process.stdout.write(`Sagitta monitor on ${link}\n`);
  process.stdout.write(`${monitor.inferenceSummary}\n`);
  if (token) process.stdout.write(`Access token (required by every viewer): ${token}\n`);

  return await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      void monitor.close().then(() => extras.close()).then(() => resolve(code), () => resolve(1));
    };
    process.once('SIGINT', () => stop(0));
    process.once('SIGTERM', () => stop(0));
    monitor.onFatal((message) => { log(message); stop(1); });
  });
}

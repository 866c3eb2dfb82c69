/**
 * What `sagitta monitor` plugs into the monitor besides the video: the case
 * recorder and its HTTP routes (`--data DIR`), the calibration profile
 * (`--calibration FILE`) and the built dashboard. One place, so that each
 * optional part is wired (and closed) here and nowhere else.
 */
import { readFileSync } from 'node:fs';
import { loadCalibration, type CalibrationProfile } from '../../calibration/index.js';
import { createCaseRecorder, caseRoutes, type CaseRecorder } from '../cases/index.js';
import { CliError } from '../cli/errors.js';
import type { Target } from '../protocol/messages.js';
import type { GrayImage } from '../image/types.js';
import type { ImagePrediction } from '../pipeline/index.js';
import type { HttpRoute, MonitorSink } from './sink.js';

export interface ExtrasOptions {
  readonly dataDir?: string | undefined;
  readonly calibrationFile?: string | undefined;
  readonly modelsDir: string;
  readonly log: (line: string) => void;
}

/** What the extras need of the running monitor. */
export interface AttachedMonitor {
  setTargets(targets: Target[]): void;
  measureStill(images: readonly GrayImage[]): Promise<ImagePrediction[]>;
}

export interface Extras {
  readonly sinks: MonitorSink[];
  readonly routes: HttpRoute[];
  readonly calibration: CalibrationProfile | undefined;
  /** The dashboard folder (built now if missing or stale), or null with a log line when it cannot be built. */
  uiDir(): Promise<string | null>;
  /** Gives the parts that act on the monitor (plan → targets) their monitor. */
  attach(monitor: AttachedMonitor): void;
  close(): Promise<void>;
}

/** 8-bit copy of a 16-bit or float image (the pipeline scales both to 0..1 alike: v/65535 ≈ round(v/257)/255). */
function to8bit(img: GrayImage): { data: Uint8Array; width: number; height: number } {
  if (img.data instanceof Uint8Array) return { data: img.data, width: img.width, height: img.height };
  const scale = img.data instanceof Uint16Array ? 1 / 257 : 255;
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(img.data[i]! * scale)));
  return { data, width: img.width, height: img.height };
}

function modelIdentity(modelsDir: string): { name: string; version: string; sha256: string } {
  const m = JSON.parse(readFileSync(`${modelsDir}/manifest.json`, 'utf8')) as { name?: string; version?: string; stepI?: { sha256?: string } };
  return { name: m.name ?? 'unknown', version: m.version ?? '', sha256: m.stepI?.sha256 ?? '' };
}

export async function wireExtras(o: ExtrasOptions): Promise<Extras> {
  let calibration: CalibrationProfile | undefined;
  if (o.calibrationFile) {
    try { calibration = await loadCalibration(o.calibrationFile); } catch (err) { throw new CliError(`--calibration: ${(err as Error).message}`, 1); }
  }
  let recorder: CaseRecorder | undefined;
  let monitor: AttachedMonitor | undefined;
  const routes: HttpRoute[] = [];
  if (o.dataDir) {
    try {
      recorder = await createCaseRecorder({ dataDir: o.dataDir, model: modelIdentity(o.modelsDir), ...(calibration ? { calibration: calibration.name } : {}) });
    } catch (err) { throw new CliError(`--data: ${(err as Error).message}`, 1); }
    // Pre-op stills are measured by the monitor's own inference worker: no second set of ORT sessions.
    const measurer = {
      run: (images: readonly GrayImage[]) => {
        if (!monitor) return Promise.reject(new Error('the monitor is still starting'));
        return monitor.measureStill(images.map(to8bit));
      },
    };
    routes.push(...caseRoutes(recorder, { setTargets: (t) => monitor?.setTargets(t), measurer }));
  }
  return {
    sinks: recorder ? [recorder] : [],
    routes,
    calibration,
    async uiDir() {
      try {
        const ui = (await import('../../ui/build.js')) as { ensureUiBuilt(): Promise<string> };
        return await ui.ensureUiBuilt();
      } catch (err) {
        o.log(`dashboard not available (${(err as Error).message.split('\n')[0]}); serving the minimal page`);
        return null;
      }
    },
    attach(m) { monitor = m; },
    // The monitor closes its sinks; nothing else to release here.
    async close() { /* recorder closed by Monitor.close() */ },
  };
}

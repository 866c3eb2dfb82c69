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
import type { HttpRoute, MonitorSink } from './sink.js';

export interface ExtrasOptions {
  readonly dataDir?: string | undefined;
  readonly calibrationFile?: string | undefined;
  readonly modelsDir: string;
  readonly log: (line: string) => void;
}

export interface Extras {
  readonly sinks: MonitorSink[];
  readonly routes: HttpRoute[];
  readonly calibration: CalibrationProfile | undefined;
  /** The dashboard folder (built now if missing or stale), or null with a log line when it cannot be built. */
  uiDir(): Promise<string | null>;
  /** Gives the parts that act on the monitor (plan → targets) their monitor. */
  attach(monitor: { setTargets(targets: Target[]): void }): void;
  close(): Promise<void>;
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
  let monitor: { setTargets(targets: Target[]): void } | undefined;
  const routes: HttpRoute[] = [];
  if (o.dataDir) {
    try {
      recorder = await createCaseRecorder({ dataDir: o.dataDir, model: modelIdentity(o.modelsDir), ...(calibration ? { calibration: calibration.name } : {}) });
    } catch (err) { throw new CliError(`--data: ${(err as Error).message}`, 1); }
    routes.push(...caseRoutes(recorder, { setTargets: (t) => monitor?.setTargets(t) }));
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

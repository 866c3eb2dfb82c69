/**
 * The video timeline: what happens to the patient and the C-arm over time.
 * A JSON file (documented in docs/phantom.md) or the default correction.
 *
 * - `patient`: overrides of the sampled patient at t = 0 (e.g. lordosisDeg).
 * - `discs`: keyframes of disc angles (degrees, by upper level: "L4" is disc
 *   L4–L5), linearly interpolated; before the first keyframe the first holds.
 * - `implants`: from time t on, these implants are in (the latest entry wins).
 * - `shots`: fluoroscopy shots: start t, duration, pulse rate (pulses/s).
 *   Between shots the monitor shows the last image (last-image hold).
 * - `carm`: C-arm positions from time t on: pan (mm, along the image x/y at
 *   the spine), extra rotation (degrees) and zoom (×).
 * - `motionMm`: amplitude of breathing / table motion during shots.
 */
import type { PatientOverrides } from './patient.js';

export type DiscLevel = 'T4' | 'T5' | 'T6' | 'T7' | 'T8' | 'T9' | 'T10' | 'T11' | 'T12' | 'L1' | 'L2' | 'L3' | 'L4' | 'L5';

export interface Timeline {
  patient?: PatientOverrides;
  discs?: { t: number; discDeg: Partial<Record<DiscLevel, number>> }[];
  implants?: { t: number; screws?: string[]; rods?: boolean; cages?: string[]; cageKind?: 'titanium' | 'peek'; retractors?: number; wires?: number }[];
  shots: { t: number; duration: number; pulseFps: number }[];
  carm?: { t: number; panMm?: [number, number]; rotationDeg?: number; zoom?: number }[];
  motionMm?: number;
}

const DISC_LEVELS = new Set(['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5']);
const SCREW_LEVELS = new Set(['T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1']);
const PATIENT_KEYS = new Set(['lordosisDeg', 'sacralSlopeDeg', 'kyphosisDeg', 'discDeg', 'scale']);

/** A timeline error: the message names the JSON path of the problem. */
export class TimelineError extends Error {
  constructor(message: string) { super(message); this.name = 'TimelineError'; }
}

function isObj(v: unknown): v is Record<string, unknown> { return typeof v === 'object' && v !== null && !Array.isArray(v); }
function num(v: unknown, path: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi) throw new TimelineError(`${path} must be a number from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
  return v;
}
function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new TimelineError(`${path} must be an array, got ${JSON.stringify(v)?.slice(0, 40)}`);
  return v;
}
function keys(o: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new TimelineError(`${path} has an unknown field "${k}" (allowed: ${allowed.join(', ')})`);
}
function levels(v: unknown, path: string, allowed: Set<string>): string[] {
  return list(v, path).map((l, i) => {
    if (typeof l !== 'string' || !allowed.has(l)) throw new TimelineError(`${path}[${i}] must be one of ${[...allowed].join(' ')}, got ${JSON.stringify(l)}`);
    return l;
  });
}
function discMap(v: unknown, path: string): Partial<Record<DiscLevel, number>> {
  if (!isObj(v)) throw new TimelineError(`${path} must be an object like {"L4": 8, "L5": 12}`);
  const out: Partial<Record<DiscLevel, number>> = {};
  for (const [k, d] of Object.entries(v)) {
    if (!DISC_LEVELS.has(k)) throw new TimelineError(`${path} has "${k}", not a disc (name the upper level, T4..L5: "L5" is disc L5–S1)`);
    out[k as DiscLevel] = num(d, `${path}.${k}`, -30, 40);
  }
  return out;
}

/** Checks parsed JSON against the schema; returns it typed or throws a TimelineError naming the problem. */
export function validateTimeline(raw: unknown, seconds: number): Timeline {
  if (!isObj(raw)) throw new TimelineError('timeline must be a JSON object with at least "shots"');
  keys(raw, 'timeline', ['patient', 'discs', 'implants', 'shots', 'carm', 'motionMm', 'comment']);
  const tl: Timeline = { shots: [] };
  if (raw.patient !== undefined) {
    if (!isObj(raw.patient)) throw new TimelineError('timeline.patient must be an object');
    for (const k of Object.keys(raw.patient)) if (!PATIENT_KEYS.has(k)) throw new TimelineError(`timeline.patient has an unknown field "${k}" (allowed: ${[...PATIENT_KEYS].join(', ')})`);
    const p = raw.patient;
    tl.patient = {};
    if (p.lordosisDeg !== undefined) tl.patient.lordosisDeg = num(p.lordosisDeg, 'timeline.patient.lordosisDeg', -10, 80);
    if (p.sacralSlopeDeg !== undefined) tl.patient.sacralSlopeDeg = num(p.sacralSlopeDeg, 'timeline.patient.sacralSlopeDeg', 0, 60);
    if (p.kyphosisDeg !== undefined) tl.patient.kyphosisDeg = num(p.kyphosisDeg, 'timeline.patient.kyphosisDeg', -20, 90);
    if (p.scale !== undefined) tl.patient.scale = num(p.scale, 'timeline.patient.scale', 0.7, 1.3);
    if (p.discDeg !== undefined) tl.patient.discDeg = discMap(p.discDeg, 'timeline.patient.discDeg');
  }
  const time = (v: unknown, path: string): number => num(v, path, 0, seconds);
  if (raw.discs !== undefined) {
    tl.discs = list(raw.discs, 'timeline.discs').map((k, i) => {
      const path = `timeline.discs[${i}]`;
      if (!isObj(k)) throw new TimelineError(`${path} must be an object {"t": seconds, "discDeg": {...}}`);
      keys(k, path, ['t', 'discDeg']);
      return { t: time(k.t, `${path}.t`), discDeg: discMap(k.discDeg, `${path}.discDeg`) };
    });
    for (let i = 1; i < tl.discs.length; i++) if (tl.discs[i]!.t < tl.discs[i - 1]!.t) throw new TimelineError(`timeline.discs[${i}].t goes back in time (${tl.discs[i]!.t} < ${tl.discs[i - 1]!.t})`);
  }
  if (raw.implants !== undefined) {
    tl.implants = list(raw.implants, 'timeline.implants').map((k, i) => {
      const path = `timeline.implants[${i}]`;
      if (!isObj(k)) throw new TimelineError(`${path} must be an object`);
      keys(k, path, ['t', 'screws', 'rods', 'cages', 'cageKind', 'retractors', 'wires']);
      if (k.rods !== undefined && typeof k.rods !== 'boolean') throw new TimelineError(`${path}.rods must be true or false`);
      if (k.cageKind !== undefined && k.cageKind !== 'titanium' && k.cageKind !== 'peek') throw new TimelineError(`${path}.cageKind must be "titanium" or "peek"`);
      return {
        t: time(k.t, `${path}.t`),
        ...(k.screws !== undefined ? { screws: levels(k.screws, `${path}.screws`, SCREW_LEVELS) } : {}),
        ...(k.cages !== undefined ? { cages: levels(k.cages, `${path}.cages`, DISC_LEVELS) } : {}),
        ...(k.rods !== undefined ? { rods: k.rods as boolean } : {}),
        ...(k.cageKind !== undefined ? { cageKind: k.cageKind as 'titanium' | 'peek' } : {}),
        ...(k.retractors !== undefined ? { retractors: num(k.retractors, `${path}.retractors`, 0, 4) } : {}),
        ...(k.wires !== undefined ? { wires: num(k.wires, `${path}.wires`, 0, 6) } : {}),
      };
    });
  }
  tl.shots = list(raw.shots, 'timeline.shots').map((k, i) => {
    const path = `timeline.shots[${i}]`;
    if (!isObj(k)) throw new TimelineError(`${path} must be an object {"t": start seconds, "duration": seconds, "pulseFps": 7.5|15|30}`);
    keys(k, path, ['t', 'duration', 'pulseFps']);
    return { t: time(k.t, `${path}.t`), duration: num(k.duration, `${path}.duration`, 0.01, seconds), pulseFps: num(k.pulseFps, `${path}.pulseFps`, 0.5, 60) };
  });
  if (tl.shots.length === 0) throw new TimelineError('timeline.shots must list at least one shot');
  for (let i = 1; i < tl.shots.length; i++) {
    const a = tl.shots[i - 1]!, b = tl.shots[i]!;
    if (b.t < a.t + a.duration) throw new TimelineError(`timeline.shots[${i}] starts at ${b.t} s, before shot ${i - 1} ends (${a.t + a.duration} s)`);
  }
  if (raw.carm !== undefined) {
    tl.carm = list(raw.carm, 'timeline.carm').map((k, i) => {
      const path = `timeline.carm[${i}]`;
      if (!isObj(k)) throw new TimelineError(`${path} must be an object`);
      keys(k, path, ['t', 'panMm', 'rotationDeg', 'zoom']);
      const pan = k.panMm === undefined ? undefined : list(k.panMm, `${path}.panMm`);
      if (pan && pan.length !== 2) throw new TimelineError(`${path}.panMm must be [x, y] in mm`);
      return {
        t: time(k.t, `${path}.t`),
        ...(pan ? { panMm: [num(pan[0], `${path}.panMm[0]`, -300, 300), num(pan[1], `${path}.panMm[1]`, -300, 300)] as [number, number] } : {}),
        ...(k.rotationDeg !== undefined ? { rotationDeg: num(k.rotationDeg, `${path}.rotationDeg`, -30, 30) } : {}),
        ...(k.zoom !== undefined ? { zoom: num(k.zoom, `${path}.zoom`, 0.5, 2) } : {}),
      };
    });
  }
  if (raw.motionMm !== undefined) tl.motionMm = num(raw.motionMm, 'timeline.motionMm', 0, 10);
  return tl;
}

/** The default correction over `seconds`: screws L4–S1 in, cages into L4–L5 then L5–S1 (their disc angles rise), rods tightened, one C-arm move. */
export function defaultTimeline(seconds: number): Timeline {
  const T = seconds;
  const rates = [15, 7.5, 30, 15, 7.5, 15, 30, 15];
  const shots: Timeline['shots'] = [];
  const n = Math.max(1, Math.round(T / 7));
  for (let i = 0; i < n; i++) {
    const t = (i * T) / n;
    shots.push({ t: Math.round(t * 100) / 100, duration: Math.round(Math.min(T / n * 0.45, 1.5 + (i % 3)) * 100) / 100, pulseFps: rates[i % rates.length]! });
  }
  return {
    patient: { lordosisDeg: 28, discDeg: { L4: 2, L5: 4 } },
    discs: [
      { t: 0, discDeg: { L4: 2, L5: 4 } },
      { t: 0.25 * T, discDeg: { L4: 2, L5: 4 } },
      { t: 0.4 * T, discDeg: { L4: 9, L5: 4 } },
      { t: 0.55 * T, discDeg: { L4: 9, L5: 4 } },
      { t: 0.7 * T, discDeg: { L4: 10, L5: 13 } },
      { t: 0.85 * T, discDeg: { L4: 12, L5: 15 } },
    ],
    implants: [
      { t: 0, screws: ['L4', 'L5', 'S1'], rods: false, cages: [], cageKind: 'titanium', retractors: 1, wires: 1 },
      { t: 0.3 * T, cages: ['L4'] },
      { t: 0.6 * T, cages: ['L4', 'L5'] },
      { t: 0.75 * T, rods: true, retractors: 0 },
    ],
    shots,
    carm: [{ t: 0, panMm: [0, 0] }, { t: 0.45 * T, panMm: [0, 35], rotationDeg: 4 }, { t: 0.6 * T, panMm: [0, 0], rotationDeg: 0 }],
    motionMm: 0.6,
  };
}

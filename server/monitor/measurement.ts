/**
 * Builds the `measurement` wire message of one frame from the tracked
 * vertebrae: angles per the spec via measureAngles (a needed vertebra
 * missing, scored < 0.5, stale, or an SD over 2° makes an angle not
 * measurable, with the reason), each compared to its target. An angle that
 * needs a vertebra whose jump the tracker is holding back this frame is not
 * measurable either: that vertebra still sits where it was while its
 * neighbours may already have moved, and the mix is neither the old angle nor
 * the new one (a 6° error for one frame at a step change, measured). Pure.
 */
import { measureAngles, neededLabels } from '../measure/measurable.js';
import { compareToTarget, type TargetSet } from '../measure/targets.js';
import { PROTOCOL_VERSION, type AngleValue, type MeasurementMessage, type VertebraWire } from '../protocol/messages.js';
import type { TrackedVertebra } from '../tracking/tracker.js';
import type { LevelCheck } from '../pipeline/level-chain.js';

export interface FrameMeta {
  readonly frame: number;
  readonly timeMs: number;
  readonly shot: number;
  readonly width: number;
  readonly height: number;
  readonly timings: Record<string, number>;
  /** The pipeline's level check for this frame (the monitor keeps `inconsistent` for the rest of the shot). */
  readonly levelCheck?: LevelCheck;
}

export interface BuildOptions {
  readonly horizontalDeg: number;
  readonly maxSdDeg: number;
  /** Presence a vertebra needs for the angles (the pipeline's anglePresence). Default 0.5. */
  readonly minScore?: number;
  readonly targets: TargetSet;
  /** Angles from combined shots, used only where this frame cannot measure them. */
  readonly combined?: Readonly<Record<string, { value: number; sd: number }>>;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function toWire(v: TrackedVertebra): VertebraWire {
  return {
    label: v.label,
    corners: v.corners.map((p) => (p ? [round(p[0]), round(p[1])] : null)),
    score: round(v.score, 3),
    spread: v.spread.map((s) => (s === null ? null : round(s))),
    ...(v.stale ? { stale: true } : {}),
    ...(v.heldBack ? { heldBack: true } : {}),
  };
}

export function buildMeasurement(tracked: readonly TrackedVertebra[], meta: FrameMeta, o: BuildOptions): MeasurementMessage {
  const fresh = tracked.filter((v) => !v.stale);
  const staleMs = new Map(tracked.filter((v) => v.stale).map((v) => [v.label, v.unseenMs]));
  const m = measureAngles(fresh, { horizontalDeg: o.horizontalDeg, maxSdDeg: o.maxSdDeg, ...(o.minScore === undefined ? {} : { minScore: o.minScore }) });
  const held = new Set(fresh.filter((v) => v.heldBack).map((v) => v.label));
  for (const name of Object.keys(m.angles)) {
    const moving = neededLabels(name).find((l) => held.has(l));
    if (moving) { m.unmeasurable[name] = `${moving} jumped: held until the next frame confirms it`; delete m.angles[name]; delete m.sd[name]; }
  }
  const angles: Record<string, AngleValue> = {};
  for (const [name, value] of Object.entries(m.angles)) {
    const target = o.targets.get(name);
    angles[name] = { value: round(value), sd: round(m.sd[name] ?? 0), ...(target ? roundCmp(compareToTarget(value, target)) : {}) };
  }
  for (const [name, reason] of Object.entries(m.unmeasurable)) {
    const c = o.combined?.[name];
    if (c) {
      const target = o.targets.get(name);
      angles[name] = { value: round(c.value), sd: round(c.sd), combined: true, ...(target ? roundCmp(compareToTarget(c.value, target)) : {}) };
      continue;
    }
    const stale = [...staleMs].find(([label]) => reason.startsWith(`${label} `));
    angles[name] = { value: null, reason: stale ? `${stale[0]} stale (not seen for ${Math.round(stale[1])} ms)` : reason };
  }
  return {
    type: 'measurement', v: PROTOCOL_VERSION,
    frame: meta.frame, timeMs: meta.timeMs, shot: meta.shot, width: meta.width, height: meta.height,
    vertebrae: tracked.map(toWire), angles,
    ...(meta.levelCheck && meta.levelCheck !== 'consistent' ? { levelCheck: meta.levelCheck } : {}),
    timings: meta.timings,
  };
}

function roundCmp(c: { delta: number; status: 'within' | 'below' | 'above' }): { delta: number; status: 'within' | 'below' | 'above' } {
  return { delta: round(c.delta), status: c.status };
}

/**
 * Surgical targets: per angle a value and a tolerance (from the pre-op plan,
 * the command line or the dashboard), and how a measurement compares:
 * delta = measured − target, status within / below / above.
 */
import type { Target, TargetStatus } from '../protocol/messages.js';
import { ALL_ANGLES } from './measurable.js';

const NUM = '([-+]?\\d+(?:\\.\\d+)?)';
const TARGET = new RegExp(`^\\s*([A-Za-z0-9:]+)\\s*=\\s*${NUM}\\s*(?:±|\\+-|\\+/-)\\s*(\\d+(?:\\.\\d+)?)\\s*$`);

/** Largest accepted target value and tolerance, degrees. */
export const MAX_TARGET_DEG = 90;

/**
 * Parses `NAME=V±T` (also `V+-T`, `V+/-T`), degrees, e.g. `L1S1=45±5`.
 * Throws an Error naming the problem.
 */
export function parseTarget(text: string, source = 'cli'): Target {
  const m = TARGET.exec(text);
  if (!m) throw new Error(`target "${text}" must look like NAME=VALUE±TOLERANCE, e.g. L1S1=45±5`);
  return checkTarget({ angle: m[1]!, valueDeg: Number(m[2]), toleranceDeg: Number(m[3]), source });
}

/** Checks a target's fields; returns it or throws an Error naming the bad field. */
export function checkTarget(t: Target): Target {
  if (!ALL_ANGLES.includes(t.angle)) throw new Error(`unknown angle "${t.angle}" in target (use L1L5, L1S1, SS or disc:L4L5 …)`);
  if (!Number.isFinite(t.valueDeg) || Math.abs(t.valueDeg) > MAX_TARGET_DEG) throw new Error(`target value for ${t.angle} must be a number of degrees within ±${MAX_TARGET_DEG}, got ${t.valueDeg}`);
  if (!Number.isFinite(t.toleranceDeg) || t.toleranceDeg < 0 || t.toleranceDeg > MAX_TARGET_DEG) throw new Error(`target tolerance for ${t.angle} must be from 0 to ${MAX_TARGET_DEG} degrees, got ${t.toleranceDeg}`);
  return t;
}

/** delta = value − target (degrees) and whether it lies within ± tolerance. */
export function compareToTarget(valueDeg: number, target: Target): { delta: number; status: TargetStatus } {
  const delta = valueDeg - target.valueDeg;
  const status: TargetStatus = delta < -target.toleranceDeg ? 'below' : delta > target.toleranceDeg ? 'above' : 'within';
  return { delta, status };
}

/** The target list as a map keyed by angle; a later target for the same angle replaces the earlier one. */
export class TargetSet {
  private readonly byAngle = new Map<string, Target>();

  constructor(initial: readonly Target[] = []) { for (const t of initial) this.set(t); }

  set(t: Target): void { this.byAngle.set(t.angle, checkTarget(t)); }
  /** Removes the target of `angle`; false when there was none. */
  clear(angle: string): boolean { return this.byAngle.delete(angle); }
  get(angle: string): Target | undefined { return this.byAngle.get(angle); }
  list(): Target[] { return [...this.byAngle.values()]; }
}

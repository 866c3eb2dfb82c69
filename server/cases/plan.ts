/**
 * The pre-op plan: the pre-op baseline (measured standing radiograph, corners
 * corrected by the surgeon), targets per angle, the pelvic incidence with the
 * lordosis target it implies. Format `sagitta-plan/1`, documented in
 * docs/plan-schema.md; `parsePlan` refuses malformed files with a message
 * naming the field.
 */
import { DISC_ANGLES, GLOBAL_ANGLES, isLabel } from '../spec/labels.js';
import type { Target } from '../protocol/messages.js';

export const PLAN_FORMAT = 'sagitta-plan/1';

/** Shown on the dashboard and printed in every report. */
export const PRONE_NOTE = 'Intra-operative values are measured prone on the operating table and differ from standing pre-op values (lordosis often changes by several degrees between standing and prone): read the comparison with this in mind.';

/** The PI–LL rule as shown to the surgeon. */
export const PI_LL_FORMULA = 'L1–S1 lordosis target = PI ± 10° (PI - LL within 10°)';

export interface PlanVertebra { label: string; corners: ([number, number] | null)[] }

export interface PreopBaseline {
  /** File name the surgeon imported (no path), for the report. */
  source?: string;
  width: number;
  height: number;
  vertebrae: PlanVertebra[];
  /** Angles computed from `vertebrae` (degrees). */
  angles: Record<string, number>;
  /** True when the surgeon moved a corner after the automatic measurement. */
  edited?: boolean;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  label?: string;
  pelvicIncidenceDeg?: number;
  /** When true and PI is given, an L1S1 target PI ± 10° is derived (unless one is given explicitly). */
  deriveLordosisFromPI?: boolean;
  targets: Target[];
  preop?: PreopBaseline;
}

const ANGLE_NAMES = new Set<string>([...GLOBAL_ANGLES, ...DISC_ANGLES]);

export function isAngleName(name: string): boolean {
  return ANGLE_NAMES.has(name);
}

function fail(msg: string): never {
  throw new Error(`plan: ${msg}`);
}

function num(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(`${where} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return v;
}

function only(o: Record<string, unknown>, where: string, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${where} has unknown field "${k}" (allowed: ${keys.join(', ')})`);
}

function point(v: unknown, where: string): [number, number] | null {
  if (v === null) return null;
  if (!Array.isArray(v) || v.length !== 2) fail(`${where} must be [x, y] or null, got ${JSON.stringify(v)}`);
  return [num(v[0], `${where}[0]`, -1e6, 1e6), num(v[1], `${where}[1]`, -1e6, 1e6)];
}

function parsePreop(v: unknown): PreopBaseline {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail('preop must be an object');
  const o = v as Record<string, unknown>;
  only(o, 'preop', ['source', 'width', 'height', 'vertebrae', 'angles', 'edited']);
  if (!Array.isArray(o.vertebrae)) fail('preop.vertebrae must be an array');
  const vertebrae = o.vertebrae.map((x: unknown, i: number) => {
    const w = `preop.vertebrae[${i}]`;
    const r = x as Record<string, unknown> | null;
    if (!r || typeof r !== 'object') fail(`${w} must be an object`);
    if (typeof r.label !== 'string' || !isLabel(r.label)) fail(`${w}.label must be one of C2…S1, got ${JSON.stringify(r.label)}`);
    if (!Array.isArray(r.corners) || r.corners.length !== 4) fail(`${w}.corners must be 4 points SA, SP, IP, IA`);
    return { label: r.label, corners: r.corners.map((c: unknown, j: number) => point(c, `${w}.corners[${j}]`)) };
  });
  const angles: Record<string, number> = {};
  if (o.angles !== undefined) {
    if (!o.angles || typeof o.angles !== 'object') fail('preop.angles must be an object {angle: degrees}');
    for (const [k, a] of Object.entries(o.angles as Record<string, unknown>)) {
      if (!isAngleName(k)) fail(`preop.angles has unknown angle "${k}"`);
      angles[k] = num(a, `preop.angles.${k}`, -180, 180);
    }
  }
  const out: PreopBaseline = { width: num(o.width, 'preop.width', 1, 65535), height: num(o.height, 'preop.height', 1, 65535), vertebrae, angles };
  if (o.source !== undefined) { if (typeof o.source !== 'string') fail('preop.source must be a string'); out.source = o.source; }
  if (o.edited !== undefined) out.edited = o.edited === true;
  return out;
}

/** Validates a target; `where` names it in errors. */
export function parseTarget(v: unknown, where = 'target'): Target {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(`${where} must be an object {angle, valueDeg, toleranceDeg}`);
  const o = v as Record<string, unknown>;
  only(o, where, ['angle', 'valueDeg', 'toleranceDeg', 'source']);
  if (typeof o.angle !== 'string' || !isAngleName(o.angle)) fail(`${where}.angle must be L1L5, L1S1, SS or disc:<upper><lower> (e.g. disc:L4L5), got ${JSON.stringify(o.angle)}`);
  const t: Target = { angle: o.angle, valueDeg: num(o.valueDeg, `${where}.valueDeg`, -90, 90), toleranceDeg: num(o.toleranceDeg, `${where}.toleranceDeg`, 0, 45) };
  t.source = typeof o.source === 'string' ? o.source : 'plan';
  return t;
}

/** Parses and validates a plan (JSON text or a parsed value). Throws an Error starting "plan:" naming the problem. */
export function parsePlan(input: string | unknown): Plan {
  let v: unknown = input;
  if (typeof input === 'string') {
    try { v = JSON.parse(input); } catch (err) { fail(`not valid JSON (${(err as Error).message})`); }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail('the file must hold a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== PLAN_FORMAT) fail(`"format" must be "${PLAN_FORMAT}", got ${JSON.stringify(o.format)}`);
  only(o, 'the plan', ['format', 'label', 'pelvicIncidenceDeg', 'deriveLordosisFromPI', 'targets', 'preop']);
  const targetsIn = o.targets ?? [];
  if (!Array.isArray(targetsIn)) fail('targets must be an array');
  const targets = targetsIn.map((t: unknown, i: number) => parseTarget(t, `targets[${i}]`));
  const seen = new Set<string>();
  for (const t of targets) { if (seen.has(t.angle)) fail(`targets has two entries for ${t.angle}`); seen.add(t.angle); }
  const plan: Plan = { format: PLAN_FORMAT, targets };
  if (o.label !== undefined) { if (typeof o.label !== 'string' || o.label.length > 200) fail('label must be a string of at most 200 characters'); plan.label = o.label; }
  if (o.pelvicIncidenceDeg !== undefined) plan.pelvicIncidenceDeg = num(o.pelvicIncidenceDeg, 'pelvicIncidenceDeg', 10, 120);
  if (o.deriveLordosisFromPI !== undefined) {
    if (typeof o.deriveLordosisFromPI !== 'boolean') fail('deriveLordosisFromPI must be true or false');
    if (o.deriveLordosisFromPI && plan.pelvicIncidenceDeg === undefined) fail('deriveLordosisFromPI needs pelvicIncidenceDeg');
    plan.deriveLordosisFromPI = o.deriveLordosisFromPI;
  }
  if (o.preop !== undefined) plan.preop = parsePreop(o.preop);
  return plan;
}

/** The L1S1 target PI ± 10° from a pelvic incidence in degrees. */
export function lordosisTargetFromPI(piDeg: number): Target {
  return { angle: 'L1S1', valueDeg: piDeg, toleranceDeg: 10, source: 'plan:PI' };
}

/** The targets a plan puts in force: its own, plus the PI-derived L1S1 one when asked and not given. */
export function effectiveTargets(plan: Plan): Target[] {
  const out = plan.targets.map((t) => ({ ...t }));
  if (plan.deriveLordosisFromPI && plan.pelvicIncidenceDeg !== undefined && !out.some((t) => t.angle === 'L1S1')) {
    out.push(lordosisTargetFromPI(plan.pelvicIncidenceDeg));
  }
  return out;
}

export function emptyPlan(): Plan {
  return { format: PLAN_FORMAT, targets: [] };
}

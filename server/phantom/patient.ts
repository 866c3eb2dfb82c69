/**
 * The patient: a parametric lateral spine from T4 to S1 plus pelvis, in
 * millimetres. Sizes and wedge angles per level; global angles (L1–S1
 * lordosis, thoracic kyphosis, sacral slope) are drawn from ranges or set
 * exactly through `PatientOverrides`.
 */
import type { Rng } from './rng.js';

/** Modelled vertebrae, cranial to caudal (S1 is the top of the sacrum). */
export const PHANTOM_LEVELS = ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1'] as const;
export type PhantomLevel = (typeof PHANTOM_LEVELS)[number];

/** One vertebral body (mm, degrees). */
export interface BodyParams {
  /** Antero-posterior depth of the endplates, mm. */
  depthMm: number;
  /** Height of the posterior wall, mm. */
  heightMm: number;
  /** Body wedge: superior vs inferior endplate, degrees, positive = lordotic (taller anteriorly). */
  wedgeDeg: number;
  /** Waist of the anterior wall, mm (concavity). */
  waistMm: number;
  /** Central depression of each endplate, mm. */
  cupMm: number;
  /** Anterior slip of this vertebra over the one below, mm (spondylolisthesis). */
  slipMm: number;
}

/** One disc, named by its upper vertebra (mm, degrees). */
export interface DiscParams {
  /** Posterior height, mm. */
  heightMm: number;
  /** Disc wedge = the spec's disc angle, degrees, positive = lordotic. */
  wedgeDeg: number;
}

export interface Patient {
  /** Bodies by level (all of PHANTOM_LEVELS; S1's height is its body down to the S1–S2 remnant). */
  bodies: Record<PhantomLevel, BodyParams>;
  /** Discs by upper level (T4 … L5: the disc below it). */
  discs: Record<Exclude<PhantomLevel, 'S1'>, DiscParams>;
  /** Sacral slope of the S1 superior endplate against the true horizontal, degrees. */
  sacralSlopeDeg: number;
  /** Pelvic incidence, degrees (places the femoral heads). */
  pelvicIncidenceDeg: number;
  /** Hip-to-S1 distance, mm. */
  hipDistanceMm: number;
  /** Femoral head radius, mm. */
  femoralHeadMm: number;
  /** Offset between left and right femoral heads / hemipelves (projection), mm. */
  bilateralOffsetMm: number;
  /** Length of the spinous processes relative to nominal. */
  spinousScale: number;
  /** Ribs present on T4..T12 (T11/T12 short). */
  ribs: boolean;
}

/** Exact values that replace what `samplePatient` would draw. */
export interface PatientOverrides {
  /** L1–S1 lordosis (spec `L1S1`), degrees, −10..80. */
  lordosisDeg?: number;
  /** Sacral slope, degrees, 0..60. */
  sacralSlopeDeg?: number;
  /** T4–T12 kyphosis (positive = kyphotic), degrees. */
  kyphosisDeg?: number;
  /** Disc angles by name of the upper level, e.g. `{ L4: 12, L5: 15 }` for disc:L4L5 and disc:L5S1. Fixed; the rest absorbs the lordosis target. */
  discDeg?: Partial<Record<Exclude<PhantomLevel, 'S1'>, number>>;
  /** Overall size factor (1 = average adult). */
  scale?: number;
}

/** Nominal adult body depth (mm) by level. */
const DEPTH: Record<PhantomLevel, number> = {
  T4: 24, T5: 25, T6: 26, T7: 27, T8: 28, T9: 29, T10: 31, T11: 33, T12: 35,
  L1: 38, L2: 40, L3: 42, L4: 44, L5: 45, S1: 46,
};
/** Nominal posterior wall height (mm) by level. */
const HEIGHT: Record<PhantomLevel, number> = {
  T4: 17, T5: 17.5, T6: 18, T7: 18.5, T8: 19, T9: 20, T10: 21, T11: 22, T12: 23.5,
  L1: 25, L2: 26, L3: 27, L4: 27, L5: 25.5, S1: 26,
};
/** Typical lordotic share of each lumbar element (body wedges and discs), used to spread the target. */
const LUMBAR_BODY_WEDGE: Record<string, number> = { L1: -3, L2: -1.5, L3: 0, L4: 1.5, L5: 4 };
const LUMBAR_DISC_WEDGE: Record<string, number> = { T12: 1, L1: 2, L2: 4, L3: 6.5, L4: 9, L5: 12 };

function clamp(v: number, lo: number, hi: number): number { return Math.min(hi, Math.max(lo, v)); }

const DISC_LEVELS = PHANTOM_LEVELS.slice(0, -1) as Exclude<PhantomLevel, 'S1'>[];
const LUMBAR_DISCS = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
const LUMBAR_BODIES = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;

/** Sum of lordotic wedges from L1's superior endplate down to S1's: the spec's L1S1. */
export function lordosisOf(p: Patient): number {
  let s = 0;
  for (const l of LUMBAR_BODIES) s += p.bodies[l].wedgeDeg;
  for (const l of LUMBAR_DISCS) s += p.discs[l].wedgeDeg;
  return s;
}

/** Kyphosis T4 superior → T12 inferior (positive kyphotic). */
export function kyphosisOf(p: Patient): number {
  let s = 0;
  for (const l of ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12'] as const) s -= p.bodies[l].wedgeDeg;
  for (const l of ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11'] as const) s -= p.discs[l].wedgeDeg;
  return s;
}

/** Draws a plausible adult spine; every override is honoured exactly. */
export function samplePatient(rng: Rng, o: PatientOverrides = {}): Patient {
  const scale = o.scale ?? clamp(rng.normal(1, 0.07), 0.82, 1.18);
  const bodies = {} as Record<PhantomLevel, BodyParams>;
  for (const l of PHANTOM_LEVELS) {
    const depth = DEPTH[l] * scale * rng.uniform(0.92, 1.08);
    const height = HEIGHT[l] * scale * rng.uniform(0.9, 1.1);
    const thoracic = l.startsWith('T');
    bodies[l] = {
      depthMm: depth,
      heightMm: height,
      wedgeDeg: thoracic ? -rng.uniform(1.5, 4.5) : (LUMBAR_BODY_WEDGE[l] ?? 0) + rng.normal(0, 1.5),
      waistMm: depth * rng.uniform(0.02, 0.07),
      cupMm: height * rng.uniform(0.02, 0.07),
      slipMm: 0,
    };
  }
  if (rng.chance(0.12)) bodies[rng.pick(['L4', 'L5'] as const)].slipMm = rng.uniform(2, 9) * scale;
  const discs = {} as Record<Exclude<PhantomLevel, 'S1'>, DiscParams>;
  for (const l of DISC_LEVELS) {
    const lumbar = l.startsWith('L') || l === 'T12';
    const degenerate = lumbar && rng.chance(0.15) ? rng.uniform(0.35, 0.8) : 1;
    discs[l] = {
      heightMm: (lumbar ? rng.uniform(5, 8.5) : rng.uniform(3, 5)) * scale * degenerate,
      wedgeDeg: lumbar ? (LUMBAR_DISC_WEDGE[l] ?? 0) + rng.normal(0, 2) : -rng.uniform(0.5, 3),
    };
  }
  for (const [l, v] of Object.entries(o.discDeg ?? {}) as [Exclude<PhantomLevel, 'S1'>, number][]) discs[l].wedgeDeg = v;

  // Lordosis target: spread the difference over the free lumbar discs (more caudally) and bodies.
  const wide = rng.chance(0.2);
  const target = o.lordosisDeg ?? (wide ? rng.uniform(-10, 80) : clamp(rng.normal(45, 12), -10, 80));
  const patient: Patient = {
    bodies, discs,
    sacralSlopeDeg: 0, pelvicIncidenceDeg: 0, hipDistanceMm: 0, femoralHeadMm: 0,
    bilateralOffsetMm: rng.uniform(0, 9) * scale, spinousScale: rng.uniform(0.8, 1.2), ribs: true,
  };
  const free = LUMBAR_DISCS.filter((l) => o.discDeg?.[l] === undefined);
  const weights = free.map((l) => (LUMBAR_DISC_WEDGE[l] ?? 1) + 2);
  const bodyWeights = LUMBAR_BODIES.map(() => 1.5);
  const wsum = weights.reduce((a, b) => a + b, 0) + bodyWeights.reduce((a, b) => a + b, 0);
  const diff = target - lordosisOf(patient);
  free.forEach((l, i) => { discs[l].wedgeDeg += (diff * weights[i]!) / wsum; });
  LUMBAR_BODIES.forEach((l, i) => { bodies[l].wedgeDeg += (diff * bodyWeights[i]!) / wsum; });
  // Whatever is left (all discs fixed) goes to the bodies so that the target is exact.
  const rest = target - lordosisOf(patient);
  for (const l of LUMBAR_BODIES) bodies[l].wedgeDeg += rest / LUMBAR_BODIES.length;

  if (o.kyphosisDeg !== undefined) {
    const kd = o.kyphosisDeg - kyphosisOf(patient);
    for (const l of ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12'] as const) bodies[l].wedgeDeg -= kd / 17;
    for (const l of ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11'] as const) discs[l].wedgeDeg -= kd / 17;
  }
  const ss = o.sacralSlopeDeg ?? (rng.chance(0.15) ? rng.uniform(0, 60) : clamp(rng.normal(38, 8) + 0.25 * (target - 45), 0, 60));
  patient.sacralSlopeDeg = ss;
  patient.pelvicIncidenceDeg = ss + clamp(rng.normal(14, 7), -5, 35);
  patient.hipDistanceMm = rng.uniform(85, 110) * scale;
  patient.femoralHeadMm = rng.uniform(21, 26) * scale;
  return patient;
}

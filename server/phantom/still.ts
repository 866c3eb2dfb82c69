/**
 * One phantom still: patient, view, look, implants and text drawn from a
 * seed (or set), rendered, with its exact truth.
 *
 * @example
 *   const { image, truth } = renderStill({ seed: 7, width: 1024, height: 1024 });
 *   writeFileSync('7.png', encodePng(image, 8));
 */
import type { GrayImage } from '../image/types.js';
import type { ImageAnnotation } from '../spec/dataset.js';
import { buildAnatomy, type Anatomy } from './anatomy.js';
import { sampleLook, type Look } from './look.js';
import { buildImplants, NO_IMPLANTS, sampleImplantSpec, type ImplantSpec } from './metal.js';
import { samplePatient, type Patient, type PatientOverrides } from './patient.js';
import { renderScene, type Scene } from './render.js';
import { createRng } from './rng.js';
import { sampleText } from './text.js';
import { computeTruth } from './truth.js';
import { sampleView, type View, type ViewOptions } from './view.js';

/**
 * The view fields a still may fix (see ViewOptions for their meaning); any
 * left out, `fluoro` included, are drawn from the seed.
 */
type FixedViewFields = Partial<Pick<ViewOptions, 'hard' | 'fluoro' | 'facing' | 'rotationDeg' | 'spacingMm' | 'k1' | 'caudal' | 'cranial'>>;

export interface StillOptions extends PatientOverrides, FixedViewFields {
  /** Any integer; the same seed and options give the same bytes. */
  seed: number;
  /** Image size in pixels, 64..8192 (default 1024 × 1024). */
  width?: number;
  height?: number;
  /** Replace the drawn look fields. */
  look?: Partial<Look>;
  /** Implants instead of the drawn ones (NO_IMPLANTS for none). */
  implants?: ImplantSpec;
  /** Burned-in text lines instead of the drawn ones ([] for none). */
  text?: string[];
  /** Use this patient instead of drawing one (overrides then ignored). */
  patient?: Patient;
  /** Use this view instead of drawing one (size options then ignored). */
  view?: View;
  /** Render into this buffer (width × height floats) instead of a new one; the result's image then shares it. */
  into?: Float32Array;
}

export interface StillResult {
  /** Display image, 0..1 (1 = white). */
  image: GrayImage<Float32Array>;
  /** Spec truth (no `file`): vertebrae, angles, patient, plus `phantom` parameters. */
  truth: ImageAnnotation;
  patient: Patient;
  view: View;
  look: Look;
  anatomy: Anatomy;
}

/** Renders one still with its truth. */
export function renderStill(o: StillOptions): StillResult {
  const width = o.view?.width ?? o.width ?? 1024, height = o.view?.height ?? o.height ?? 1024;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 64 || height < 64 || width > 8192 || height > 8192) {
    throw new RangeError(`phantom image size must be integers from 64 to 8192, got ${width}×${height}`);
  }
  const hard = o.hard ?? false;
  const rng = createRng(o.seed);
  const patient = o.patient ?? samplePatient(rng.fork(1), o);
  const anatomy = buildAnatomy(patient, rng.fork(2).u32());
  const look: Look = { ...sampleLook(rng.fork(3), hard, o.fluoro ?? (o.view ? o.view.circle !== null : undefined)), ...o.look };
  const vo: ViewOptions = { width, height, fluoro: look.fluoro, hard, facing: o.facing, rotationDeg: o.rotationDeg, spacingMm: o.spacingMm, k1: o.k1, caudal: o.caudal, cranial: o.cranial };
  const view = o.view ?? chooseView(rng.fork(4), anatomy, vo);
  const irng = rng.fork(5);
  const spec = o.implants ?? (look.metal ? sampleImplantSpec(irng) : NO_IMPLANTS);
  const text = o.text ?? (look.text ? sampleText(rng.fork(6)) : []);
  const scene: Scene = { anatomy, implants: buildImplants(anatomy, spec), view, look, text };
  const image = renderScene(scene, rng.fork(7), o.into);
  const t = computeTruth(anatomy, view);
  const truth: ImageAnnotation = {
    ...t,
    phantom: {
      seed: o.seed, hard, fluoro: look.fluoro, boneBright: look.boneBright, facing: view.facing,
      rotationDeg: round(view.rotationDeg), spacingMm: round(view.spacingMm), distortion: { ...view.distortion }, circle: view.circle,
      metal: look.metal, implants: { screws: spec.screws, cages: spec.cages, rods: spec.rods },
    },
  };
  return { image, truth, patient, view, look, anatomy };
}

const ORDER = ['T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1'];

/**
 * Draws views until the visible levels meet the ranges of the issue: most
 * cranial T9..L2, most caudal L3..S1, 5..12 vertebrae (2+ when hard).
 */
export function chooseView(rng: ReturnType<typeof createRng>, anatomy: Anatomy, vo: ViewOptions): View {
  let view = sampleView(rng.fork(0), anatomy, vo);
  for (let attempt = 1; attempt <= 40; attempt++) {
    const labels = computeTruth(anatomy, view).vertebrae.map((v) => ORDER.indexOf(v.label));
    const top = Math.min(...labels), bottom = Math.max(...labels);
    const ok = labels.length >= (vo.hard ? 2 : 5) && labels.length <= 12 && top >= ORDER.indexOf('T9') && top <= ORDER.indexOf('L2') && bottom >= ORDER.indexOf('L3')
      && (!vo.cranial || top <= ORDER.indexOf(vo.cranial)) && (!vo.caudal || bottom >= ORDER.indexOf(vo.caudal));
    if (ok) return view;
    view = sampleView(rng.fork(attempt), anatomy, vo);
  }
  return view;
}

function round(v: number): number { return Math.round(v * 1e6) / 1e6; }

/**
 * The phantom: synthetic lateral spine fluoroscopy and radiographs with
 * exact ground truth in the spec's format (docs/phantom.md).
 *
 * @example
 *   import { renderStill } from './server/phantom/index.js';
 *   const { image, truth } = renderStill({ seed: 1, width: 768, height: 768, hard: false, lordosisDeg: 50 });
 *   // image: GrayImage<Float32Array> 0..1; truth: ImageAnnotation without `file`
 */
export { renderStill, type StillOptions, type StillResult } from './still.js';
export { samplePatient, lordosisOf, kyphosisOf, PHANTOM_LEVELS, type Patient, type PatientOverrides, type PhantomLevel } from './patient.js';
export { buildAnatomy, type Anatomy } from './anatomy.js';
export { sampleView, toDisplayed, toPixel, isVisible, type View } from './view.js';
export { sampleLook, type Look } from './look.js';
export { buildImplants, sampleImplantSpec, NO_IMPLANTS, type ImplantSpec } from './metal.js';
export { computeTruth, type Truth } from './truth.js';
export { drawOverlay } from './overlay.js';
export { writeStills, type StillsOptions } from './stills.js';
export { createRng, hashSeed, type Rng } from './rng.js';

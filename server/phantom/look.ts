/**
 * Appearance of one image: modality, attenuation scales, display curve,
 * blur, noise, texture, vignetting, inversion. Drawn widely so that models
 * trained on the phantom do not learn one look.
 */
import type { Rng } from './rng.js';

export interface Look {
  /** C-arm fluoroscopy (intensifier circle, pincushion) rather than a plain radiograph. */
  fluoro: boolean;
  /** Bone displayed bright (radiograph convention) instead of dark (fluoroscopy convention). */
  boneBright: boolean;
  /** Attenuation of soft tissue at full body width, bone bulk and cortical rim (relative units). */
  softMu: number;
  boneMu: number;
  cortexMu: number;
  /** Cortical rim thickness, mm. */
  cortexMm: number;
  /** Trabecular texture strength 0..1 and grain, mm. */
  texture: number;
  grainMm: number;
  /** Display: share of the log curve (0 linear transmission … 1 log), gamma, window percentiles. */
  logMix: number;
  gamma: number;
  lowPct: number;
  highPct: number;
  /** Blur σ in pixels of a 1024-px image (scaled with size). */
  blurPx: number;
  /** Unsharp-mask edge enhancement gain. */
  sharpen: number;
  /** Quantum noise SD relative to full scale at mid grey. */
  noise: number;
  /** Brightness fall-off at the field edge 0..0.5. */
  vignette: number;
  /** Double contours of the bodies: the two halves offset by this much (mm, 0 = none) along `doubleDeg`. */
  doubleMm: number;
  doubleDeg: number;
  /** Burned-in text. */
  text: boolean;
  /** Metal implants and instruments. */
  metal: boolean;
}

/** Draws a look; `hard` forces heavy noise, blur and metal. */
export function sampleLook(rng: Rng, hard: boolean, fluoro?: boolean): Look {
  const isFluoro = fluoro ?? rng.chance(0.72);
  return {
    fluoro: isFluoro,
    boneBright: isFluoro ? rng.chance(0.25) : rng.chance(0.85),
    softMu: rng.uniform(0.8, 2.0),
    boneMu: rng.uniform(0.2, 0.65),
    cortexMu: rng.uniform(0.5, 1.4),
    cortexMm: rng.uniform(0.8, 2.2),
    texture: rng.uniform(0.05, 0.4),
    grainMm: rng.uniform(0.6, 1.6),
    logMix: rng.uniform(0, 1),
    gamma: Math.exp(rng.normal(0, 0.3)),
    lowPct: rng.uniform(0.1, 3),
    highPct: rng.uniform(97, 99.9),
    blurPx: hard ? rng.uniform(1.5, 4) : rng.uniform(0.4, 2.2),
    sharpen: rng.chance(0.4) ? rng.uniform(0.2, 1.2) : 0,
    noise: hard ? rng.uniform(0.05, 0.12) : Math.exp(rng.uniform(Math.log(0.004), Math.log(0.05))),
    vignette: isFluoro ? rng.uniform(0, 0.4) : rng.uniform(0, 0.1),
    doubleMm: rng.chance(hard ? 0.5 : 0.3) ? rng.uniform(0.3, hard ? 2.5 : 1.5) : 0,
    doubleDeg: rng.uniform(0, 360),
    text: rng.chance(hard ? 0.9 : 0.6),
    metal: hard || rng.chance(0.35),
  };
}

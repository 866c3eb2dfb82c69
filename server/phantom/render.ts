/**
 * The renderer: anatomy + implants + view + look → a displayed image
 * (Float32Array, 0..1). Attenuation is built in undistorted pixels (bone
 * bulk with texture, cortical rims, soft tissue, metal), warped through the
 * pincushion, turned into transmission, then shutters, blur, noise, display
 * curve, inversion, vignetting, the intensifier circle and burned-in text.
 */
import type { GrayImage } from '../image/types.js';
import type { Anatomy } from './anatomy.js';
import type { Look } from './look.js';
import type { Implant } from './metal.js';
import { blur, fillPolygon, flat } from './raster.js';
import type { Rng } from './rng.js';
import { addSoftTissue } from './tissue.js';
import { applyTexture } from './texture.js';
import { toPixel, type View } from './view.js';
import { warpDistortion } from './warp.js';
import { display } from './display.js';

export interface Scene {
  anatomy: Anatomy;
  implants: readonly Implant[];
  view: View;
  look: Look;
  /** Burned-in text lines (top-left, top-right, bottom-left, bottom-right), may be empty. */
  text: readonly string[];
}

/** Attenuation in undistorted pixels (relative units; 0 = air). */
export function attenuation(scene: Scene, rng: Rng): Float32Array {
  const { anatomy, view, look } = scene;
  const { width, height } = view;
  const n = width * height;
  const bone = new Float32Array(n), cortex = new Float32Array(n), total = new Float32Array(n);
  let scratch = new Float64Array(256);
  const fill = (layer: Float32Array, pts: Float64Array, v: number): void => {
    if (scratch.length < pts.length) scratch = new Float64Array(pts.length);
    fillPolygon(layer, width, height, pts, v, scratch);
  };
  for (const s of anatomy.shapes) {
    const pts = flat(s.poly.map((p) => toPixel(view, p)));
    fill(bone, pts, s.density);
    fill(cortex, pts, s.cortex);
  }
  applyTexture(bone, width, height, look.grainMm / view.spacingMm, look.texture, rng);
  // Cortical rim: what sticks out of a local mean = a band just inside every edge.
  const mean = cortex.slice();
  blur(mean, width, height, Math.max(1, look.cortexMm / view.spacingMm / 2), 1);
  addSoftTissue(total, anatomy, view, look.softMu);
  const mb = look.boneMu, mc = look.cortexMu;
  for (let i = 0; i < n; i++) {
    const rim = cortex[i]! - mean[i]!;
    total[i]! += mb * bone[i]! + (rim > 0 ? mc * rim : 0);
  }
  for (const im of scene.implants) {
    const pts = flat(im.poly.map((p) => toPixel(view, p)));
    fill(total, pts, im.mu);
  }
  return total;
}

/** Renders the scene to a displayed image, 0..1 (1 = white). */
export function renderScene(scene: Scene, rng: Rng): GrayImage<Float32Array> {
  const { view } = scene;
  const att = attenuation(scene, rng);
  const shown = new Float32Array(att.length);
  warpDistortion(att, shown, view.width, view.height, view.distortion);
  display(shown, scene, rng);
  return { data: shown, width: view.width, height: view.height };
}
